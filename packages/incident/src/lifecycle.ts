import type { IncidentState } from '@aiops/model';

/**
 * TRANSITIONS is the lifecycle table (DESIGN "ITSM rules"; REQUIREMENTS §7): new → acknowledged →
 * in_progress ⇄ on_hold → resolved → closed, reopen resolved → in_progress. Also allowed: new →
 * in_progress (start work without a separate acknowledge: it acknowledges too), acknowledged → on_hold,
 * and any open state → resolved (a person or auto-resolve restores service). closed is final; merge and
 * link close an incident through `forceClose`, which is recorded as such.
 */
export const TRANSITIONS: Readonly<Record<IncidentState, readonly IncidentState[]>> = {
  new: ['acknowledged', 'in_progress', 'resolved'],
  acknowledged: ['in_progress', 'on_hold', 'resolved'],
  in_progress: ['on_hold', 'resolved'],
  on_hold: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
};

export function canTransition(from: IncidentState, to: IncidentState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** isOpen: the incident still needs work (not resolved or closed). */
export function isOpen(state: IncidentState): boolean {
  return state !== 'resolved' && state !== 'closed';
}
