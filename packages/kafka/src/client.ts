import { randomBytes } from 'node:crypto';
import { Kafka, Partitioners, logLevel, type Admin, type Consumer as KjsConsumer, type Producer as KjsProducer, type IHeaders, type Message } from 'kafkajs';
import { errorType } from '@aiops/errors';
import { topicDefinitions, topicNames, type TopicDefinition, type TopicNames } from '@aiops/model';
import { counter, histogram, type Telemetry } from '@aiops/telemetry';
import type { KafkaConfig } from './config.js';
import { KafkaReadTimeout, KafkaTopicSetupFailed, KafkaUnavailable } from './errors.js';
import { kafkajsLogCreator } from './logger.js';
import type {
  Assignment,
  BatchConsumer,
  ConsumedRecord,
  ConsumerOptions,
  KafkaClient,
  OutRecord,
  PartitionOffsets,
  Producer,
  ProducerOptions,
} from './types.js';

/**
 * createKafkaClient is the one place that knows kafkajs. Everything else sees our interfaces, so the
 * client library can be swapped (kafkajs is unmaintained: tulios/kafkajs#1603).
 */
export function createKafkaClient(config: KafkaConfig, telemetry: Telemetry): KafkaClient {
  const kafka = new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(telemetry.logger),
    retry: { initialRetryTime: 200, maxRetryTime: 3000, retries: 8 },
  });
  const topics = topicNames(config.namespace);
  const log = telemetry.logger.child({ component: 'kafka' });
  const metrics = {
    produced: counter(telemetry.registry, 'aiops_kafka_produced_records_total', 'records acknowledged by the broker', ['topic']),
    sendErrors: counter(telemetry.registry, 'aiops_kafka_send_errors_total', 'failed sends', ['error_type']),
    batchSize: histogram(telemetry.registry, 'aiops_kafka_produce_batch_records', 'records per send call', [], [1, 5, 10, 50, 100, 500, 1000, 5000]),
    consumed: counter(telemetry.registry, 'aiops_kafka_consumed_records_total', 'records handed to handlers and committed', ['topic']),
    handlerErrors: counter(telemetry.registry, 'aiops_kafka_handler_errors_total', 'batch handler failures (batch retried)', ['error_type']),
  };
  const topicLabel = (t: string) => (config.namespace === '' ? t : t.slice(config.namespace.length + 1));

  let admin: Admin | undefined;
  let adminConnecting: Promise<Admin> | undefined;
  async function getAdmin(): Promise<Admin> {
    if (admin) return admin;
    adminConnecting ??= (async () => {
      const a = kafka.admin();
      try {
        await a.connect();
      } catch (err) {
        adminConnecting = undefined;
        throw err;
      }
      admin = a;
      return a;
    })();
    return adminConnecting;
  }

  const producers = new Set<KjsProducer>();
  const consumers = new Set<BatchConsumer>();

  async function ensureTopics(defs?: readonly TopicDefinition[]): Promise<void> {
    const wanted = defs ?? topicDefinitions(config.namespace, config.partitions);
    // Several services create the same topics at start-up; a concurrent creation shows up as transient
    // errors ("does not host this topic-partition", "already exists"), so check and retry, bounded.
    let lastErr: unknown;
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        const a = await getAdmin();
        const existing = new Set(await a.listTopics());
        const missing = wanted.filter((d) => !existing.has(d.name));
        if (missing.length > 0) {
          await a
            .createTopics({
              waitForLeaders: false,
              topics: missing.map((d) => ({
                topic: d.name,
                numPartitions: d.partitions,
                replicationFactor: -1,
                configEntries: [
                  { name: 'cleanup.policy', value: d.cleanupPolicy },
                  ...(d.retentionMs !== undefined ? [{ name: 'retention.ms', value: String(d.retentionMs) }] : []),
                ],
              })),
            })
            .catch((err: unknown) => {
              if ((err as { type?: string }).type === 'TOPIC_ALREADY_EXISTS') return false;
              throw err;
            });
          log.info({ topics: missing.map((d) => d.name) }, 'created topics');
        }
        await waitForLeaders(a, wanted.map((d) => d.name));
        return;
      } catch (err) {
        lastErr = err;
        await sleep(250 * (attempt + 1));
      }
    }
    throw KafkaTopicSetupFailed(`could not create topics: ${(lastErr as Error).message}`, lastErr);
  }

  async function producer(opts: ProducerOptions = {}): Promise<Producer> {
    const p = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner, // murmur2, as the Java client: keys land where other clients expect
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Generous retries (bounded overall by sendTimeoutMs): leadership moves right after topic creation
      // or a broker restart show up as retriable NOT_LEADER errors for a few seconds.
      retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 10 },
    });
    producers.add(p);
    try {
      await p.connect();
    } catch (err) {
      // Not fatal: kafkajs reconnects on the next send. The producer starts unhealthy.
      log.warn({ error_type: errorType(err) }, 'producer could not connect yet');
    }
    const timeoutMs = opts.sendTimeoutMs ?? config.sendTimeoutMs;
    let healthy = true;
    return {
      get healthy() {
        return healthy;
      },
      async send(records: readonly OutRecord[]) {
        if (records.length === 0) return;
        const byTopic = new Map<string, Message[]>();
        for (const r of records) {
          let list = byTopic.get(r.topic);
          if (!list) byTopic.set(r.topic, (list = []));
          const m: Message = { key: r.key ?? null, value: r.value };
          if (r.headers) m.headers = r.headers as IHeaders;
          if (r.partition !== undefined) m.partition = r.partition;
          if (r.timestamp !== undefined) m.timestamp = String(r.timestamp);
          list.push(m);
        }
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            p.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) }),
            new Promise((_, rej) => {
              timer = setTimeout(() => rej(KafkaUnavailable(`Kafka did not acknowledge within ${timeoutMs} ms`)), timeoutMs);
            }),
          ]);
        } catch (err) {
          healthy = false;
          metrics.sendErrors.inc({ error_type: errorType(err) });
          if ((err as { code?: string }).code === 'AIOPS_ERR_KAFKA_UNAVAILABLE') throw err;
          throw KafkaUnavailable(`Kafka send failed: ${(err as Error).message}`, err);
        } finally {
          if (timer) clearTimeout(timer);
        }
        healthy = true;
        metrics.batchSize.observe(records.length);
        for (const [topic, messages] of byTopic) metrics.produced.inc({ topic: topicLabel(topic) }, messages.length);
      },
      async disconnect() {
        producers.delete(p);
        await p.disconnect().catch(() => undefined);
      },
    };
  }

  function consumer(opts: ConsumerOptions): BatchConsumer {
    return createBatchConsumer(kafka, opts, { log, metrics, topicLabel, consumers, offsetsForTimestamp });
  }

  async function topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    const a = await getAdmin();
    // Right after a topic is created the client's metadata can still point at no leader; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        const offs = await a.fetchTopicOffsets(topic);
        return offs.map((o) => ({ partition: o.partition, low: o.low, high: o.high })).sort((x, y) => x.partition - y.partition);
      } catch (err) {
        if (attempt >= 10 || (err as { retriable?: boolean }).retriable !== true) throw err;
        await sleep(200 * (attempt + 1));
      }
    }
  }

  async function offsetsForTimestamp(topic: string, timestamp: number) {
    const a = await getAdmin();
    // kafkajs answers the high watermark for a partition without a record that recent
    const offs = await a.fetchTopicOffsetsByTimestamp(topic, timestamp);
    return offs.map((o) => ({ partition: o.partition, offset: o.offset })).sort((x, y) => x.partition - y.partition);
  }

  async function groupOffsets(groupId: string, topic: string) {
    const a = await getAdmin();
    const res = await a.fetchOffsets({ groupId, topics: [topic] });
    const t = res.find((r) => r.topic === topic);
    return (t?.partitions ?? []).map((p) => ({ partition: p.partition, offset: p.offset })).sort((x, y) => x.partition - y.partition);
  }

  async function readAll(topic: string, ropts: { partitions?: readonly number[]; timeoutMs?: number } = {}): Promise<ConsumedRecord[]> {
    const offsets = await topicOffsets(topic);
    const targets = new Map<number, bigint>();
    for (const o of offsets) {
      if (ropts.partitions && !ropts.partitions.includes(o.partition)) continue;
      if (BigInt(o.high) > BigInt(o.low)) targets.set(o.partition, BigInt(o.high) - 1n);
    }
    if (targets.size === 0) return [];
    const out: ConsumedRecord[] = [];
    const groupId = `aiops-readall-${randomBytes(6).toString('hex')}`;
    const c = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200, sessionTimeout: 10000, heartbeatInterval: 1000 });
    const timeoutMs = ropts.timeoutMs ?? 60_000;
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    try {
      await c.connect();
      await c.subscribe({ topics: [topic], fromBeginning: true });
      await c.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const target = targets.get(batch.partition);
          if (target === undefined) return;
          for (const m of batch.messages) {
            if (BigInt(m.offset) > target) break;
            out.push(toRecord(batch.topic, batch.partition, m));
            if (BigInt(m.offset) === target) targets.delete(batch.partition);
          }
          if (targets.size === 0) finish();
        },
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        done,
        new Promise((_, rej) => {
          timer = setTimeout(() => rej(KafkaReadTimeout(topic, timeoutMs)), timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
    } finally {
      await c.disconnect().catch(() => undefined);
      void getAdmin()
        .then((a) => a.deleteGroups([groupId]))
        .catch(() => undefined);
    }
    return out.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  }

  async function ping(): Promise<boolean> {
    try {
      const a = await getAdmin();
      await a.describeCluster();
      return true;
    } catch {
      return false;
    }
  }

  async function close(): Promise<void> {
    for (const c of [...consumers]) await c.stop().catch(() => undefined);
    for (const p of [...producers]) await p.disconnect().catch(() => undefined);
    if (admin) await admin.disconnect().catch(() => undefined);
    admin = undefined;
  }

  return { topics: topics as TopicNames, ensureTopics, producer, consumer, topicOffsets, offsetsForTimestamp, groupOffsets, readAll, ping, close };
}

