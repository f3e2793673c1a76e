/**
 * console-startup: how the console's startup (time until `start()` resolves, heap it keeps, peak heap
 * while loading) grows with the history on the incident topics. It runs the real console (`buildApp`)
 * over an in-memory KafkaClient holding a synthetic history shaped like the incident manager's output:
 *
 * - `aiops.incident-events.v1` (delete policy, 30 days): every timeline entry of every incident created
 *   in the last `--days` days, each record timestamped when it was produced;
 * - `aiops.incidents.v1` (compacted): the latest snapshot of each incident the manager still holds
 *   (open, or closed less than `--retain-days` ago: `manager.retainClosedMs`), plus the tombstones of the
 *   incidents evicted in the last day (Kafka's `delete.retention.ms`, 24 h, before compaction drops them).
 *
 * With `--groups-per-day N` it also measures the group/alert view (routes/groups.ts) after a restart:
 * 7 days (the topics' retention) of groups, N a day, 4 alerts each, each group closed and its alerts
 * resolved within the hour; the figures are taken once the view has caught up.
 *
 * The fake client (@aiops/testkit's in-memory KafkaClient) copies every record it hands out (readAll and
 * consumer batches), as kafkajs decodes fresh buffers, so a read of the whole topic costs what it costs
 * on a broker. No Kafka needed.
 *
 *   node --expose-gc load-tests/dist/console-startup/run.js [--days 30] [--per-day 400] [--events 25] [--retain-days 7] [--runs 3] [--groups-per-day 0]
 *
 * Prints one line per run and the median; `--days 7,14,30` runs each history length.
 */
import { createCmdbGraph } from '@aiops/cmdb';
import { createIncidentReducer, defaultPolicy, formatIncidentNumber, noChanges, noRunbooks } from '@aiops/incident';
import { topicNames, type Alert, type CorrelationGroup, type Incident, type IncidentEvent } from '@aiops/model';
import type { OutRecord } from '@aiops/kafka';
import { createMemoryKafka, type MemoryKafka } from '@aiops/testkit';
import { TokenAuth, sha256Hex } from '@aiops/http';
import { silentTelemetry } from '@aiops/telemetry';
import { ManualClock } from '@aiops/pipeline';
import { buildApp, serviceConfig } from '@aiops/console';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = 1_800_000_000_000;

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : def;
}

/** template: one real incident and its first timeline entries from the incident reducer, cloned below. */
function template(): { incident: Incident; events: IncidentEvent[] } {
  const members = Array.from({ length: 4 }, (_, i) => ({
    alertId: `a-${i}`, fingerprint: `fp-${i}`, title: `checkout latency above SLO on web-${i}`, template: 'checkout latency above SLO on <host>', severity: 'critical' as const,
    status: 'firing' as const, ciId: `web-${i}`, service: 'shop', firstSeen: NOW, lastSeen: NOW, joinedAt: NOW, rule: 'seed' as const, evidence: {}, suppressed: false, flapping: false,
  }));
  const g: CorrelationGroup = {
    id: 'g-template', domain: 'shop', status: 'open', change: 'opened', version: 1, openedAt: NOW, updatedAt: NOW, rootCause: { ciId: 'web-0', score: 1, reason: 'first' }, candidates: [],
    services: ['shop'], cis: members.map((m) => m.ciId), maxSeverity: 'critical', firingCount: members.length, members,
  };
  const ctx = { now: NOW, cmdb: createCmdbGraph([]), classifier: { classify: () => ({ category: null, subcategory: null, confidence: 0, applied: false, source: null, ruleId: null, reason: '' }) }, runbooks: noRunbooks, changes: noChanges, allocateNumber: () => formatIncidentNumber(0, 1) };
  const r = createIncidentReducer(defaultPolicy()).applyGroup(undefined, g, ctx);
  if (r.incident === null) throw new Error('template incident not opened');
  return { incident: r.incident, events: r.events as IncidentEvent[] };
}

interface History {
  readonly events: OutRecord[];
  readonly incidents: OutRecord[];
  readonly groups: OutRecord[];
  readonly alerts: OutRecord[];
  readonly created: number;
  readonly held: number;
  readonly evicted: number;
}

