/**
 * Late effects on scheduled work (grouping.effectLagByType). A batch job, an ETL step or a cron job only
 * notices a failure when it is due to run: an abended job's successors miss their submission and
 * end-time deadlines at their scheduled times, hours after the abend, and a job that reads a database
 * only runs long when its turn comes. So for an alert on a CI of such a type, a cause upstream of it
 * that is still failing may be much older than effectLagMs: the open group where that cause still fires
 * takes the alert, walking up through the silent scheduled CIs between the two (a chain of jobs whose
 * middle links waited without alerting). The cause must still be firing (or have resolved at most
 * causeGraceMs before): once it has recovered, a new alert downstream is a new failure.
 */
import type { JoinEvidence, JoinRule } from '@aiops/model';
import { causeActive, weakHub } from './cause-checks.js';
import { releaseJoinState, reviveJoinState } from './derived.js';
import type { EngineContext } from './engine-context.js';
import { apartGroup } from './join-checks.js';
import { unpostAll } from './postings.js';
import { RELEASED } from './released.js';
import type { AlertState, DomainState, GroupState } from './state.js';

export interface ScheduledCause {
  grp: GroupState;
  rule: JoinRule;
  evidence: JoinEvidence;
  score: number;
  /** the group was past its join window: release its join indexes again after the join (releasePast) */
  revived: boolean;
}

/** releasePast: a group revived for a late join goes back to released once the join (and what it set off) is done. */
export function releasePast(ctx: EngineContext, d: DomainState, grp: GroupState, t: number): void {
  const { g } = ctx;
  if (d.groups.get(grp.id) !== grp || g.windowFrom !== 'first' || t - grp.openedAt <= g.windowMs || grp.ciOnset === RELEASED) return;
  unpostAll(grp);
  releaseJoinState(ctx, grp);
}

/** lateEffectLag: how much older than the alert a still-failing cause may be for an alert on a CI of `type` (0: no such type). */
export function lateEffectLag(table: Readonly<Record<string, number>>, type: string | undefined): number {
  return type === undefined ? 0 : Math.max(0, table[type] ?? 0);
}

/**
 * upstreamThrough: what `ci` needs, nearest first, within maxHops; the walk goes on only through CIs
 * `through` accepts (silent links of the same kind of work), but lists every CI it reaches.
 */
export function upstreamThrough(
  upstreamOf: (id: string) => ReadonlyArray<{ readonly id: string }>,
  ci: string,
  maxHops: number,
  through: (id: string) => boolean,
): Array<{ id: string; hops: number }> {
  const out: Array<{ id: string; hops: number }> = [];
  const seen = new Set<string>([ci]);
  let frontier = [ci];
  for (let h = 1; h <= maxHops && frontier.length > 0; h++) {
    const next: string[] = [];
    for (const x of frontier) {
      for (const e of upstreamOf(x)) {
        if (seen.has(e.id)) continue;
        seen.add(e.id);
        out.push({ id: e.id, hops: h });
        if (through(e.id)) next.push(e.id);
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * findScheduledCause: for an alert no group took, on a CI of a type in effectLagByType, the open group
 * holding a still-failing alert on a CI it needs (nearest first; then the cause that started last, then the
 * older group), that started at most the type's lag before the alert. Null when there is none.
 */
export function findScheduledCause(ctx: EngineContext, d: DomainState, a: AlertState, t: number): ScheduledCause | null {
  const { g, cmdb, topo } = ctx;
  if (!a.ci || !g.topology) return null;
  const lagOf = (id: string): number => lateEffectLag(g.effectLagByType, cmdb.get(id)?.type);
  const lag = lagOf(a.ci.id);
  if (lag <= 0) return null;
  const self = a.ci.id;
  let best: { grp: GroupState; ci: string; hops: number; on: number; chain: boolean } | null = null;
  for (const u of upstreamThrough((id) => topo.upstreamOf(id), self, g.scheduledMaxHops, (id) => lagOf(id) > 0)) {
    const chain = lagOf(u.id) > 0;
    if (best !== null && u.hops > best.hops && (best.chain || !chain)) continue;
    for (const fp of d.byCi.get(u.id) ?? []) {
      const x = d.alerts.get(fp);
      if (!x || x.fp === a.fp || x.groupId === null || x.onset > a.onset || a.onset - x.onset > lag) continue;
      const grp = d.groups.get(x.groupId);
      if (!grp || apartGroup(ctx, d, grp) || weakHub(ctx, d, grp, u.id, a)) continue;
      // a failed predecessor's delay outlives its alert (its successors are still catching up): its group
      // while still failing somewhere; any other cause only while it still fails itself
      if (!(chain && g.scheduledChainOutlives ? grp.firing > 0 : causeActive(ctx, d, grp, u.id, t))) continue;
      const better = best === null || (chain && !best.chain) || (chain === best.chain && (u.hops < best.hops || (u.hops === best.hops
        && (x.onset > best.on || (x.onset === best.on && (grp.openedAt < best.grp.openedAt || (grp.openedAt === best.grp.openedAt && grp.id < best.grp.id)))))));
      if (better) best = { grp, ci: u.id, hops: u.hops, on: x.onset, chain };
    }
  }
  if (best === null) return null;
  const { grp, ci, hops, on } = best;
  // a group past its join window has released its join indexes (find-group.ts ageIndex): rebuilt for this
  // join, released again once it is done (releasePast), as a restored engine would hold it
  const revived = grp.ciOnset === RELEASED;
  if (revived) reviveJoinState(ctx, d, grp);
  const score = Math.max(g.minScore, 0.95 - 0.05 * (hops - 1));
  return {
    grp,
    revived,
    rule: 'topology',
    score,
    evidence: { hops, path: [self, ci], detail: `${self} (scheduled work) depends on ${ci}, failing since ${Math.round((a.onset - on) / 60_000)} min before: a late effect` },
  };
}
