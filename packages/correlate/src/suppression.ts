import type { CmdbGraph } from '@aiops/cmdb';
import type { Suppression } from '@aiops/model';
import type { CorrelateConfig, MaintenanceWindow, Silence } from './config.js';
import { silenceMatches } from './silence.js';
import type { AlertState, DomainState, GroupState } from './state.js';
import type { TopologyView } from './topology-view.js';

/** GroupSources: what may inhibit the members of one group (createSuppression.groupSources). */
export interface GroupSources {
  readonly groupId: string;
  readonly list: readonly AlertState[];
}

const NO_FPS: readonly string[] = [];

/**
 * createSuppression: why an alert's notifications are held back at time t — a silence (label matchers,
 * Alertmanager semantics), a maintenance window on its CI, what it runs on or its service, or inhibition
 * by a critical alert upstream of it in the same group — first match wins, in that order.
 */
export function createSuppression(config: CorrelateConfig, cmdb: CmdbGraph, view: Pick<TopologyView, 'fullUpOf'>): {
  /** `current`: the alert's suppression so far, given back as is when the same one still holds (no new reason string per repeat). */
  evalSuppression(d: DomainState, a: AlertState, t: number, silences: readonly Silence[], maintenance: readonly MaintenanceWindow[], sources?: GroupSources, current?: Suppression | null): Suppression | null;
  /** the possible inhibitors of a group's members, for evaluating many of them at once (valid while no alert of the group changes status, severity or CI). */
  groupSources(d: DomainState, grp: GroupState): GroupSources;
  sameSup(x: Suppression | null, y: Suppression | null): boolean;
} {
  const { fullUpOf } = view;
  function inMaintenance(a: AlertState, m: MaintenanceWindow): boolean {
    if (a.ci) {
      if (m.ciIds.includes(a.ci.id)) return true;
      if (m.includeDependents && m.ciIds.length > 0) {
        const up = fullUpOf(a.ci.id);
        for (const id of m.ciIds) if (up.has(id)) return true;
      }
      if (m.services.length > 0) for (const b of cmdb.businessServicesOf(a.ci.id)) if (m.services.includes(b)) return true;
    }
    if (a.service !== null && m.services.includes(a.service)) return true;
    const svcLabel = a.labels['service'];
    return svcLabel !== undefined && m.services.includes(svcLabel);
  }

  /** the group's firing source alerts with a CI, earliest onset first (then id): the first that qualifies is the inhibitor. */
  function groupSources(d: DomainState, grp: GroupState): GroupSources {
    const list: AlertState[] = [];
    for (const fp of grp.sources) {
      const x = d.alerts.get(fp);
      if (!x || !x.ci || x.status !== 'firing' || !config.inhibition.sourceSeverities.includes(x.sev)) continue;
      list.push(x);
    }
    list.sort((x, y) => x.onset - y.onset || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    return { groupId: grp.id, list };
  }

  function inhibitorOf(d: DomainState, a: AlertState, sources?: GroupSources): AlertState | null {
    if (!config.inhibition.enabled || !a.ci || a.groupId === null) return null;
    if (sources && sources.groupId === a.groupId) {
      const up = fullUpOf(a.ci.id);
      for (const x of sources.list) if (x.fp !== a.fp && x.ci?.id !== a.ci.id && up.has(x.ci?.id ?? '')) return x;
      return null;
    }
    const grp = d.groups.get(a.groupId);
    if (!grp) return null;
    const up = fullUpOf(a.ci.id);
    const ci = a.ci.id;
    let best: AlertState | null = null;
    // the earliest qualifying source (a strict order: any visiting order finds it). A big group has many
    // more sources than the alert's CI has upstream CIs: those are then looked up from the upstream CIs'
    // alerts (byCi holds every alert with a CI under it) instead of scanning the sources on every join.
    const qualifies = (fp: string): void => {
      if (fp === a.fp) return;
      const x = d.alerts.get(fp);
      if (!x || !x.ci || x.status !== 'firing' || x.ci.id === ci) return;
      if (!config.inhibition.sourceSeverities.includes(x.sev)) return;
      if (!up.has(x.ci.id)) return;
      if (!best || x.onset < best.onset || (x.onset === best.onset && x.id < best.id)) best = x;
    };
    if (up.size < grp.sources.size) {
      for (const u of up.keys()) for (const fp of d.byCi.get(u) ?? NO_FPS) if (grp.sources.has(fp)) qualifies(fp);
    } else for (const fp of grp.sources) qualifies(fp);
    return best;
  }

  function evalSuppression(d: DomainState, a: AlertState, t: number, silences: readonly Silence[], maintenance: readonly MaintenanceWindow[], sources?: GroupSources, current?: Suppression | null): Suppression | null {
    for (const s of silences) {
      if (t >= s.startsAt && t < s.endsAt && silenceMatches(s, a.labels)) return { kind: 'silence', id: s.id, reason: s.comment === '' ? `silenced by ${s.createdBy}` : s.comment };
    }
    for (const m of maintenance) {
      if (t >= m.startsAt && t < m.endsAt && inMaintenance(a, m)) return { kind: 'maintenance', id: m.id, reason: m.reason };
    }
    const inh = inhibitorOf(d, a, sources);
    if (inh && current?.kind === 'inhibition' && current.id === inh.id) return current;
    if (inh) return { kind: 'inhibition', id: inh.id, reason: `upstream ${inh.ci?.id ?? ''} has a ${inh.sev} alert: ${inh.title}`.slice(0, 300) };
    return null;
  }

  function sameSup(x: Suppression | null, y: Suppression | null): boolean {
    return x === y || (x !== null && y !== null && x.kind === y.kind && x.id === y.id);
  }

  return { evalSuppression, groupSources, sameSup };
}
