/**
 * Component tests of the console's startup on a history: the real app over the shared in-memory
 * KafkaClient (@aiops/testkit: a log with offsets, consumers from the beginning then live, one timestamp per record),
 * holding what a month of the incident manager leaves on the incident topics.
 */
import { describe, expect, it } from 'vitest';
import { createCmdbGraph } from '@aiops/cmdb';
import { createIncidentReducer, defaultPolicy, formatIncidentNumber, noChanges, noRunbooks } from '@aiops/incident';
import { type CorrelationGroup, type Incident, type IncidentEvent } from '@aiops/model';
import { TokenAuth, sha256Hex } from '@aiops/http';
import { createMemoryKafka } from '@aiops/testkit';
import { silentTelemetry } from '@aiops/telemetry';
import { ManualClock } from '@aiops/pipeline';
import { buildApp } from './app.js';
import { serviceConfig } from './config.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = 1_800_000_000_000;

function incident(n: number, openedAt: number, closed: boolean): { incident: Incident; events: IncidentEvent[] } {
  const g: CorrelationGroup = {
    id: `g-${n}`, domain: 'd', status: 'open', change: 'opened', version: 1, openedAt, updatedAt: openedAt, rootCause: null, candidates: [], services: [], cis: ['h'], maxSeverity: 'critical', firingCount: 1,
    members: [{ alertId: `a-${n}`, fingerprint: `f-${n}`, title: 't', template: 't', severity: 'critical', status: 'firing', ciId: 'h', service: null, firstSeen: openedAt, lastSeen: openedAt, joinedAt: openedAt, rule: 'seed', evidence: {}, suppressed: false, flapping: false }],
  };
  const ctx = { now: openedAt, cmdb: createCmdbGraph([]), classifier: { classify: () => ({ category: null, subcategory: null, confidence: 0, applied: false, source: null, ruleId: null, reason: '' }) }, runbooks: noRunbooks, changes: noChanges, allocateNumber: () => formatIncidentNumber(0, n) };
  const r = createIncidentReducer(defaultPolicy()).applyGroup(undefined, g, ctx);
  const events = r.events as IncidentEvent[];
  const v = events.length;
  // a later comment, so that a timeline has entries of several ages
  events.push({ id: `${r.incident!.id}:${v + 1}`, incidentId: r.incident!.id, version: v + 1, at: openedAt + HOUR, actor: { kind: 'user', id: 'sre' }, type: 'comment', reason: 'looking', data: {} });
  const inc: Incident = { ...r.incident!, version: v + 1, updatedAt: openedAt + HOUR, ...(closed ? { state: 'closed' as const, closedAt: openedAt + 2 * HOUR } : {}) };
  return { incident: inc, events };
}

/** memoryLog: the shared in-memory KafkaClient; history is appended with the timestamps it was produced at. */
function memoryLog() {
  const kafka = createMemoryKafka();
  const { topics } = kafka;
  const append = (topic: string, key: string, value: unknown, timestamp: number) => kafka.append([{ topic, key, value: value === null ? null : JSON.stringify(value), timestamp }]);
  return { kafka, topics, append, produceLive: append };
}

const token = 'v'.repeat(24);
const auth = new TokenAuth([{ name: 'vera', sha256: sha256Hex(token), roles: ['viewer'] }]);

/**
 * month: what the incident topics hold 30 days into production with a 7-day retention of closed
 * incidents: `held` (closed 2 days ago, kept), `open` (opened an hour ago), `evicted` (closed 20 days
 * ago; snapshot compacted away), `tombstoned` (evicted last night; its tombstone still on the topic).
 */
async function month(mk: ReturnType<typeof memoryLog>) {
  const held = incident(1, NOW - 2 * DAY, true);
  const open = incident(2, NOW - HOUR, false);
  const evicted = incident(3, NOW - 20 * DAY, true);
  const tombstoned = incident(4, NOW - 8 * DAY, true);
  for (const x of [evicted, tombstoned, held, open]) for (const e of x.events) await mk.append(mk.topics.incidentEvents, e.incidentId, e, e.at);
  await mk.append(mk.topics.incidents, tombstoned.incident.id, tombstoned.incident, tombstoned.incident.updatedAt);
  for (const x of [held, open]) await mk.append(mk.topics.incidents, x.incident.id, x.incident, x.incident.updatedAt);
  await mk.append(mk.topics.incidents, tombstoned.incident.id, null, NOW - 12 * HOUR);
  return { held, open, evicted, tombstoned };
}

