/**
 * Suppression while the engine runs: an alert's silence, maintenance or inhibition evaluated again when
 * what it depends on changed (suppression.ts decides; this emits the change and touches the group).
 */
import type { Suppression } from '@aiops/model';
import type { EngineContext } from './engine-context.js';
import type { EngineOutput } from './engine.js';
import { toAlert, touchGroup, viewChanged } from './output.js';
import type { AlertState, DomainState, GroupState } from './state.js';
import type { GroupSources } from './suppression.js';

export function evalSuppression(ctx: EngineContext, d: DomainState, a: AlertState, t: number, sources?: GroupSources, current?: Suppression | null): Suppression | null {
  const { suppression } = ctx;
  return suppression.evalSuppression(d, a, t, ctx.silences, ctx.maintenance, sources, current);
}

/** refreshSuppression re-evaluates one alert; emits suppressed/unsuppressed when it changed (not while flapping). */
export function refreshSuppression(ctx: EngineContext, d: DomainState, a: AlertState, t: number, out: EngineOutput, emit: boolean, sources?: GroupSources): boolean {
  const { sameSup, suppressedCount } = ctx;
  const s = evalSuppression(ctx, d, a, t, sources, a.sup);
  if (sameSup(s, a.sup)) return false;
  const was = a.sup;
  a.sup = s;
  viewChanged(ctx, d, a);
  if (s) suppressedCount[s.kind] = (suppressedCount[s.kind] ?? 0) + 1;
  if (emit && !a.flapping) out.alerts.push(toAlert(ctx, d, a, s ? 'suppressed' : 'unsuppressed', t, {}));
  if (a.groupId !== null && (was === null) !== (s === null)) {
    const grp = d.groups.get(a.groupId);
    if (grp) touchGroup(ctx, d, grp, 'alert_updated');
  }
  return true;
}

export function refreshGroupSuppression(ctx: EngineContext, d: DomainState, grp: GroupState, t: number, out: EngineOutput, except: string): void {
  const { config, suppression } = ctx;
  if (!config.inhibition.enabled) return;
  // the same possible inhibitors for every member (refreshing one changes no status, severity or CI)
  const sources = suppression.groupSources(d, grp);
  for (const m of grp.members) {
    if (m.fp === except) continue;
    const a = d.alerts.get(m.fp);
    if (a) refreshSuppression(ctx, d, a, t, out, true, sources);
  }
}
