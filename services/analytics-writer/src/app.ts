import { resolve } from 'node:path';
import { createClickHouse, dropExpiredPartitions, loadMigrations, migrate } from '@aiops/clickhouse';
import { RETENTION_DAYS, TABLE_BINDINGS } from '@aiops/analytics';
import { createDlqWriter, createKafkaClient, type BatchConsumer, type Producer } from '@aiops/kafka';
import { createHttpServer } from '@aiops/http';
import type { Telemetry } from '@aiops/telemetry';
import type { ServiceConfig } from './config.js';
import { createTableWriter } from './writer.js';

const DEFAULT_MIGRATIONS = resolve(import.meta.dirname, '../../../deploy/clickhouse/migrations');

/**
 * buildApp wires the analytics writer: pipeline topics -> batched inserts -> commit after ClickHouse
 * acknowledged. Migrations run at start-up, before anything is consumed.
 */
export function buildApp(config: ServiceConfig, deps: { telemetry: Telemetry; now?: () => number }) {
  const { telemetry } = deps;
  const now = deps.now ?? Date.now;
  const kafka = createKafkaClient(config.kafka, telemetry);
  const ch = createClickHouse(config.clickhouse, telemetry);
  const http = createHttpServer({ telemetry, readiness: [() => consumer?.running === true] });
  let consumer: BatchConsumer | undefined;
  let producer: Producer | undefined;
  let writer: ReturnType<typeof createTableWriter> | undefined;
  let retentionTimer: NodeJS.Timeout | undefined;

  /** retention: on servers without TTL, drop the monthly partitions past each table's retention. */
  async function retention(): Promise<void> {
    for (const [table, days] of Object.entries(RETENTION_DAYS)) {
      const dropped = await dropExpiredPartitions(ch, table, days, now());
      if (dropped.length > 0) telemetry.logger.info({ table, dropped }, 'retention: dropped expired partitions');
    }
  }
  const groupId = config.kafka.namespace === '' ? config.writer.groupId : `${config.kafka.namespace}.${config.writer.groupId}`;

  return {
    http,
    async start() {
      await http.listen(config.http.port);
      const applied = await migrate(ch, loadMigrations(config.writer.migrationsDir ?? DEFAULT_MIGRATIONS));
      telemetry.logger.info({ applied, database: ch.database, server: (await ch.serverVersion()).text }, 'migrations done');
      if (!(await ch.features()).ttl) {
        const runRetention = () =>
          retention().catch((err: unknown) => telemetry.logger.warn({ err }, 'retention failed; retrying at the next interval'));
        await runRetention();
        retentionTimer = setInterval(() => void runRetention(), config.writer.retentionIntervalMs);
        retentionTimer.unref();
      }
      await kafka.ensureTopics();
      producer = await kafka.producer();
      const dlq = createDlqWriter(producer, { topic: kafka.topics.dlq, stage: 'analytics-writer' });
      writer = createTableWriter({
        ch,
        bindings: TABLE_BINDINGS,
        topicOf: (b) => kafka.topics[b.topic],
        dlq,
        telemetry,
        maxRows: config.writer.maxRows,
        maxDelayMs: config.writer.maxDelayMs,
      });
      const w = writer;
      consumer = kafka.consumer({
        groupId,
        topics: TABLE_BINDINGS.map((b) => kafka.topics[b.topic]),
        partitionsConsumedConcurrently: config.writer.partitionsConsumedConcurrently,
        retryBackoffMs: config.writer.retryBackoffMs,
        maxRetryBackoffMs: config.writer.maxRetryBackoffMs,
        handler: (batch) => w.handle(batch),
      });
      await consumer.start();
    },
    async stop() {
      if (retentionTimer) clearInterval(retentionTimer);
      await consumer?.stop();
      await writer?.flushAll();
      await kafka.close();
      await ch.close();
      await http.close();
    },
  };
}
