import { isAiopsError } from '@aiops/errors';
import { createBatchWriter, type BatchWriter, type ClickHouse } from '@aiops/clickhouse';
import type { Row, TableBinding } from '@aiops/analytics';
import { decodeJson, type ConsumedBatch, type DlqEntry, type DlqWriter } from '@aiops/kafka';
import { counter, type Telemetry } from '@aiops/telemetry';

/**
 * createTableWriter turns consumed batches into ClickHouse rows. Records that fail their schema, and
 * rows the server refuses as invalid (found by bisecting the refused insert), go to the DLQ; the
 * handler resolves only when every row is either stored or in the DLQ, so the consumer commits after.
 */
export function createTableWriter(deps: {
  ch: ClickHouse;
  bindings: readonly TableBinding[];
  topicOf: (b: TableBinding) => string;
  dlq: DlqWriter;
  telemetry: Telemetry;
  maxRows: number;
  maxDelayMs: number;
}) {
  const byTopic = new Map<string, TableBinding>();
  for (const b of deps.bindings) byTopic.set(deps.topicOf(b), b);
  const refused = counter(deps.telemetry.registry, 'aiops_analytics_writer_refused_records_total', 'records sent to the DLQ', ['table', 'reason']);
  const writers = new Map<string, BatchWriter<Row>>();
  for (const b of deps.bindings) {
    writers.set(b.table, createBatchWriter<Row>({ insert: (rows) => insertOrIsolate(b.table, rows), maxRows: deps.maxRows, maxDelayMs: deps.maxDelayMs }));
  }
  // Rows the server refused, with its reason, until the handler that owns them (batches of several
  // partitions share one insert) writes them to the DLQ. Keyed by the row object itself.
  const refusedRows = new Map<Row, string>();

  /** insertOrIsolate inserts; when the server refuses the data, it bisects to find the bad rows. */
  async function insertOrIsolate(table: string, rows: Row[]): Promise<void> {
    try {
      await deps.ch.insert(table, rows);
    } catch (err) {
      if (!isAiopsError(err) || err.code !== 'AIOPS_ERR_CLICKHOUSE_REJECTED') throw err;
      if (rows.length === 1) {
        refusedRows.set(rows[0] as Row, err.message.slice(0, 2000));
        refused.inc({ table, reason: 'rejected_by_server' });
        return;
      }
      const mid = Math.ceil(rows.length / 2);
      await insertOrIsolate(table, rows.slice(0, mid));
      await insertOrIsolate(table, rows.slice(mid));
    }
  }

  async function handle(batch: ConsumedBatch): Promise<void> {
    const binding = byTopic.get(batch.topic);
    if (!binding) return;
    const rows: Row[] = [];
    const payloads: Array<{ payload: Buffer; origin: DlqEntry['origin'] }> = [];
    const bad: DlqEntry[] = [];
    for (const r of batch.records) {
      const origin = { topic: r.topic, partition: r.partition, offset: r.offset };
      if (r.value === null && binding.tombstone === 'keep') continue; // the table keeps its history
      if (r.value === null && typeof binding.tombstone === 'function' && r.key !== null) {
        rows.push(binding.tombstone(r.key, r.timestamp));
        payloads.push({ payload: Buffer.alloc(0), origin });
        continue;
      }
      const d = decodeJson(r, binding.schema);
      if (!d.ok) {
        if (binding.topic === 'dlq') continue; // never loop refused input back into the DLQ; it stays on its topic
        bad.push({ payload: r.value ?? Buffer.alloc(0), errorCode: d.code, reason: d.reason, field: d.field, origin });
        refused.inc({ table: binding.table, reason: 'schema' });
        continue;
      }
      rows.push(binding.toRow(d.value, r.timestamp));
      payloads.push({ payload: r.value ?? Buffer.alloc(0), origin });
    }
    try {
      await (writers.get(binding.table) as BatchWriter<Row>).write(rows);
    } catch (err) {
      for (const row of rows) refusedRows.delete(row); // the retried batch brings new row objects
      throw err;
    }
    for (let i = 0; i < rows.length; i++) {
      const reason = refusedRows.get(rows[i] as Row);
      if (reason === undefined) continue;
      refusedRows.delete(rows[i] as Row);
      const p = payloads[i] as (typeof payloads)[number];
      bad.push({ payload: p.payload, origin: p.origin, errorCode: 'AIOPS_ERR_CLICKHOUSE_REJECTED', reason });
    }
    if (bad.length > 0) await deps.dlq.write(bad);
  }

  async function flushAll(): Promise<void> {
    await Promise.allSettled([...writers.values()].map((w) => w.flush()));
  }

  return { handle, flushAll };
}
