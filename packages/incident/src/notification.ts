import type { Priority } from '@aiops/model';

/**
 * Notification is a message the incident manager wants sent (by the notifier adapter, after the
 * snapshot is stored). `audience` picks the webhook: the owning team (functional), the managers
 * (hierarchical), the major-incident channel, or stakeholders (status changes, R49).
 */
export interface Notification {
  readonly id: string;
  readonly incidentId: string;
  readonly number: string;
  readonly kind: NotificationKind;
  readonly audience: 'team' | 'manager' | 'major' | 'stakeholders';
  readonly target: string;
  readonly priority: Priority;
  readonly title: string;
  readonly text: string;
  readonly at: number;
}

export type NotificationKind =
  | 'opened'
  | 'state_changed'
  | 'major_declared'
  | 'sla_warning'
  | 'sla_breach'
  | 'escalated'
  | 'runbook_failed'
  | 'reassigned';
