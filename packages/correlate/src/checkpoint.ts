/**
 * Checkpoints: a domain's state as a serialisable snapshot (the changelog value) and back; restore
 * rebuilds what is derived (indexes, deadlines, young movable members) from the alerts and groups.
 */
import { alertSnapshot, newAlert } from './alert-record.js';
import { ciAlertsAdd } from './ci-alerts.js';
import { newDeadlineHeap } from './deadline-heap.js';
import { postRoot, rebuildDerived } from './derived.js';
import { type EngineContext, bumpOnset, domainState, noteSpread } from './engine-context.js';
import type { DomainSnapshot } from './engine.js';
import { noteMovable } from './member-moves.js';
import { emptyOnsetLog, noteOnset } from './onset-burst.js';
import { newCandidateIndex } from './postings.js';
import { packIds, unpackIds } from './recent-ids.js';
import { type AlertState, type GroupState, type Member, NONE, emptyDerived } from './state.js';
import { scheduleDeadline } from './timers.js';
import { cmp } from './top-k.js';

/** snapshotDomain: the checkpoint of one domain (its changelog value), or null when the engine holds none. */
export function snapshotDomain(ctx: EngineContext, domain: string): DomainSnapshot | null {
  const { domains } = ctx;
  const d = domains.get(domain);
  if (!d) return null;
  return {
    v: 1,
    domain,
    watermark: d.watermark,
    wmArrival: d.wmArrival,
    arrivalMax: d.arrivalMax,
    cursor: d.cursor,
    nextSweep: d.nextSweep,
    pending: d.pending.map((p) => ({ t: p.t, e: p.e })),
    alerts: [...d.alerts.values()].map((a) => alertSnapshot(a, unpackIds(a.recent))),
    groups: [...d.groups.values()].map((grp) => ({
      id: grp.id,
      openedAt: grp.openedAt,
      updatedAt: grp.updatedAt,
      lastOnset: grp.lastOnset,
      version: grp.version,
      members: grp.members,
      rootCause: grp.rootCause,
      candidates: grp.candidates,
    })),
    aloneRuns: [...d.aloneRuns].sort((x, y) => cmp(x[0], y[0])),
  };
}

/** restoreDomain: a domain as its checkpoint left it; derived state, indexes and deadlines are rebuilt from the alerts. */
export function restoreDomain(ctx: EngineContext, s: DomainSnapshot): void {
  const { g, unranked } = ctx;
  const d = domainState(ctx, s.domain);
  d.watermark = s.watermark;
  d.wmArrival = s.wmArrival;
  d.arrivalMax = s.arrivalMax ?? s.wmArrival;
  d.cursor = s.cursor;
  d.nextSweep = s.nextSweep;
  d.pending = s.pending.map((p) => ({ t: p.t, e: p.e }));
  d.alerts = new Map();
  d.byCi = new Map();
  d.ciOnsetMax = new Map();
  d.flapping = new Set();
  d.onsets = emptyOnsetLog();
  if (g.burstScore > 0) for (const a of [...(s.alerts as AlertState[])].filter((x) => !x.ci).sort((x, y) => x.onset - y.onset || cmp(x.fp, y.fp))) noteOnset(d.onsets, a.onset, a.fp);
  d.aloneRuns = new Map(s.aloneRuns ?? []);
  for (const raw of s.alerts as Array<Omit<AlertState, 'recent'> & { resolvedAt: number | null; recent: number[] }>) {
    const a = newAlert({ ...raw, resolvedAt: raw.resolvedAt ?? undefined, named: raw.named ?? NONE, recent: packIds(raw.recent), cadence: raw.cadence ?? 0 });
    d.alerts.set(a.fp, a);
    noteSpread(ctx, d, a);
    if (a.flapping) d.flapping.add(a.fp);
    if (a.ci) {
      d.byCi.set(a.ci.id, ciAlertsAdd(d.byCi.get(a.ci.id), a.fp));
      bumpOnset(ctx, d, a.ci.id, a.onset, d.cursor);
    }
  }
  d.groups = new Map();
  d.index = newCandidateIndex();
  d.deadlines = newDeadlineHeap();
  d.ageQueue = [...s.groups].sort((x, y) => x.openedAt - y.openedAt || cmp(x.id, y.id)).map((x) => ({ at: x.openedAt, id: x.id }));
  d.ageHead = 0;
  for (const gs of s.groups) {
    const grp: GroupState = {
      ...gs,
      members: gs.members.map((m) => ({ ...m })),
      ...emptyDerived(),
    };
    rebuildDerived(ctx, d, grp);
    unranked.add(grp);
    if (grp.rootCause && grp.ciCount.size > 0) postRoot(ctx, d, grp, grp.rootCause.ciId);
    d.groups.set(grp.id, grp);
    scheduleDeadline(ctx, d, grp);
  }
  // young movable members, oldest first as the live run noted them (youngUnder drops from the front)
  d.young = new Map();
  if (g.moveMargin > 0) {
    const young: Array<{ grp: GroupState; a: AlertState; m: Member }> = [];
    for (const grp of d.groups.values()) for (const m of grp.members) {
      const a = d.alerts.get(m.fp);
      if (a && a.groupId === grp.id && d.cursor - m.joinedAt <= g.moveWindowMs) young.push({ grp, a, m });
    }
    young.sort((x, y) => x.m.joinedAt - y.m.joinedAt || cmp(x.a.fp, y.a.fp));
    for (const y of young) noteMovable(ctx, d, y.grp, y.a, y.m);
  }
  d.supEpoch = ctx.supEpoch;
  d.supCheckedAt = d.cursor;
}