/** history: `days` days of incidents, `perDay` a day, `eventsPer` timeline entries each; closed 2 h after they opened, except the last 6 h's. */
function history(days: number, perDay: number, eventsPer: number, retainMs: number): History {
  const topics = topicNames('');
  const t = template();
  const events: OutRecord[] = [];
  const incidents: OutRecord[] = [];
  const rec = (topic: string, key: string, value: string | null, ts: number): OutRecord => ({ topic, key, value: value === null ? null : Buffer.from(value), timestamp: ts });
  const total = days * perDay;
  let held = 0;
  let evicted = 0;
  for (let n = 0; n < total; n++) {
    const opened = NOW - days * DAY + Math.floor((n * DAY) / perDay);
    const open = NOW - opened < 6 * HOUR;
    const closedAt = open ? undefined : opened + 2 * HOUR;
    const id = `inc_${n.toString(36).padStart(8, '0')}`;
    const number = formatIncidentNumber(0, n + 1);
    for (let v = 1; v <= eventsPer; v++) {
      const base = t.events[(v - 1) % t.events.length] as IncidentEvent;
      const at = Math.min(opened + v * 60_000, closedAt ?? NOW);
      const e: IncidentEvent = v <= t.events.length
        ? { ...base, id: `${id}:${v}`, incidentId: id, version: v, at }
        : { id: `${id}:${v}`, incidentId: id, version: v, at, actor: { kind: 'system', id: 'correlator' }, type: 'alert_added', reason: `alert fp-${v} joined the group (topology: web-${v} -> shop-db)`, data: { alertId: `a-${v}`, fingerprint: `fp-${v}`, ciId: `web-${v}`, severity: 'warning', groupVersion: v } };
      events.push(rec(topics.incidentEvents, id, JSON.stringify(e), at));
    }
    const lastTouch = closedAt ?? NOW;
    const inc: Incident = { ...t.incident, id, number, version: eventsPer, detectedAt: opened, updatedAt: lastTouch, ...(closedAt !== undefined ? { state: 'closed', closedAt, resolvedAt: closedAt - HOUR } : {}) };
    if (NOW - lastTouch < retainMs) {
      incidents.push(rec(topics.incidents, id, JSON.stringify(inc), lastTouch));
      held++;
    } else {
      evicted++;
      // tombstones of the last day's evictions are still on the compacted topic
      if (NOW - (lastTouch + retainMs) < DAY) incidents.push(rec(topics.incidents, id, null, lastTouch + retainMs));
    }
  }
  events.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  return { events, incidents, groups: [], alerts: [], created: total, held, evicted };
}

/** groupHistory: 7 days of groups (`perDay`), 4 alerts each; closed / resolved 30 / 20 min after they opened, except the last hour's. */
function groupHistory(perDay: number): { groups: OutRecord[]; alerts: OutRecord[] } {
  const topics = topicNames('');
  const groups: OutRecord[] = [];
  const alerts: OutRecord[] = [];
  const rec = (topic: string, key: string, value: unknown, ts: number): OutRecord => ({ topic, key, value: Buffer.from(JSON.stringify(value)), timestamp: ts });
  for (let n = 0; n < 7 * perDay; n++) {
    const t = NOW - 7 * DAY + Math.floor((n * DAY) / perDay);
    const done = NOW - t > HOUR;
    const ids = [0, 1, 2, 3].map((k) => `al-${n}-${k}`);
    const as: Alert[] = ids.map((id, k) => ({
      id, fingerprint: `fp-${n}-${k}`, source: 'alertmanager', status: 'firing', severity: 'critical', title: `web-${k} checkout latency above SLO`, description: 'p99 over 2 s for 5 min',
      labels: { alertname: 'CheckoutLatency', instance: `web-${k}:9100`, job: 'shop', severity: 'critical' }, annotations: {}, resource: {}, firstSeen: t, lastSeen: t, count: 1, episode: 1, flapping: false,
      suppressedBy: null, ci: { id: `web-${k}`, method: 'explicit_id' }, service: 'shop', domain: 'global', template: '<host> checkout latency above SLO', change: 'opened', lastEventId: `ev-${n}-${k}`, version: 1, at: t,
    }));
    const g: CorrelationGroup = {
      id: `grp_${n}`, domain: 'global', status: 'open', change: 'opened', version: 1, openedAt: t, updatedAt: t, rootCause: { ciId: 'web-0', score: 0.9, reason: 'first' }, candidates: [],
      services: ['shop'], cis: ['web-0', 'web-1', 'web-2', 'web-3'], maxSeverity: 'critical', firingCount: 4,
      members: as.map((a) => ({ alertId: a.id, fingerprint: a.fingerprint, title: a.title, template: a.template, severity: a.severity, status: 'firing' as const, ciId: a.ci?.id ?? null, service: 'shop', firstSeen: t, lastSeen: t, joinedAt: t, rule: 'topology' as const, evidence: { path: [a.ci?.id ?? '', 'shop-db'], hops: 1, score: 0.8 }, suppressed: false, flapping: false })),
    };
    groups.push(rec(topics.groups, g.id, g, t));
    for (const a of as) alerts.push(rec(topics.alerts, 'global', a, t));
    if (!done) continue;
    for (const a of as) alerts.push(rec(topics.alerts, 'global', { ...a, status: 'resolved', resolvedAt: t + 20 * 60_000, version: 2, at: t + 20 * 60_000, change: 'resolved' }, t + 20 * 60_000));
    groups.push(rec(topics.groups, g.id, { ...g, status: 'closed', change: 'closed', version: 2, updatedAt: t + 30 * 60_000, closedAt: t + 30 * 60_000, closeReason: 'resolved_quiet', firingCount: 0 }, t + 30 * 60_000));
  }
  groups.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  alerts.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  return { groups, alerts };
}

