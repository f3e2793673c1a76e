import type { TopicDefinition, TopicNames } from '@aiops/model';

/** OutRecord is one record to produce. `value: null` is a tombstone (compacted topics). */
export interface OutRecord {
  readonly topic: string;
  readonly key?: string | null;
  readonly value: string | Buffer | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly partition?: number;
  readonly timestamp?: number;
}

/**
 * Producer sends with acks=all and the idempotent producer. `send` resolves only when every record is
 * acknowledged by the broker; it throws AiopsError AIOPS_ERR_KAFKA_UNAVAILABLE (retryable, 503) when the
 * broker cannot take them, so callers never report acceptance of something that could be lost.
 */
export interface Producer {
  send(records: readonly OutRecord[]): Promise<void>;
  /** false after a failed send until a later send succeeds: feeds /readyz. */
  readonly healthy: boolean;
  disconnect(): Promise<void>;
}

export interface ProducerOptions {
  /** Per-send timeout before giving up with AIOPS_ERR_KAFKA_UNAVAILABLE (default 10 s). */
  readonly sendTimeoutMs?: number;
}

/** ConsumedRecord is one record handed to a batch handler. Offsets are strings (int64). */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: number;
}

export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ConsumedRecord[];
  readonly highWatermark: string;
  /** Keep the group session alive during long work. */
  heartbeat(): Promise<void>;
  /** True when a rebalance took the partition away: stop working on the batch. */
  isStale(): boolean;
}

/**
 * BatchHandler processes one batch of one partition and returns only after its downstream write was
 * acknowledged. The consumer commits the batch's offsets after the handler resolves (commit after write).
 * If it throws, nothing is committed and the same batch is handed again after a backoff (the consumer
 * in effect pauses on that partition): handlers turn bad input into DLQ records instead of throwing.
 */
export type BatchHandler = (batch: ConsumedBatch) => Promise<void>;

export interface Assignment {
  readonly topic: string;
  readonly partitions: readonly number[];
}

export interface ConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly handler: BatchHandler;
  /** Where a new group starts: true = earliest (default), false = latest. */
  readonly fromBeginning?: boolean;
  /**
   * Per topic, a timestamp (epoch ms): on start every partition of that topic is read from the first
   * record produced at or after it (the end when none), whatever the group committed. Lets a reader
   * skip a history it would not keep (the records are not even fetched).
   */
  readonly startAt?: Readonly<Record<string, number>>;
  /** Called after the group assigned partitions to this member, before their first batch (state restore). */
  readonly onAssign?: (assignment: readonly Assignment[]) => Promise<void> | void;
  readonly partitionsConsumedConcurrently?: number;
  readonly maxBytesPerPartition?: number;
  readonly maxWaitTimeInMs?: number;
  readonly sessionTimeoutMs?: number;
  /** First backoff after a failed handler; doubles up to maxRetryBackoffMs. */
  readonly retryBackoffMs?: number;
  readonly maxRetryBackoffMs?: number;
}

export interface BatchConsumer {
  start(): Promise<void>;
  /** Stops fetching, lets the in-flight batch finish and commit, leaves the group. */
  stop(): Promise<void>;
  /** true once joined and not stopped: feeds /readyz. */
  readonly running: boolean;
  /** Current assignment of this member. */
  assignment(): readonly Assignment[];
}

export interface PartitionOffsets {
  readonly partition: number;
  readonly low: string;
  readonly high: string;
}

/** KafkaClient is the only door to Kafka in the codebase (kafkajs stays behind it, so it can be swapped). */
export interface KafkaClient {
  /** Topic names resolved under the configured namespace. */
  readonly topics: TopicNames;
  /** Creates missing topics (idempotent). Default: every topic of @aiops/model under the namespace. */
  ensureTopics(defs?: readonly TopicDefinition[]): Promise<void>;
  producer(opts?: ProducerOptions): Promise<Producer>;
  consumer(opts: ConsumerOptions): BatchConsumer;
  /** Low/high watermarks per partition. */
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Per partition, the offset of the first record produced at or after `timestamp` (the end offset when none). */
  offsetsForTimestamp(topic: string, timestamp: number): Promise<Array<{ partition: number; offset: string }>>;
  /** Committed offsets of a group on a topic, per partition ('-1' when none). */
  groupOffsets(groupId: string, topic: string): Promise<Array<{ partition: number; offset: string }>>;
  /**
   * readAll reads a topic from the beginning up to the high watermarks seen at call time (state restore,
   * tests). Only `partitions` when given.
   */
  readAll(topic: string, opts?: { partitions?: readonly number[]; timeoutMs?: number }): Promise<ConsumedRecord[]>;
  /** True when the broker answers a metadata request. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
