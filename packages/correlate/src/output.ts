/**
 * Output shaping: the Alert and CorrelationGroup records the engine emits, and the current step's
 * pending group changes (touchGroup), flushed in first-touch order with the strongest change (flushStep).
 */
import type { Alert, AlertChange, CorrelationGroup, GroupChange, Labels } from '@aiops/model';
import { rankNow } from './derived.js';
import type { EngineContext } from './engine-context.js';
import type { EngineOutput } from './engine.js';
import { RELEASED } from './released.js';
import type { AlertState, DomainState, GroupState } from './state.js';

const CHANGE_RANK: Record<GroupChange, number> = { opened: 4, closed: 5, alert_added: 3, alert_removed: 3, root_cause_changed: 2, alert_updated: 1 };

// ---- output builders ----
export function toAlert(ctx: EngineContext, d: DomainState, a: AlertState, change: AlertChange, at: number, annotations: Labels): Alert {
  a.version++;
  const out: Alert = {
    id: a.id,
    fingerprint: a.fp,
    source: a.source,
    status: a.status,
    severity: a.sev,
    title: a.title,
    description: a.desc,
    labels: a.labels,
    annotations,
    resource: a.resource,
    firstSeen: a.firstSeen,
    lastSeen: a.lastSeen,
    count: a.count,
    episode: a.episode,
    flapping: a.flapping,
    suppressedBy: a.sup,
    ci: a.ci,
    service: a.service,
    domain: d.domain,
    template: a.template,
    change,
    lastEventId: a.lastEventId,
    version: a.version,
    at,
  };
  if (a.resolvedAt !== undefined) out.resolvedAt = a.resolvedAt;
  return out;
}

export function toGroup(ctx: EngineContext, d: DomainState, grp: GroupState, change: GroupChange, status: 'open' | 'closed', closedAt?: number, closeReason?: CorrelationGroup['closeReason']): CorrelationGroup {
  const { memberViews, stepRemoved } = ctx;
  grp.version++;
  const { members, services, maxSeverity, firingCount } = memberViews.emit(grp, (fp) => d.alerts.get(fp) as AlertState);
  const out: CorrelationGroup = {
    id: grp.id,
    domain: d.domain,
    status,
    change,
    version: grp.version,
    openedAt: grp.openedAt,
    updatedAt: grp.updatedAt,
    members,
    // the reported root: the first candidate (the working grp.rootCause, which joins read, unless silentCommonCause or rootNamesWhole names another)
    rootCause: grp.candidates[0] ?? grp.rootCause,
    candidates: grp.candidates,
    services,
    cis: sortedCisOf(ctx, grp).slice(),
    maxSeverity,
    firingCount,
  };
  if (closedAt !== undefined) out.closedAt = closedAt;
  if (closeReason !== undefined) out.closeReason = closeReason;
  const removed = stepRemoved.get(grp.id);
  if (removed !== undefined) {
    out.removed = removed;
    stepRemoved.delete(grp.id);
  }
  return out;
}

/** viewChanged: a field the member view of `a` shows may have changed (kept views are rebuilt from what they are told). */
export function viewChanged(ctx: EngineContext, d: DomainState, a: AlertState): void {
  const { memberViews } = ctx;
  if (a.groupId === null) return;
  const grp = d.groups.get(a.groupId);
  if (grp) memberViews.changed(grp, a.fp);
}

function sortedCisOf(ctx: EngineContext, grp: GroupState): string[] {
  const { sortedCis } = ctx;
  let cis = sortedCis.get(grp.ciCount);
  if (!cis) sortedCis.set(grp.ciCount, (cis = [...grp.ciCount.keys()].sort()));
  return cis;
}

export function touchGroup(ctx: EngineContext, d: DomainState, grp: GroupState, change: GroupChange): void {
  const cur = ctx.stepGroups.get(grp.id);
  if (!cur) ctx.stepGroups.set(grp.id, { d, grp, change });
  else if (CHANGE_RANK[change] > CHANGE_RANK[cur.change]) cur.change = change;
}

export function flushStep(ctx: EngineContext, out: EngineOutput): void {
  const { rankBudget } = ctx;
  for (const entry of ctx.stepGroups.values()) {
    const { d, grp } = entry;
    if (entry.change === 'closed') continue; // emitted at close time
    // a very large group still open to joins waits for its budget (rank-budget.ts); past its window it can only shrink
    if (grp.rankDirty && (grp.keyCount === RELEASED || rankBudget.due(grp))) {
      const before = grp.candidates[0]?.ciId;
      rankNow(ctx, d, grp);
      if (grp.candidates[0]?.ciId !== before && entry.change === 'alert_updated') entry.change = 'root_cause_changed';
    }
    out.groups.push(toGroup(ctx, d, grp, entry.change, 'open'));
  }
  if (ctx.stepGroups.size > 0) ctx.stepGroups = new Map(); // (most steps touch no group: no new map for those)
}

