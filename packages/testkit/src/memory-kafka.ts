import { topicNames, type TopicNames } from '@aiops/model';
import { KafkaUnavailable, type BatchConsumer, type ConsumedBatch, type ConsumedRecord, type ConsumerOptions, type KafkaClient, type OutRecord, type PartitionOffsets, type Producer } from '@aiops/kafka';

/**
 * MemoryKafka is an in-memory KafkaClient for unit and component tests (and benches that must not need
 * a broker). It behaves like our client over a log, not like a mock: per-topic partitions with offsets
 * and end offsets, records stamped with a timestamp when appended, consumers that read from the
 * beginning (or the end) in batches and then live, committed offsets per group, readAll up to the end
 * offsets seen at call time. Not modelled: compaction, retention, rebalances, several members of one
 * group, broker failures (except `failNextSend`). It is no stand-in for the integration tests, which
 * run the real client against a real broker.
 */
export interface MemoryKafka extends KafkaClient {
  /** appends records as a producer would (offset, timestamp = record.timestamp ?? now()); resolves once idle consumers took them. */
  append(records: readonly OutRecord[]): Promise<void>;
  /** every record sent through a producer of this client, in order. */
  readonly sent: readonly OutRecord[];
  /** the next producer send fails with AIOPS_ERR_KAFKA_UNAVAILABLE (and marks the producer unhealthy). */
  failNextSend(): void;
  /** consumers deliver nothing until the returned function is called (e.g. to observe a service while it loads). */
  hold(): () => void;
  /** resolves when no consumer has records left to deliver. */
  idle(): Promise<void>;
  /** the records of a topic partition as stored (no copies). */
  log(topic: string, partition?: number): readonly ConsumedRecord[];
}

export interface MemoryKafkaOptions {
  /** topic namespace (default 't'). */
  readonly namespace?: string;
  /** partitions per topic (default 1); a topic not named has 1. */
  readonly partitions?: number | Readonly<Record<string, number>>;
  /** the timestamp given to a record produced without one (default Date.now). */
  readonly now?: () => number;
  /** most records handed to a handler in one batch (default 500). */
  readonly maxBatch?: number;
  /** called after every batch a consumer handled (a bench samples the heap here). */
  readonly afterBatch?: () => void;
}

interface Sub {
  readonly opts: ConsumerOptions;
  /** next offset to deliver per "topic/partition". */
  readonly positions: Map<string, number>;
  running: boolean;
  delivering: boolean;
  pumping: Promise<void> | null;
  again: boolean;
}

