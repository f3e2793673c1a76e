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
  const store = createIncidentStore();
  const mIn = counter(telemetry.registry, 'aiops_console_records_total', 'records materialised by topic and outcome', ['topic', 'outcome']);
  const mSize = gauge(telemetry.registry, 'aiops_console_incidents', 'incidents held in memory');
  let producer: Producer | undefined;
  let consumer: BatchConsumer | undefined;
  let loaded = false;
  let stopping = false;

  const http = createHttpServer({
    telemetry,
    auth: deps.auth,
    bodyLimit: config.http.bodyLimit,
    readiness: [() => loaded && !stopping && (consumer?.running ?? false) && (producer?.healthy ?? false)],
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
      const d = decodeJson(rec, IncidentEvent);
      if (!d.ok) {
        mIn.inc({ topic: 'incident_events', outcome: 'invalid' });
        return;
      }
      store.addEvent(d.value);
      mIn.inc({ topic: 'incident_events', outcome: 'ok' });
    }
    mSize.set(store.size);
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
      await kafka.ensureTopics();
      producer = await kafka.producer({ sendTimeoutMs: config.kafka.sendTimeoutMs });
      // events first, so that a snapshot carrying a refusal finds its timeline entry
      for (const topic of [topics.incidentEvents, topics.incidents]) {
        for (const rec of await kafka.readAll(topic, { timeoutMs: 60_000 })) apply(rec);
      }
      const prefix = config.kafka.namespace === '' ? '' : `${config.kafka.namespace}.`;
      consumer = kafka.consumer({
        groupId: `${prefix}${config.console.groupIdPrefix}-${randomBytes(4).toString('hex')}`,
        topics: [topics.incidentEvents, topics.incidents],
        // from the beginning: anything produced between readAll and the join is not missed (upserts are idempotent)
        fromBeginning: true,
        maxWaitTimeInMs: 100,
        handler: async (batch) => {
          for (const rec of batch.records) apply(rec);
        },
      });
      await consumer.start();
      loaded = true;
      await http.listen(config.http.port, '0.0.0.0');
      log.info({ port: config.http.port, incidents: store.size }, 'console started');
    },
    async stop() {
      stopping = true;
      await consumer?.stop();
      await producer?.disconnect();
      await http.close();
      await kafka.close();
    },
  };
}
