import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { Incident, IncidentEvent } from '@aiops/model';
import { createKafkaClient, decodeJson, type BatchConsumer, type ConsumedRecord, type KafkaClient, type Producer } from '@aiops/kafka';
import { createHttpServer, type HttpServer, type TokenAuth } from '@aiops/http';
import { counter, gauge, type Telemetry } from '@aiops/telemetry';
import type { Clock } from '@aiops/pipeline';
import { Unavailable } from '@aiops/errors';
import type { ServiceConfig } from './config.js';
import { createIncidentStore, type IncidentStore } from './store.js';
import { createLoadProgress } from './load-progress.js';
import { ConsoleLoading, LOADING_RETRY_AFTER_S } from './errors.js';
import type { RouteContext } from './routes/context.js';
import { incidentRoutes } from './routes/incidents.js';
import { changeRoutes } from './routes/changes.js';
import { runbookRoutes } from './routes/runbooks.js';
import { reportRoutes } from './routes/reports.js';
import { problemRoutes } from './routes/problems.js';
import { groupRoutes } from './routes/groups.js';
import { cmdbRoutes } from './routes/cmdb.js';

/**
 * ROUTES is the one list of console route modules. Each is a fastify plugin in src/routes/<name>.ts
 * that receives the RouteContext as its options; to add one, write the module and add ONE line here.
 * Every /api route must guard itself with ctx.requireRole('viewer' | 'responder' | 'admin').
 */
const ROUTES: ReadonlyArray<FastifyPluginAsync<RouteContext>> = [
  incidentRoutes,
  changeRoutes,
  runbookRoutes,
  groupRoutes,
  cmdbRoutes,
  reportRoutes,
  problemRoutes,
];

export interface AppDeps {
  readonly telemetry: Telemetry;
  readonly clock: Clock;
  readonly auth: TokenAuth;
  readonly kafka?: KafkaClient;
  /** dependencies of other route modules (e.g. a ClickHouse client), passed through as ctx.extras. */
  readonly extras?: Readonly<Record<string, unknown>>;
}

export interface App {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly http: HttpServer;
  readonly store: IncidentStore;
}

/**
 * buildApp wires the console API: it materialises aiops.incidents.v1 (compacted snapshots) and
 * aiops.incident-events.v1 (timelines) in memory with its own consumer group, serves queries from
 * that, and turns SRE actions into commands on aiops.incident-commands.v1. CORS is off: the web UI is
 * served from the same origin. Every /api route requires a bearer token with a role.
 */
