import { randomBytes } from 'node:crypto';
import { createKafkaClient, type BatchConsumer, type ConsumedRecord, type KafkaClient } from '@aiops/kafka';
import type { RouteContext } from './routes/context.js';

/**
 * TopicView keeps an in-memory view of some topics up to date for a route module: its own consumer
 * group (random suffix: every console instance reads everything) from the beginning, `apply` per
 * record, `afterBatch` once per batch. It starts in the background (the HTTP server answers while it
 * catches up; `caughtUp` says whether the first pass has reached the end offsets seen at start) and
 * retries joining every 5 s if Kafka is not there yet.
 */
export interface TopicView {
  start(): void;
  stop(): Promise<void>;
  readonly running: boolean;
  readonly caughtUp: boolean;
}

interface SharedClient {
  readonly client: KafkaClient;
  readonly owned: boolean;
  users: number;
}

const clients = new WeakMap<RouteContext, SharedClient>();

/**
 * kafkaFor gives the route modules of one console one KafkaClient: `extras.kafka` when buildApp was
 * given one (tests), else a client of its own made from the console's Kafka config (shared by the
 * views, closed when the last one releases it).
 */
export function kafkaFor(ctx: RouteContext): { client: KafkaClient; release(): Promise<void> } {
  let s = clients.get(ctx);
  if (s === undefined) {
    const given = ctx.extras.kafka as KafkaClient | undefined;
    s = given !== undefined ? { client: given, owned: false, users: 0 } : { client: createKafkaClient(ctx.config.kafka, ctx.telemetry), owned: true, users: 0 };
    clients.set(ctx, s);
  }
  const shared = s;
  shared.users++;
  let released = false;
  return {
    client: shared.client,
    async release() {
      if (released) return;
      released = true;
      shared.users--;
      if (shared.users === 0) {
        clients.delete(ctx);
        if (shared.owned) await shared.client.close();
      }
    },
  };
}

export function createTopicView(ctx: RouteContext, opts: {
  readonly name: string;
  readonly kafka: KafkaClient;
  readonly topics: readonly string[];
  apply(rec: ConsumedRecord): void;
  afterBatch?(): void;
}): TopicView {
  const log = ctx.telemetry.logger;
  const prefix = ctx.config.kafka.namespace === '' ? '' : `${ctx.config.kafka.namespace}.`;
  let consumer: BatchConsumer | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  /** end offsets per "topic/partition" seen at start; emptied as the view reaches them. */
  let pending: Map<string, bigint> | null = null;

  async function endOffsets(): Promise<Map<string, bigint>> {
    const m = new Map<string, bigint>();
    for (const t of opts.topics) {
      for (const p of await opts.kafka.topicOffsets(t)) if (BigInt(p.high) > BigInt(p.low)) m.set(`${t}/${p.partition}`, BigInt(p.high));
    }
    return m;
  }

  async function attempt(): Promise<void> {
    if (stopped) return;
    try {
      pending = await endOffsets();
      const c = opts.kafka.consumer({
        groupId: `${prefix}${ctx.config.console.groupIdPrefix}-${opts.name}-${randomBytes(4).toString('hex')}`,
        topics: opts.topics,
        fromBeginning: true,
        maxWaitTimeInMs: 100,
        handler: async (batch) => {
          for (const rec of batch.records) opts.apply(rec);
          opts.afterBatch?.();
          const last = batch.records[batch.records.length - 1];
          if (pending !== null && last !== undefined) {
            const key = `${batch.topic}/${batch.partition}`;
            const end = pending.get(key);
            if (end !== undefined && BigInt(last.offset) + 1n >= end) pending.delete(key);
          }
        },
      });
      consumer = c;
      await c.start();
      log.info({ view: opts.name }, 'view consuming');
    } catch (err) {
      consumer = undefined;
      if (stopped) return;
      log.warn({ err, view: opts.name }, 'view could not start; retrying in 5 s');
      retry = setTimeout(() => void attempt(), 5000);
    }
  }

  return {
    get running() {
      return consumer?.running ?? false;
    },
    get caughtUp() {
      return pending !== null && pending.size === 0;
    },
    start() {
      void attempt();
    },
    async stop() {
      stopped = true;
      if (retry !== undefined) clearTimeout(retry);
      await consumer?.stop();
    },
  };
}
