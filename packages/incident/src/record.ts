import type { ChangeSuspect, Incident, IncidentAlert, IncidentRecordFields } from '@aiops/model';
import type { CmdbView } from './ports.js';

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * completeRecord derives the record fields of REQUIREMENTS R22 from the CMDB and the linked alerts,
 * never from typed-in text: failing CI and service, impacted services and users, symptoms, first
 * observed, last known good, auto-fix, location, similar CIs still working (siblings of the failing CI
 * without a firing alert), and the sequence of alerts and changes in time order.
 */
export function completeRecord(inc: Incident, cmdb: CmdbView, users: number, dependents: number, suspects: readonly ChangeSuspect[], history: readonly IncidentAlert[]): IncidentRecordFields {
  const failingId = inc.rootCauseCi ?? inc.affectedCis[0] ?? null;
  const failing = failingId === null ? undefined : cmdb.get(failingId);
  const alerts = inc.alerts;
  const firstObservedAt = alerts.length > 0 ? Math.min(...alerts.map((a) => a.firstSeen)) : inc.occurredAt;
  // last known good: the latest moment monitoring saw the failing CI healthy before the first symptom,
  // i.e. the latest resolution of an alert on it before firstObservedAt (from the incident's history).
  let lastKnownGoodAt: number | null = null;
  for (const a of history) {
    if (a.resolvedAt !== undefined && a.resolvedAt <= firstObservedAt && (failingId === null || a.ciId === failingId)) {
      lastKnownGoodAt = Math.max(lastKnownGoodAt ?? 0, a.resolvedAt);
    }
  }
  const firingCis = new Set(alerts.filter((a) => a.status === 'firing' && a.ciId !== null).map((a) => a.ciId as string));
  const similarCis = failing === undefined ? [] : cmdb.siblingsOf(failing.id).filter((id) => !firingCis.has(id));
  const loc = failing?.location;
  const sequence: IncidentRecordFields['sequence'] = [];
  for (const a of alerts) {
    sequence.push({ at: a.firstSeen, kind: 'alert_fired', ref: a.alertId, text: `${a.severity}: ${a.title}${a.ciId ? ` on ${a.ciId}` : ''}` });
    if (a.resolvedAt !== undefined) sequence.push({ at: a.resolvedAt, kind: 'alert_resolved', ref: a.alertId, text: `resolved: ${a.title}` });
  }
  for (const c of suspects) sequence.push({ at: c.startedAt, kind: 'change', ref: c.changeId, text: `change on ${c.ciId} (${c.risk} risk): ${c.description}` });
  sequence.sort((a, b) => a.at - b.at || a.kind.localeCompare(b.kind) || a.ref.localeCompare(b.ref));
  const symptoms = [...new Set(alerts.map((a) => a.template || a.title))].slice(0, 20);
  return {
    failingCi: failing === undefined ? (failingId === null ? null : { id: failingId, name: failingId, type: 'unknown' }) : { id: failing.id, name: failing.name, type: failing.type },
    failingService: inc.affectedServices[0] ?? null,
    impactedServices: [...inc.affectedServices],
    impactedUsers: users,
    dependentCis: dependents,
    symptoms: symptoms.length > 0 ? symptoms : [inc.description || inc.title],
    firstObservedAt,
    lastKnownGoodAt,
    autoFix: { ...inc.autoFix },
    location: {
      site: loc?.site ?? str(failing?.attributes.site),
      region: loc?.region ?? str(failing?.attributes.region),
      cluster: loc?.cluster ?? str(failing?.attributes.cluster),
    },
    similarCis: [...similarCis],
    sequence,
    unmappedCi: failingId !== null && failing === undefined,
  };
}
