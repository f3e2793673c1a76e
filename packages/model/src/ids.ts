import { createHash, hash } from 'node:crypto';

/**
 * stableId derives a deterministic id from its parts, so that replaying the same input after a crash
 * produces the same record id and consumers can stay idempotent. 128 bits of SHA-256, hex.
 */
export function stableId(prefix: string, ...parts: ReadonlyArray<string | number>): string {
  // one-shot hash of the parts, each followed by NUL (the same bytes as feeding them one by one; half the
  // cost of a Hash object, and every new alert and group takes an id)
  let data = '';
  for (const p of parts) data += `${p}\u0000`;
  // the first 32 hex digits (16 bytes). Hex straight from hash(): a 'buffer' digest allocates an
  // ArrayBuffer per call, ~3x the cost of the whole hash. The slice shares the 64-digit digest, but the
  // join copies it into a flat string of its own (`+` would make a two-piece rope, ~23 bytes more per
  // id held), so the digest is not kept alive for as long as the id is held (every alert and group holds one)
  return [prefix, hash('sha256', data, 'hex').slice(0, 32)].join('');
}

/** labelsFingerprint hashes a label set independent of key order (Alertmanager's notion of identity). */
export function labelsFingerprint(labels: Readonly<Record<string, string>>): string {
  const h = createHash('sha256');
  for (const k of Object.keys(labels).sort()) {
    h.update(k);
    h.update('\u0000');
    h.update(labels[k] ?? '');
    h.update('\u0001');
  }
  return h.digest('hex').slice(0, 16);
}