export function createMemoryKafka(options: MemoryKafkaOptions = {}): MemoryKafka {
  const topics: TopicNames = topicNames(options.namespace ?? 't');
  const now = options.now ?? Date.now;
  const maxBatch = options.maxBatch ?? 500;
  const logs = new Map<string, ConsumedRecord[][]>();
  const committed = new Map<string, Map<string, number>>();
  const subs = new Set<Sub>();
  const sent: OutRecord[] = [];
  let failNext = false;
  let held: Promise<void> | null = null;
  let roundRobin = 0;

  function partitionsOf(topic: string): number {
    const p = options.partitions;
    if (p === undefined) return 1;
    if (typeof p === 'number') return p;
    return p[topic] ?? 1;
  }

  function partitions(topic: string): ConsumedRecord[][] {
    let l = logs.get(topic);
    if (l === undefined) logs.set(topic, (l = Array.from({ length: partitionsOf(topic) }, () => [])));
    return l;
  }

  /** a stable hash of the key (not Kafka's murmur2: tests only need the same key on the same partition). */
  function partitionFor(r: OutRecord, n: number): number {
    if (r.partition !== undefined) {
      if (r.partition < 0 || r.partition >= n) throw new Error(`memory kafka: ${r.topic} has no partition ${r.partition}`);
      return r.partition;
    }
    if (r.key === null || r.key === undefined) return roundRobin++ % n;
    let h = 0;
    for (let i = 0; i < r.key.length; i++) h = (Math.imul(h, 31) + r.key.charCodeAt(i)) | 0;
    return Math.abs(h) % n;
  }

  /** a consumer gets its own copy of every record (as kafkajs decodes fresh buffers per fetch). */
  const copy = (r: ConsumedRecord): ConsumedRecord => ({ ...r, value: r.value === null ? null : Buffer.from(r.value) });

  function pending(s: Sub): boolean {
    for (const t of s.opts.topics) {
      for (const [p, l] of partitions(t).entries()) if ((s.positions.get(`${t}/${p}`) ?? 0) < l.length) return true;
    }
    return false;
  }

  /** pump delivers a consumer's backlog batch by batch, topic partitions taking turns (as one member of several partitions sees them). */
  function pump(s: Sub): Promise<void> {
    if (s.pumping !== null) {
      s.again = true;
      return s.pumping;
    }
    const run = async (): Promise<void> => {
      do {
        s.again = false;
        if (held !== null) await held;
        for (let more = true; more && s.running;) {
          more = false;
          for (const t of s.opts.topics) {
            for (const [p, l] of partitions(t).entries()) {
              const key = `${t}/${p}`;
              const at = s.positions.get(key) ?? 0;
              if (at >= l.length || !s.running) continue;
              const records = l.slice(at, at + maxBatch).map(copy);
              if (!(await handle(s, { topic: t, partition: p, records, highWatermark: String(l.length), heartbeat: async () => {}, isStale: () => !s.running }))) break;
              // commit after the handler resolved, as the real consumer does
              s.positions.set(key, at + records.length);
              groupOffsets(s.opts.groupId).set(key, at + records.length);
              options.afterBatch?.();
              more = true;
            }
          }
        }
      } while (s.again && s.running);
    };
    // cleared in a callback (always asynchronous), so a pump with nothing to do cannot clear before it is set
    s.pumping = run().finally(() => {
      s.pumping = null;
      // records appended after the last pass but before this callback: one more pass (waiters wait for it too)
      if (s.running && pending(s)) return pump(s);
      return undefined;
    });
    return s.pumping;
  }

  /** handle runs the handler; a failing one gets the same batch again after a backoff, as from the real consumer. False when stopped meanwhile. */
  async function handle(s: Sub, batch: ConsumedBatch): Promise<boolean> {
    let backoff = s.opts.retryBackoffMs ?? 500;
    for (;;) {
      if (!s.running) return false;
      s.delivering = true;
      try {
        await s.opts.handler(batch);
        return true;
      } catch {
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(s.opts.maxRetryBackoffMs ?? 30_000, backoff * 2);
      } finally {
        s.delivering = false;
      }
    }
  }

  function groupOffsets(groupId: string): Map<string, number> {
    let g = committed.get(groupId);
    if (g === undefined) committed.set(groupId, (g = new Map()));
    return g;
  }

  async function append(records: readonly OutRecord[]): Promise<void> {
    const touched = new Set<string>();
    for (const r of records) {
      const parts = partitions(r.topic);
      const p = partitionFor(r, parts.length);
      const l = parts[p] as ConsumedRecord[];
      const value = r.value === null ? null : Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
      l.push({ topic: r.topic, partition: p, offset: String(l.length), key: r.key ?? null, value, headers: { ...(r.headers ?? {}) }, timestamp: r.timestamp ?? now() });
      touched.add(r.topic);
    }
    // a handler that produces must not wait for its own consumer (it would wait for itself): that one picks the records up after it returns
    const waits: Promise<void>[] = [];
    for (const s of subs) {
      if (!s.running || !s.opts.topics.some((t) => touched.has(t))) continue;
      const w = pump(s);
      if (!s.delivering) waits.push(w);
    }
    await Promise.all(waits);
  }

  /** the first offset of a partition produced at or after `ts` (its end when none), as Kafka's ListOffsets by timestamp. */
  function offsetAt(l: readonly ConsumedRecord[], ts: number): number {
    const i = l.findIndex((r) => r.timestamp >= ts);
    return i < 0 ? l.length : i;
  }

  function offsets(topic: string): PartitionOffsets[] {
    return partitions(topic).map((l, partition) => ({ partition, low: '0', high: String(l.length) }));
  }

  const client: MemoryKafka = {
    topics,
    sent,
    append,
    failNextSend() {
      failNext = true;
    },
    hold() {
      let release!: () => void;
      const h = new Promise<void>((r) => (release = r));
      held = h;
      return () => {
        if (held === h) held = null;
        release();
      };
    },
    async idle() {
      for (;;) {
        const busy = [...subs].filter((s) => s.running && (s.pumping !== null || pending(s)));
        if (busy.length === 0) return;
        await Promise.all(busy.map((s) => pump(s)));
      }
    },
    log(topic, partition = 0) {
      return partitions(topic)[partition] ?? [];
    },
    async ensureTopics(defs) {
      for (const d of defs ?? []) if (!logs.has(d.name)) logs.set(d.name, Array.from({ length: d.partitions }, () => []));
    },
    async producer(): Promise<Producer> {
      let healthy = true;
      return {
        get healthy() {
          return healthy;
        },
        async send(records) {
          if (failNext) {
            failNext = false;
            healthy = false;
            throw KafkaUnavailable('memory kafka: broker down (failNextSend)');
          }
          healthy = true;
          sent.push(...records);
          await append(records);
        },
        async disconnect() {},
      };
    },
    consumer(opts): BatchConsumer {
      const s: Sub = { opts, positions: new Map(), running: false, delivering: false, pumping: null, again: false };
      return {
        async start() {
          const g = groupOffsets(opts.groupId);
          for (const t of opts.topics) {
            for (const [p, l] of partitions(t).entries()) {
              const key = `${t}/${p}`;
              // startAt first; else a group resumes at its committed offset, a new one at the beginning or the end
              const at = opts.startAt?.[t];
              s.positions.set(key, at !== undefined ? offsetAt(l, at) : (g.get(key) ?? ((opts.fromBeginning ?? true) ? 0 : l.length)));
            }
          }
          s.running = true;
          subs.add(s);
          if (opts.onAssign) await opts.onAssign(opts.topics.map((topic) => ({ topic, partitions: partitions(topic).map((_, p) => p) })));
          // like kafkajs run(): start resolves once joined; the backlog arrives in the background
          void pump(s);
        },
        async stop() {
          s.running = false;
          subs.delete(s);
          // the batch in flight finishes first (a held consumer has none)
          if (held === null) await s.pumping;
        },
        get running() {
          return s.running;
        },
        assignment: () => (s.running ? opts.topics.map((topic) => ({ topic, partitions: partitions(topic).map((_, p) => p) })) : []),
      };
    },
    async topicOffsets(topic) {
      return offsets(topic);
    },
    async offsetsForTimestamp(topic, timestamp) {
      return partitions(topic).map((l, partition) => ({ partition, offset: String(offsetAt(l, timestamp)) }));
    },
    async groupOffsets(groupId, topic) {
      const g = committed.get(groupId);
      return partitions(topic).map((_, partition) => {
        const o = g?.get(`${topic}/${partition}`);
        return { partition, offset: o === undefined ? '-1' : String(o) };
      });
    },
    async readAll(topic, opts = {}) {
      const out: ConsumedRecord[] = [];
      for (const [p, l] of partitions(topic).entries()) if (opts.partitions === undefined || opts.partitions.includes(p)) out.push(...l.map(copy));
      options.afterBatch?.();
      return out;
    },
    async ping() {
      return true;
    },
    async close() {
      for (const s of subs) s.running = false;
      subs.clear();
    },
  };
  return client;
}
