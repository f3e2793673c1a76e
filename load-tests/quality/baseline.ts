import type { ConfigurationItem, Event } from '@aiops/model';
import type { PredictedGroup } from './scorer.js';

export interface BaselineOptions {
  /** a group stays open while it saw an event in the last windowMs (Alertmanager group_interval + resolve_timeout). */
  windowMs?: number;
  /** CMDB used only to name the first alert's CI as root cause (exact name/alias match). */
  cmdb?: readonly ConfigurationItem[];
}

/** groupKey is the Alertmanager `group_by: [service]` value, with the usual service-ish fallbacks. */
export function groupKey(e: Event): string {
  return e.labels['service'] ?? e.labels['job'] ?? e.labels['hostgroup'] ?? '';
}

/**
 * alertmanagerBaseline groups alerts the way an Alertmanager route with `group_by: [service]` does:
 * the key is the first present of the labels `service`, `job`, `hostgroup` (missing = empty, so all
 * unlabelled alerts share one key, as in Alertmanager). Events are taken in arrival order; an alert
 * (fingerprint) joins the group of its key that is still open (an event of a member arrived within
 * windowMs, default 5 min), otherwise it opens a new group. An alert stays in the first group it joined.
 * Root cause: the CI whose name or alias equals a resource hint of the group's first alert, else null.
 */
export function alertmanagerBaseline(events: readonly Event[], opts: BaselineOptions = {}): PredictedGroup[] {
  const windowMs = opts.windowMs ?? 5 * 60_000;
  const names = new Map<string, string>();
  for (const ci of opts.cmdb ?? []) {
    for (const n of [ci.name, ...ci.aliases]) if (!names.has(n.toLowerCase())) names.set(n.toLowerCase(), ci.id);
  }
  interface Open { group: PredictedGroup; lastAt: number }
  const open = new Map<string, Open>();
  const alertGroup = new Map<string, Open>();
  const groups: PredictedGroup[] = [];
  for (const e of events) {
    const mine = alertGroup.get(e.fingerprint);
    if (mine) {
      mine.lastAt = Math.max(mine.lastAt, e.receivedAt);
      continue;
    }
    const key = groupKey(e);
    let g = open.get(key);
    if (!g || e.receivedAt - g.lastAt > windowMs) {
      const r = e.resource;
      const hints = [r.ci, r.host, r.instance, r.service, r.pod, r.workload, r.application];
      let root: string | null = null;
      for (const h of hints) {
        if (h === undefined) continue;
        const id = names.get(h.toLowerCase());
        if (id) { root = id; break; }
      }
      g = { group: { members: [], rootCauseCi: root }, lastAt: e.receivedAt };
      open.set(key, g);
      groups.push(g.group);
    }
    g.group.members.push(e.fingerprint);
    g.lastAt = Math.max(g.lastAt, e.receivedAt);
    alertGroup.set(e.fingerprint, g);
  }
  return groups;
}