async function start(mk: ReturnType<typeof memoryLog>, consoleCfg: Record<string, unknown> = {}) {
  const config = serviceConfig.parse({ kafka: { brokers: ['x:1'] }, http: { port: 0 }, console: consoleCfg });
  const clock = new ManualClock(NOW);
  const app = buildApp(config, { telemetry: silentTelemetry(), clock, auth, kafka: mk.kafka, extras: { kafka: mk.kafka } });
  const started = app.start();
  const get = async (url: string) => {
    const r = await app.http.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    return { status: r.statusCode, body: r.json() as Record<string, any> };
  };
  return { app, clock, started, get };
}

describe('console startup on a month of history', () => {
  it('holds the full timelines of the incidents held and none of the evicted ones (not even fetched)', async () => {
    const mk = memoryLog();
    const { held, open, evicted, tombstoned } = await month(mk);
    const { app, started, get } = await start(mk);
    await started;
    for (const x of [held, open]) {
      const r = await get(`/api/v1/incidents/${x.incident.number}`);
      expect(r.body).toMatchObject({ archived: false, incident: { id: x.incident.id } });
      expect(r.body.timeline.map((e: IncidentEvent) => e.id)).toEqual(x.events.map((e) => e.id));
      expect((await get(`/api/v1/incidents/${x.incident.id}/timeline`)).body.items).toHaveLength(x.events.length);
    }
    expect(app.store.timelineEntries).toBe(held.events.length + open.events.length);
    // the evicted ones go the archive path (here without ClickHouse: a 404 that says so)
    for (const x of [evicted, tombstoned]) {
      const r = await get(`/api/v1/incidents/${x.incident.id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.message).toContain('ClickHouse');
    }
    expect((await get('/api/v1/incidents')).body.total).toBe(2);
    const metrics = await app.http.app.inject({ method: 'GET', url: '/metrics' });
    // the timeline is read from the earliest held incident's detection (minus the grace): the evicted ones' records are older
    expect(metrics.body).not.toMatch(/outcome="not_held"/);
    // ... and counted as skipped there, unread
    expect(metrics.body).toMatch(new RegExp(`aiops_console_records_total\\{topic="incident_events",outcome="before_start"[^}]*\\} ${evicted.events.length + tombstoned.events.length}\n`));
    expect(metrics.body).not.toMatch(/outcome="cap_dropped"/);
    expect(metrics.body).toMatch(new RegExp(`aiops_console_records_total\\{topic="incident_events",outcome="ok"[^}]*\\} ${held.events.length + open.events.length}\n`));
    expect(metrics.body).toMatch(new RegExp(`aiops_console_timeline_entries\\{[^}]*\\} ${held.events.length + open.events.length}\n`));
    await app.stop();
  });

  it('an incident created while the console runs keeps the entries that came before its snapshot; one whose snapshot never comes goes after the grace', async () => {
    const mk = memoryLog();
    await month(mk);
    const { app, clock, started, get } = await start(mk);
    await started;
    const fresh = incident(5, NOW, false);
    // the last entry without a record timestamp (-1: a broker that did not stamp it) counts as produced now
    for (const [i, e] of fresh.events.entries()) await mk.produceLive(mk.topics.incidentEvents, e.incidentId, e, i === fresh.events.length - 1 ? -1 : NOW);
    await mk.produceLive(mk.topics.incidents, fresh.incident.id, fresh.incident, NOW);
    const never = incident(6, NOW, false);
    await mk.produceLive(mk.topics.incidentEvents, never.incident.id, never.events[0], NOW);
    const before = app.store.timelineEntries;
    clock.set(NOW + 2 * HOUR); // past the default grace (1 h): the next batch sweeps
    const later = incident(7, NOW + 2 * HOUR, false);
    for (const e of later.events) await mk.produceLive(mk.topics.incidentEvents, e.incidentId, e, NOW + 2 * HOUR);
    await mk.produceLive(mk.topics.incidents, later.incident.id, later.incident, NOW + 2 * HOUR);
    expect((await get(`/api/v1/incidents/${fresh.incident.id}/timeline`)).body.items).toHaveLength(fresh.events.length);
    expect((await get(`/api/v1/incidents/${later.incident.id}/timeline`)).body.items).toHaveLength(later.events.length);
    expect(app.store.timelineEntries).toBe(before - 1 + later.events.length);
    await app.stop();
  });

  it('listens at once; while it loads, /readyz and the API answer 503 with the progress (API: Retry-After); liveness stays 200', async () => {
    const mk = memoryLog();
    const { held, evicted, tombstoned } = await month(mk);
    const release = mk.kafka.hold();
    const { app, started, get } = await start(mk);
    let done = false;
    void started.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    expect(app.http.app.server.listening).toBe(true);
    expect((await app.http.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await app.http.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    // the snapshot topic is read (4 records) and the evicted incidents' timeline records skipped (counted as
    // read); the timeline consumer is held: none of the rest yet
    const timelineRecords = mk.kafka.log(mk.topics.incidentEvents).length;
    const read = 4 + evicted.events.length + tombstoned.events.length;
    expect(ready.json()).toEqual({ status: 'not ready', loading: { phase: 'timelines', records: timelineRecords + 4, recordsRead: read, percent: Math.floor((read * 1000) / (timelineRecords + 4)) / 10, incidents: 2, timelineEntries: 0, sinceMs: 0 } });
    for (const url of ['/api/v1/incidents', `/api/v1/incidents/${held.incident.id}/timeline`, '/api/v1/groups']) {
      const r = await app.http.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      expect(r.statusCode).toBe(503);
      expect(r.headers['retry-after']).toBe('5');
      expect(r.json().error).toMatchObject({ code: 'AIOPS_ERR_CONSOLE_LOADING', loading: { phase: 'timelines', recordsRead: read } });
    }
    release();
    await started;
    expect((await app.http.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
    expect((await get(`/api/v1/incidents/${held.incident.id}/timeline`)).body.items).toHaveLength(held.events.length);
    await app.stop();
  });

  it('caps a long timeline at console.timelineMaxEntries: the opening and the latest entries, the count left out in both responses', async () => {
    const mk = memoryLog();
    const storm = incident(8, NOW - HOUR, false);
    const id = storm.incident.id;
    const n = 40;
    for (let v = storm.events.length + 1; v <= n; v++) storm.events.push({ id: `${id}:${v}`, incidentId: id, version: v, at: NOW - HOUR + v, actor: { kind: 'system', id: 'correlator' }, type: 'alert_added', reason: `alert ${v}`, data: {} });
    for (const e of storm.events) await mk.append(mk.topics.incidentEvents, id, e, e.at);
    await mk.append(mk.topics.incidents, id, { ...storm.incident, version: n }, NOW - HOUR);
    const { app, started, get } = await start(mk, { timelineMaxEntries: 10 });
    await started;
    const detail = (await get(`/api/v1/incidents/${id}`)).body;
    expect(detail.timeline.map((e: IncidentEvent) => e.version)).toEqual([1, ...Array.from({ length: 9 }, (_, i) => n - 8 + i)]);
    expect(detail.timelineOmitted).toBe(n - 10);
    expect((await get(`/api/v1/incidents/${id}/timeline`)).body).toMatchObject({ omitted: n - 10, items: expect.any(Array) });
    const metrics = (await app.http.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(new RegExp(`aiops_console_records_total\\{topic="incident_events",outcome="cap_dropped"[^}]*\\} ${n - 10}\n`));
    expect(metrics).toMatch(new RegExp(`aiops_console_records_total\\{topic="incident_events",outcome="ok"[^}]*\\} ${n}\n`));
    expect(metrics).not.toMatch(/outcome="before_start"/);
    await app.stop();
  });
});