/** waitForLeaders polls metadata until every partition of the topics has a leader (bounded). */
async function waitForLeaders(admin: Admin, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const md = await admin.fetchTopicMetadata({ topics: [...topics] });
      if (md.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch {
      // metadata not there yet
    }
    if (Date.now() > deadline) return; // give up waiting; producers retry on their own
    await sleep(200);
  }
}

function headersToRecord(h: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

function toRecord(topic: string, partition: number, m: { offset: string; key: Buffer | null; value: Buffer | null; headers?: IHeaders; timestamp: string }): ConsumedRecord {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key === null ? null : m.key.toString('utf8'),
    value: m.value,
    headers: headersToRecord(m.headers),
    timestamp: Number(m.timestamp),
  };
}

interface ConsumerDeps {
  log: Telemetry['logger'];
  metrics: {
    consumed: ReturnType<typeof counter<'topic'>>;
    handlerErrors: ReturnType<typeof counter<'error_type'>>;
  };
  topicLabel: (t: string) => string;
  consumers: Set<BatchConsumer>;
  offsetsForTimestamp: KafkaClient['offsetsForTimestamp'];
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * createBatchConsumer runs kafkajs eachBatch with manual commits: the handler's write comes first,
 * the commit after. A failing handler gets the same batch again after a growing backoff, which pauses
 * that partition instead of dropping or buffering without bound.
 */
function createBatchConsumer(kafka: Kafka, opts: ConsumerOptions, deps: ConsumerDeps): BatchConsumer {
  let c: KjsConsumer | undefined;
  let running = false;
  let current: Assignment[] = [];
  let assignReady: Promise<void> = Promise.resolve();
  const self: BatchConsumer = {
    get running() {
      return running;
    },
    assignment: () => current,
    async start() {
      const kc = kafka.consumer({
        groupId: opts.groupId,
        allowAutoTopicCreation: false,
        sessionTimeout: opts.sessionTimeoutMs ?? 30000,
        heartbeatInterval: 3000,
        maxWaitTimeInMs: opts.maxWaitTimeInMs ?? 500,
        maxBytesPerPartition: opts.maxBytesPerPartition ?? 1024 * 1024,
        retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 10 },
      });
      c = kc;
      kc.on(kc.events.GROUP_JOIN, (e) => {
        const ma = e.payload.memberAssignment as Record<string, number[]>;
        current = Object.entries(ma).map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }));
        deps.log.info({ groupId: opts.groupId, assignment: current }, 'partitions assigned');
        if (opts.onAssign) {
          const snapshot = current;
          const onAssign = opts.onAssign;
          // Batches wait for the restore of the new assignment (kafkajs does not await listeners).
          assignReady = assignReady.catch(() => undefined).then(() => onAssign(snapshot));
        }
      });
      kc.on(kc.events.CRASH, (e) => {
        deps.log.error({ error: String(e.payload.error), restart: e.payload.restart }, 'consumer crashed');
      });
      await kc.connect();
      await kc.subscribe({ topics: [...opts.topics], fromBeginning: opts.fromBeginning ?? true });
      const seeks: Array<{ topic: string; partition: number; offset: string }> = [];
      for (const [topic, ts] of Object.entries(opts.startAt ?? {})) for (const o of await deps.offsetsForTimestamp(topic, ts)) seeks.push({ topic, ...o });
      running = true;
      deps.consumers.add(self);
      const started = kc.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 1,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          if (batch.messages.length === 0) return;
          let backoff = opts.retryBackoffMs ?? 500;
          const maxBackoff = opts.maxRetryBackoffMs ?? 30_000;
          const records = batch.messages.map((m) => toRecord(batch.topic, batch.partition, m));
          for (;;) {
            if (!isRunning() || isStale()) return;
            try {
              await awaitAssignment();
              await opts.handler({ topic: batch.topic, partition: batch.partition, records, highWatermark: batch.highWatermark, heartbeat, isStale });
              break;
            } catch (err) {
              deps.metrics.handlerErrors.inc({ error_type: errorType(err) });
              deps.log.warn({ err, topic: batch.topic, partition: batch.partition, backoffMs: backoff }, 'batch handler failed; retrying the same batch');
              const until = Date.now() + backoff;
              while (Date.now() < until) {
                if (!isRunning() || isStale()) return;
                await sleep(Math.min(1000, until - Date.now()));
                await heartbeat().catch(() => undefined);
              }
              backoff = Math.min(maxBackoff, backoff * 2);
            }
          }
          const last = batch.lastOffset();
          resolveOffset(last);
          await kc.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
          deps.metrics.consumed.inc({ topic: deps.topicLabel(batch.topic) }, records.length);
        },
      });
      // run() creates its group synchronously and fetches only after joining: seeks given now are
      // applied before the first fetch of each partition
      for (const s of seeks) kc.seek(s);
      await started;
    },
    async stop() {
      running = false;
      deps.consumers.delete(self);
      if (c) await c.disconnect().catch(() => undefined);
      c = undefined;
    },
  };
  /** awaitAssignment waits for the state restore of the current assignment; a failed restore is retried. */
  async function awaitAssignment(): Promise<void> {
    try {
      await assignReady;
    } catch (err) {
      const onAssign = opts.onAssign;
      const snapshot = current;
      assignReady = onAssign ? Promise.resolve().then(() => onAssign(snapshot)) : Promise.resolve();
      throw err;
    }
  }
  return self;
}
