import type { Actor, Incident, IncidentCommand, IncidentEvent, IncidentState, RunbookRequest } from '@aiops/model';
import { TransitionRefused } from './errors.js';
import { canTransition } from './lifecycle.js';
import type { Notification, NotificationKind } from './notification.js';

export const SYSTEM: Actor = { kind: 'system', id: 'incident-manager' };

/**
 * Draft is the working copy of one reducer step: every change goes through `emit`, which bumps the
 * version and appends the timeline entry, so the snapshot version always equals the number of events
 * and an event id (`<incident>:<version>`) is deterministic.
 */
export class Draft {
  readonly events: IncidentEvent[] = [];
  readonly notifications: Notification[] = [];
  readonly commands: IncidentCommand[] = [];
  readonly runbookRequests: RunbookRequest[] = [];
  inc: Incident;

  constructor(inc: Incident, readonly now: number) {
    this.inc = structuredClone(inc);
  }

  emit(type: string, actor: Actor, reason: string, data: Record<string, unknown> = {}): void {
    this.inc.version += 1;
    this.inc.updatedAt = this.now;
    this.events.push({ id: `${this.inc.id}:${this.inc.version}`, incidentId: this.inc.id, version: this.inc.version, at: this.now, actor, type, reason, data });
  }

  /** heldBack: every firing alert is flapping or suppressed, so people are not paged for it (R49 aside). */
  heldBack(): boolean {
    const firing = this.inc.alerts.filter((a) => a.status === 'firing');
    return firing.length > 0 && firing.every((a) => a.flapping || a.suppressed);
  }

  notify(kind: NotificationKind, audience: Notification['audience'], target: string, text: string): void {
    if (this.heldBack() && kind !== 'sla_breach') {
      this.emit('notification_held', SYSTEM, `notification ${kind} held back: every firing alert is flapping or suppressed`, { kind, audience, target });
      return;
    }
    const i = this.inc;
    this.notifications.push({ id: `${i.id}:${i.version}:${kind}:${audience}`, incidentId: i.id, number: i.number, kind, audience, target, priority: i.priority, title: `[${i.priority}] ${i.number} ${i.title}`, text, at: this.now });
  }

  /** transition checks the lifecycle table, stamps the KPI timestamps and records the change. */
  transition(to: IncidentState, actor: Actor, reason: string, action: string): void {
    const from = this.inc.state;
    if (!canTransition(from, to)) throw TransitionRefused(from, to, action);
    this.setState(to);
    this.emit('state_changed', actor, reason, { from, to, action });
    this.notify('state_changed', 'stakeholders', this.inc.assignmentGroup ?? 'stakeholders', `${this.inc.number} ${from} → ${to}${reason ? `: ${reason}` : ''}`);
  }

  /** forceClose closes from any open state (merge, link): recorded as such, outside the table. */
  forceClose(actor: Actor, reason: string, code: string, action: string): void {
    const from = this.inc.state;
    this.setState('closed');
    this.inc.closeCode = code;
    this.emit('state_changed', actor, reason, { from, to: 'closed', action, forced: true });
  }

  private setState(to: IncidentState): void {
    const i = this.inc;
    const now = this.now;
    if (i.state === 'on_hold' && to !== 'on_hold' && i.onHoldSince !== undefined) {
      const held = now - i.onHoldSince;
      i.onHoldMs += held;
      delete i.onHoldSince;
      if (i.sla !== undefined && this.excludeOnHold) i.sla = { ...i.sla, resolutionDueAt: i.sla.resolutionDueAt + held };
    }
    if (to === 'on_hold') i.onHoldSince = now;
    if ((to === 'acknowledged' || to === 'in_progress') && i.acknowledgedAt === undefined) i.acknowledgedAt = now;
    if (to === 'resolved') {
      i.resolvedAt = now;
      if (i.sla !== undefined && !i.sla.resolutionBreached && now > i.sla.resolutionDueAt) i.sla = { ...i.sla, resolutionBreached: true, resolutionBreachedAt: i.sla.resolutionDueAt };
    }
    if (to === 'closed') i.closedAt = now;
    if (to === 'in_progress' && i.state === 'resolved') {
      i.reopenCount += 1;
      delete i.resolvedAt;
      delete i.resolvedBy;
      i.resolutionCode = null;
    }
    i.state = to;
  }

  excludeOnHold = true;
}
