import type { Incident, IncidentSla, Priority } from '@aiops/model';
import type { IncidentPolicy } from './policy.js';

/** slaFor sets the targets of a priority (R39), counted from detection; keeps breach flags already set. */
export function slaFor(priority: Priority, detectedAt: number, onHoldMs: number, prev: IncidentSla | undefined, p: IncidentPolicy['sla']): IncidentSla {
  const responseTargetMs = p.responseMs[priority];
  const resolutionTargetMs = p.resolutionMs[priority];
  return {
    responseTargetMs,
    resolutionTargetMs,
    responseDueAt: detectedAt + responseTargetMs,
    resolutionDueAt: detectedAt + resolutionTargetMs + (p.excludeOnHold ? onHoldMs : 0),
    responseWarned: prev?.responseWarned ?? false,
    resolutionWarned: prev?.resolutionWarned ?? false,
    responseBreached: prev?.responseBreached ?? false,
    resolutionBreached: prev?.resolutionBreached ?? false,
    ...(prev?.responseBreachedAt !== undefined ? { responseBreachedAt: prev.responseBreachedAt } : {}),
    ...(prev?.resolutionBreachedAt !== undefined ? { resolutionBreachedAt: prev.resolutionBreachedAt } : {}),
  };
}

/** SlaSignal is one clock crossing a line: warning before the due time, breach after it. */
export interface SlaSignal {
  readonly clock: 'response' | 'resolution';
  readonly kind: 'warning' | 'breach';
  readonly dueAt: number;
}

/**
 * slaSignals checks both clocks at `now`. The response clock stops at acknowledgement; the resolution
 * clock stops at resolution, and while on_hold it is paused (when excluded) — the due time moves later
 * by the hold time, applied on resume.
 */
export function slaSignals(inc: Incident, now: number, p: IncidentPolicy['sla']): SlaSignal[] {
  const s = inc.sla;
  if (s === undefined) return [];
  const out: SlaSignal[] = [];
  if (inc.acknowledgedAt === undefined && inc.state !== 'resolved' && inc.state !== 'closed') {
    if (!s.responseBreached && now > s.responseDueAt) out.push({ clock: 'response', kind: 'breach', dueAt: s.responseDueAt });
    else if (!s.responseWarned && !s.responseBreached && now >= s.responseDueAt - (1 - p.warnAtFraction) * s.responseTargetMs) out.push({ clock: 'response', kind: 'warning', dueAt: s.responseDueAt });
  }
  const paused = p.excludeOnHold && inc.state === 'on_hold';
  if (inc.state !== 'resolved' && inc.state !== 'closed' && !paused) {
    if (!s.resolutionBreached && now > s.resolutionDueAt) out.push({ clock: 'resolution', kind: 'breach', dueAt: s.resolutionDueAt });
    else if (!s.resolutionWarned && !s.resolutionBreached && now >= s.resolutionDueAt - (1 - p.warnAtFraction) * s.resolutionTargetMs) out.push({ clock: 'resolution', kind: 'warning', dueAt: s.resolutionDueAt });
  }
  return out;
}
