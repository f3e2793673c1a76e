/**
 * Event-time timers of a domain: group deadlines (quiet after resolution, max lifetime), silence and
 * maintenance boundaries, flapping that settles, and retention sweeps.
 */
import { nextAloneRuns } from './chronic.js';
import { ciAlertsDelete } from './ci-alerts.js';
import { heapPop, heapPush, heapSize, heapTopAt, newDeadlineHeap } from './deadline-heap.js';
import type { EngineContext } from './engine-context.js';
import type { EngineOutput } from './engine.js';
import { pruneSpread } from './key-spread.js';
import { pruneYoung } from './move.js';
import { pruneOnsets } from './onset-burst.js';
import { flushStep, toAlert, toGroup, touchGroup, viewChanged } from './output.js';
import { unpostAll } from './postings.js';
import { refreshSuppression } from './refresh-suppression.js';
import { type DomainState, type GroupState, NO_FLIPS } from './state.js';
import { cmp } from './top-k.js';

const SWEEP_MS = 60_000;

const RETENTION_TICKS = 5;

// ---- timers ----
function groupDeadline(ctx: EngineContext, grp: GroupState): { at: number; reason: 'resolved_quiet' | 'max_lifetime' } {
  const { g } = ctx;
  const life = grp.openedAt + g.maxLifetimeMs;
  if (grp.firing > 0) return { at: life, reason: 'max_lifetime' };
  const quiet = grp.lastResolved + g.quietMs;
  return quiet < life ? { at: quiet, reason: 'resolved_quiet' } : { at: life, reason: 'max_lifetime' };
}

export function scheduleDeadline(ctx: EngineContext, d: DomainState, grp: GroupState): void {
  // stale entries cost memory: rebuilt once they outnumber live ones (amortised: one rebuild per ~groups pushes)
  if (heapSize(d.deadlines) > 64 && heapSize(d.deadlines) > 2 * d.groups.size) {
    d.deadlines = newDeadlineHeap();
    for (const x of d.groups.values()) if (x !== grp) heapPush(d.deadlines, groupDeadline(ctx, x).at, x.id);
  }
  heapPush(d.deadlines, groupDeadline(ctx, grp).at, grp.id);
}

export function runTimers(ctx: EngineContext, d: DomainState, T: number, out: EngineOutput): void {
  const { counters, g, dirty, config } = ctx;
  // close due groups, oldest deadline first (the list only when one is due: this runs on every event)
  let due: Array<{ grp: GroupState; at: number; reason: 'resolved_quiet' | 'max_lifetime' }> | null = null;
  while (heapSize(d.deadlines) > 0 && heapTopAt(d.deadlines) <= T) {
    const at = heapTopAt(d.deadlines);
    const grp = d.groups.get(heapPop(d.deadlines) as string);
    if (!grp) continue;
    const dl = groupDeadline(ctx, grp);
    if (dl.at !== at || due?.some((x) => x.grp === grp)) continue; // stale entry
    (due ??= []).push({ grp, ...dl });
  }
  if (due !== null) {
    due.sort((x, y) => x.at - y.at || cmp(x.grp.id, y.grp.id));
    flushStep(ctx, out);
    for (const { grp, at, reason } of due) {
      d.groups.delete(grp.id);
      unpostAll(grp);
      counters.groupsClosed++;
      grp.updatedAt = at;
      out.groups.push(toGroup(ctx, d, grp, 'closed', 'closed', at, reason));
      for (const m of grp.members) {
        const a = d.alerts.get(m.fp);
        if (a && a.groupId === grp.id) a.groupId = null;
        if (g.chronicAloneRuns > 0) {
          const n = nextAloneRuns(d.aloneRuns.get(m.fp) ?? 0, grp.members.length);
          if (n > 0) d.aloneRuns.set(m.fp, n);
          else d.aloneRuns.delete(m.fp);
        }
      }
    }
    dirty.add(d.domain);
  }
  // silence / maintenance boundaries, or new silences: re-evaluate every alert of the domain
  let boundaryPassed = d.supEpoch !== ctx.supEpoch;
  if (!boundaryPassed) for (const b of ctx.boundaries) if (b > d.supCheckedAt && b <= T) boundaryPassed = true;
  if (boundaryPassed) {
    d.supEpoch = ctx.supEpoch;
    for (const a of d.alerts.values()) if (refreshSuppression(ctx, d, a, T, out, true)) dirty.add(d.domain);
  }
  d.supCheckedAt = T;
  if (T >= d.nextSweep) {
    const prevTick = d.nextSweep - SWEEP_MS;
    d.nextSweep = Math.floor(T / SWEEP_MS) * SWEEP_MS + SWEEP_MS;
    for (const fp of [...d.flapping]) {
      const a = d.alerts.get(fp);
      if (!a || !a.flapping) {
        d.flapping.delete(fp);
        continue;
      }
      // flapping settles after a quiet period with no flip
      if ((a.flips[a.flips.length - 1] ?? 0) + config.flapping.settleMs <= T) {
        d.flapping.delete(fp);
        a.flapping = false;
        a.flips = NO_FLIPS;
        viewChanged(ctx, d, a);
        out.alerts.push(toAlert(ctx, d, a, 'flapping_stopped', T, {}));
        if (a.groupId !== null) {
          const grp = d.groups.get(a.groupId);
          if (grp) touchGroup(ctx, d, grp, 'alert_updated');
        }
        dirty.add(d.domain);
      }
    }
    // retention: every RETENTION_TICKS sweeps (event-time aligned, so identical in a replay)
    const R = SWEEP_MS * RETENTION_TICKS;
    if (Math.floor(T / R) !== Math.floor(prevTick / R) && d.spread.size > 0) pruneSpread(d.spread, T, g.keySpreadWindowMs);
    if (Math.floor(T / R) !== Math.floor(prevTick / R) && d.onsets.at.length > 0) pruneOnsets(d.onsets, T, g.burstWindowMs + g.burstBackgroundMs);
    if (Math.floor(T / R) !== Math.floor(prevTick / R) && d.young.size > 0) pruneYoung(d.young, T, g.moveWindowMs);
    if (Math.floor(T / R) !== Math.floor(prevTick / R)) for (const a of d.alerts.values()) {
      if (a.groupId !== null) continue;
      const expired = a.status === 'resolved' ? (a.resolvedAt ?? a.lastSeen) + config.retention.resolvedAlertMs <= T : a.lastSeen + config.retention.staleFiringMs <= T;
      if (expired) {
        d.alerts.delete(a.fp);
        d.aloneRuns.delete(a.fp);
        if (a.ci) {
          const l = d.byCi.get(a.ci.id);
          if (l) d.byCi.set(a.ci.id, ciAlertsDelete(l, a.fp));
        }
        dirty.add(d.domain);
      }
    }
    flushStep(ctx, out);
  }
}