function heap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** memoryKafka serves the history from the shared in-memory client (fresh copies per read, batches of 500), peak heap sampled per batch. */
async function memoryKafka(h: History, peak: { bytes: number }): Promise<MemoryKafka> {
  const kafka = createMemoryKafka({ namespace: '', maxBatch: 500, afterBatch: () => (peak.bytes = Math.max(peak.bytes, process.memoryUsage().heapUsed)) });
  for (const recs of [h.events, h.incidents, h.groups, h.alerts]) await kafka.append(recs);
  return kafka;
}

interface Run {
  readonly days: number;
  readonly startMs: number;
  readonly cpuMs: number;
  readonly retainedMb: number;
  readonly peakMb: number;
  readonly held: number;
  readonly timelineEntries: number;
  /** after the group view caught up: groups and alerts held, CPU and heap retained (MB) by then. */
  readonly groups: number;
  readonly alerts: number;
  readonly viewCpuMs: number;
  readonly viewRetainedMb: number;
}

const TOKEN = 'v'.repeat(24);

async function once(h: History, days: number): Promise<Run> {
  const peak = { bytes: 0 };
  const kafka = await memoryKafka(h, peak);
  const config = serviceConfig.parse({ kafka: { brokers: ['x:1'] }, http: { port: 0 } });
  const before = heap();
  peak.bytes = before;
  const app = buildApp(config, { telemetry: silentTelemetry(), clock: new ManualClock(NOW), auth: new TokenAuth([{ name: 'bench', sha256: sha256Hex(TOKEN), roles: ['viewer'] }]), kafka, extras: { kafka } });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await app.start();
  const startMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const retained = heap() - before;
  const heldIds = app.store.list({}, Number.MAX_SAFE_INTEGER, 0).items.map((i) => i.id);
  const timelineEntries = heldIds.reduce((s, id) => s + app.store.timeline(id).length, 0);
  // the group view loads in the background once the server is up: wait until it caught up
  let stats: { groups: number; alerts: number; caughtUp: boolean } = { groups: 0, alerts: 0, caughtUp: h.groups.length === 0 && h.alerts.length === 0 };
  while (!stats.caughtUp) {
    await new Promise((r) => setTimeout(r, 20));
    stats = (await app.http.app.inject({ method: 'GET', url: '/api/v1/view-stats', headers: { authorization: `Bearer ${TOKEN}` } })).json();
  }
  const viewCpu = process.cpuUsage(cpu0);
  const viewRetained = heap() - before;
  await app.stop();
  return {
    days, startMs, cpuMs: (cpu.user + cpu.system) / 1000, retainedMb: retained / 2 ** 20, peakMb: (peak.bytes - before) / 2 ** 20, held: app.store.size, timelineEntries,
    groups: stats.groups, alerts: stats.alerts, viewCpuMs: (viewCpu.user + viewCpu.system) / 1000, viewRetainedMb: viewRetained / 2 ** 20,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const daysList = arg('days', '30').split(',').map(Number);
  const perDay = Number(arg('per-day', '400'));
  const eventsPer = Number(arg('events', '25'));
  const retainMs = Number(arg('retain-days', '7')) * DAY;
  const runs = Number(arg('runs', '3'));
  const groupsPerDay = Number(arg('groups-per-day', '0'));
  const gh = groupsPerDay > 0 ? groupHistory(groupsPerDay) : { groups: [], alerts: [] };
  if ((globalThis as { gc?: unknown }).gc === undefined) console.error('run with node --expose-gc for heap figures');
  console.log(`console startup: ${perDay} incidents/day, ${eventsPer} timeline entries each, manager retention ${retainMs / DAY} d`);
  console.log('days  events-recs  held  evicted  | start ms  cpu ms  retained MB  peak MB  timeline entries of held');
  for (const days of daysList) {
    const h = { ...history(days, perDay, eventsPer, retainMs), ...gh };
    const rs: Run[] = [];
    for (let r = 0; r < runs; r++) rs.push(await once(h, days));
    const m = (f: (r: Run) => number) => median(rs.map(f));
    console.log(`${String(days).padStart(4)}  ${String(h.events.length).padStart(11)}  ${String(h.held).padStart(4)}  ${String(h.evicted).padStart(7)}  | ${m((r) => r.startMs).toFixed(0).padStart(8)}  ${m((r) => r.cpuMs).toFixed(0).padStart(6)}  ${m((r) => r.retainedMb).toFixed(1).padStart(11)}  ${m((r) => r.peakMb).toFixed(1).padStart(7)}  ${rs[0]?.timelineEntries ?? 0}`);
    if (groupsPerDay > 0) console.log(`      group view, 7 d of ${groupsPerDay} groups/day (${h.groups.length} group + ${h.alerts.length} alert records): held ${rs[0]?.groups} groups, ${rs[0]?.alerts} alerts | cpu ms (incl. start) ${m((r) => r.viewCpuMs).toFixed(0)}, retained MB (incl. incidents) ${m((r) => r.viewRetainedMb).toFixed(1)}`);
  }
}

await main();
