/**
 * Claim is what the ledger needs of a planned alert: who the sender knows it as (`identity`: sender, CI or
 * unknown host, machine, alert rule), the fingerprint it renders to, its true onset and end, and the
 * failure that raised it (null = noise).
 */
export interface Claim {
  identity: string;
  fingerprint: string;
  startTrue: number;
  endTrue: number | null;
  owner: { id: string; root: string } | null;
  /** set when a claim with an earlier onset took the identity. */
  dropped: boolean;
}

/**
 * AlertLedger decides which failure owns an alert. A sender knows one alert per identity: when two
 * failures (or a failure and noise) both raise it, it fired once, at the earlier onset, and belongs to
 * the failure whose effect made it fire then, whatever order the generator met them in; it stays firing
 * while either effect lasts. Two episodes of one identity that do not overlap in time cannot both be
 * kept under one fingerprint: the earlier is kept. A fingerprint rendered by two different identities is
 * a generator bug (the truth could not tell them apart): claim throws.
 */
export class AlertLedger<C extends Claim> {
  /** claims in the order they were made, dropped ones included (flagged). */
  readonly claims: C[] = [];
  private readonly fingerprints = new Map<string, string>();
  private readonly byIdentity = new Map<string, C>();

  /** claim records `c` and returns true, or returns false when an earlier onset already holds its identity. */
  claim(c: C): boolean {
    const seen = this.fingerprints.get(c.fingerprint);
    if (seen !== undefined && seen !== c.identity) throw new Error(`storm generator: two alerts render to fingerprint ${c.fingerprint}: ${seen} / ${c.identity}`);
    const held = this.byIdentity.get(c.identity);
    if (held) {
      const stop = (x: Claim): number => x.endTrue ?? Infinity;
      // Ties go to the failure over noise, then to the claim already made.
      const later = c.startTrue > held.startTrue || (c.startTrue === held.startTrue && (c.owner === null || held.owner !== null));
      const [keep, lose] = later ? [held, c] : [c, held];
      if (c.startTrue <= stop(held) && held.startTrue <= stop(c)) {
        const end = Math.max(stop(keep), stop(lose));
        keep.endTrue = end === Infinity ? null : end;
      }
      if (keep === held) return false;
      held.dropped = true;
      if (held.fingerprint !== c.fingerprint) this.fingerprints.delete(held.fingerprint);
    }
    this.fingerprints.set(c.fingerprint, c.identity);
    this.byIdentity.set(c.identity, c);
    this.claims.push(c);
    return true;
  }

  /** kept lists the claims that hold their identity, in claim order. */
  kept(): C[] {
    return this.claims.filter((c) => !c.dropped);
  }
}