export function buildApp(config: ServiceConfig, deps: AppDeps): App {
  const { telemetry, clock } = deps;
  const log = telemetry.logger;
  const kafka = deps.kafka ?? createKafkaClient(config.kafka, telemetry);
  const topics = kafka.topics;
  const store = createIncidentStore({ orphanGraceMs: config.console.timelineOrphanGraceMs, maxTimelineEntries: config.console.timelineMaxEntries });
  const mIn = counter(telemetry.registry, 'aiops_console_records_total', 'records materialised by topic and outcome', ['topic', 'outcome']);
  const mSize = gauge(telemetry.registry, 'aiops_console_incidents', 'incidents held in memory');
  const mEntries = gauge(telemetry.registry, 'aiops_console_timeline_entries', 'timeline entries held in memory');
  let producer: Producer | undefined;
  let consumer: BatchConsumer | undefined;
  let loaded = false;
  let stopping = false;
  /** end offsets per "topic/partition" seen before loading; emptied as the consumer reaches them. */
  let pending = new Map<string, bigint>();
  let caughtUp: (() => void) | undefined;
  const loading = createLoadProgress(clock);

  const http = createHttpServer({
    telemetry,
    auth: deps.auth,
    bodyLimit: config.http.bodyLimit,
    readiness: [() => loaded && !stopping && (consumer?.running ?? false) && (producer?.healthy ?? false)],
    readinessDetail: () => (loaded ? {} : { loading: loading.report(store) }),
  });
  // The server listens while it loads (liveness and readiness answer, a UI can show progress); the API
  // answers 503 until the timelines are complete, as a half-loaded store would give wrong answers.
  http.app.addHook('onRequest', async (req, reply) => {
    if (loaded || !req.url.startsWith('/api/')) return;
    const err = ConsoleLoading();
    return reply.code(503).header('retry-after', String(LOADING_RETRY_AFTER_S)).send({ error: { ...err.toJSON(), loading: loading.report(store) } });
  });

  function apply(rec: ConsumedRecord): void {
    if (rec.value === null) {
      // the incident manager evicted a closed incident after its retention: read-only from ClickHouse now
      if (rec.topic === topics.incidents && rec.key !== null) {
        store.remove(rec.key);
        mIn.inc({ topic: 'incidents', outcome: 'evicted' });
        mSize.set(store.size);
      }
      return;
    }
    if (rec.topic === topics.incidents) {
      const d = decodeJson(rec, Incident);
      if (!d.ok) {
        mIn.inc({ topic: 'incidents', outcome: 'invalid' });
        return;
      }
      store.upsert(d.value);
      mIn.inc({ topic: 'incidents', outcome: 'ok' });
    } else {
      // keyed by incident id: the timeline of an incident not held (evicted) is skipped before decoding
      const now = clock.now();
      const producedAt = rec.timestamp > 0 ? rec.timestamp : now; // -1: a broker that did not stamp it
      if (rec.key !== null && !store.accepts(rec.key, producedAt, now)) {
        mIn.inc({ topic: 'incident_events', outcome: 'not_held' });
        return;
      }
      const d = decodeJson(rec, IncidentEvent);
      if (!d.ok) {
        mIn.inc({ topic: 'incident_events', outcome: 'invalid' });
        return;
      }
      if (!store.accepts(d.value.incidentId, producedAt, now)) {
        mIn.inc({ topic: 'incident_events', outcome: 'not_held' });
        return;
      }
      const capped = store.addEvent(d.value, producedAt);
      mIn.inc({ topic: 'incident_events', outcome: 'ok' });
      // an entry of a timeline past console.timelineMaxEntries left out (counted like orphan_dropped: entries, not records)
      if (capped > 0) mIn.inc({ topic: 'incident_events', outcome: 'cap_dropped' }, capped);
    }
    mSize.set(store.size);
  }

  /** offsetsOf: low and end offsets per "topic/partition" of the partitions that hold records. */
  async function offsetsOf(names: readonly string[]): Promise<Map<string, { low: bigint; high: bigint }>> {
    const m = new Map<string, { low: bigint; high: bigint }>();
    for (const t of names) for (const p of await kafka.topicOffsets(t)) if (BigInt(p.high) > BigInt(p.low)) m.set(`${t}/${p.partition}`, { low: BigInt(p.low), high: BigInt(p.high) });
    return m;
  }

  /** waitLoaded resolves once the consumer reached the end offsets seen before loading, logging progress meanwhile. */
  async function waitLoaded(): Promise<void> {
    if (pending.size === 0) return;
    const started = clock.now();
    const progress = setInterval(() => log.info({ partitionsLeft: pending.size, incidents: store.size, timelineEntries: store.timelineEntries, sinceMs: clock.now() - started }, 'console loading the incident topics'), 10_000);
    try {
      await new Promise<void>((resolve) => (caughtUp = resolve));
    } finally {
      clearInterval(progress);
      caughtUp = undefined;
    }
  }

  /**
   * timelineStart: the earliest timeline record the store can keep: entries of held incidents (none
   * produced before the incident was detected) and orphans younger than the grace; one grace earlier
   * still, for clock skew between the manager and the broker.
   */
  function timelineStart(s: IncidentStore, now: number, graceMs: number): number {
    let earliest = now;
    for (const i of s.list({}, Number.MAX_SAFE_INTEGER, 0).items) earliest = Math.min(earliest, i.detectedAt);
    return earliest - graceMs;
  }

  const ctx: RouteContext = {
    config,
    store,
    topics,
    clock,
    telemetry,
    extras: deps.extras ?? {},
    requireRole: (role) => http.requireRole(role),
    async publish(records) {
      if (producer === undefined) throw Unavailable('console is starting: Kafka producer not ready');
      await producer.send(records);
    },
  };
  for (const route of ROUTES) void http.app.register(route, ctx);

  return {
    http,
    store,
    async start() {
      await http.listen(config.http.port, '0.0.0.0');
      log.info({ port: config.http.port }, 'console listening; loading the incident topics');
      await kafka.ensureTopics();
      producer = await kafka.producer({ sendTimeoutMs: config.kafka.sendTimeoutMs });
      const offsets = await offsetsOf([topics.incidentEvents, topics.incidents]);
      pending = new Map([...offsets].map(([k, o]) => [k, o.high]));
      loading.begin(offsets);
      // Snapshots first (compacted: bounded by what the incident manager holds). The held set decides
      // which timeline records are worth reading: those of evicted incidents (30 days of them on the
      // timeline topic) are skipped unread, so a restart costs the incidents held, not the history.
      loading.phase('snapshots');
      for (const rec of await kafka.readAll(topics.incidents, { timeoutMs: 60_000 })) apply(rec);
      loading.readWhole(topics.incidents);
      loading.phase('timelines');
      // The timeline is read from the first record a held incident (or an orphan within its grace) can
      // need, so the evicted incidents' records before it are not even fetched (accepts() still decides
      // per record after it).
      const timelineFrom = timelineStart(store, clock.now(), config.console.timelineOrphanGraceMs);
      for (const o of await kafka.offsetsForTimestamp(topics.incidentEvents, timelineFrom)) {
        const key = `${topics.incidentEvents}/${o.partition}`;
        const end = pending.get(key);
        if (end === undefined) continue;
        loading.reached(key, BigInt(o.offset));
        if (BigInt(o.offset) >= end) pending.delete(key); // nothing that recent on it: no batch will come
        // the records before the start are never fetched; counted here as not_held ones are when read
        const low = offsets.get(key)?.low ?? 0n;
        const skipped = (BigInt(o.offset) < end ? BigInt(o.offset) : end) - low;
        if (skipped > 0n) mIn.inc({ topic: 'incident_events', outcome: 'before_start' }, Number(skipped));
      }
      const prefix = config.kafka.namespace === '' ? '' : `${config.kafka.namespace}.`;
      consumer = kafka.consumer({
        groupId: `${prefix}${config.console.groupIdPrefix}-${randomBytes(4).toString('hex')}`,
        topics: [topics.incidentEvents, topics.incidents],
        // the timeline from timelineFrom, once, here; the snapshots again from the beginning (upserts are idempotent),
        // so anything produced since readAll is not missed
        fromBeginning: true,
        startAt: { [topics.incidentEvents]: timelineFrom },
        maxWaitTimeInMs: 100,
        handler: async (batch) => {
          for (const rec of batch.records) apply(rec);
          const dropped = store.sweep(clock.now());
          if (dropped > 0) mIn.inc({ topic: 'incident_events', outcome: 'orphan_dropped' }, dropped);
          mEntries.set(store.timelineEntries);
          const last = batch.records[batch.records.length - 1];
          const key = `${batch.topic}/${batch.partition}`;
          const end = pending.get(key);
          if (last !== undefined) loading.reached(key, BigInt(last.offset) + 1n);
          if (last !== undefined && end !== undefined && BigInt(last.offset) + 1n >= end) pending.delete(key);
          if (pending.size === 0) caughtUp?.();
        },
      });
      await consumer.start();
      // the API answers once every timeline held is complete (as readAll of the timeline topic did before)
      await waitLoaded();
      if (stopping) return;
      loaded = true;
      loading.phase('ready');
      log.info({ port: config.http.port, incidents: store.size, timelineEntries: store.timelineEntries, loadMs: loading.report(store).sinceMs }, 'console loaded: API ready');
    },
    async stop() {
      stopping = true;
      caughtUp?.();
      await consumer?.stop();
      await producer?.disconnect();
      await http.close();
      await kafka.close();
    },
  };
}
