import { describe, expect, it } from 'vitest';
import { TABLE_BINDINGS, type TableBinding } from '@aiops/analytics';
import type { ClickHouse } from '@aiops/clickhouse';
import type { ConsumedBatch, ConsumedRecord, DlqEntry } from '@aiops/kafka';
import { silentTelemetry } from '@aiops/telemetry';
import { createTableWriter } from './writer.js';

function fakes() {
  const inserts: Array<{ table: string; rows: readonly Record<string, unknown>[] }> = [];
  const dlq: DlqEntry[] = [];
  const ch = { database: 'aiops', insert: async (table: string, rows: readonly Record<string, unknown>[]) => void inserts.push({ table, rows }) } as unknown as ClickHouse;
  const writer = createTableWriter({ ch, bindings: TABLE_BINDINGS, topicOf: (b: TableBinding) => b.topic, dlq: { write: async (e) => void dlq.push(...e) }, telemetry: silentTelemetry('writer-test'), maxRows: 1, maxDelayMs: 10 });
  return { inserts, dlq, writer };
}

function batch(topic: string, values: Array<[string, string | null]>): ConsumedBatch {
  const records: ConsumedRecord[] = values.map(([key, value], i) => ({ topic, partition: 0, offset: String(i), key, value: value === null ? null : Buffer.from(value), headers: {}, timestamp: 1_700_000_000_000 }));
  return { topic, partition: 0, records, highWatermark: String(records.length), heartbeat: async () => undefined, isStale: () => false };
}

describe('analytics writer: tombstones on compacted topics', () => {
  it('an incident snapshot tombstone (evicted by the incident manager) keeps the stored incident: no row, no deletion, no DLQ', async () => {
    const f = fakes();
    await f.writer.handle(batch('incidents', [['inc_1', null], ['inc_2', null]]));
    expect(f.inserts).toEqual([]);
    expect(f.dlq).toEqual([]);
  });

  it('a CMDB tombstone still deletes the CI, and a broken incident still goes to the DLQ', async () => {
    const f = fakes();
    await f.writer.handle(batch('cmdb', [['ci-1', null]]));
    expect(f.inserts).toHaveLength(1);
    expect(f.inserts[0]).toMatchObject({ table: 'cmdb', rows: [{ id: 'ci-1' }] });
    await f.writer.handle(batch('incidents', [['inc_3', '{"id":"inc_3"}']]));
    expect(f.dlq).toHaveLength(1);
    expect(f.dlq[0]!.errorCode).toMatch(/DECODE/);
  });
});
