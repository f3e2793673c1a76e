import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentTelemetry } from '@aiops/telemetry';
import { stackEnv, uniqueName, waitFor } from '@aiops/testkit';
import { createDlqWriter, createKafkaClient, decodeJson, kafkaConfig, type ConsumedRecord, type KafkaClient } from './index.js';

// Proves kafkajs 2.2.4 against the real broker (Kafka 4.1.1 in KRaft mode from deploy/local):
// provisioning, idempotent produce, group consume with commit after write, redelivery, rebalance.

let client: KafkaClient;
const ns = uniqueName('k');

beforeAll(async () => {
  client = createKafkaClient(kafkaConfig.parse({ brokers: stackEnv().kafkaBrokers, namespace: ns, partitions: 3 }), silentTelemetry('kafka-test'));
  await client.ensureTopics();
});
afterAll(async () => {
  await client.close();
});

describe('@aiops/kafka against a real broker', () => {
  it('provisions every topic idempotently with the declared partitions', async () => {
    await client.ensureTopics(); // second call is a no-op
    expect((await client.topicOffsets(client.topics.events)).length).toBe(3);
    expect((await client.topicOffsets(client.topics.cmdb)).length).toBe(1);
    expect(await client.ping()).toBe(true);
  });

  it('lets several services create the same topics at once (start-up race)', async () => {
    const ns2 = uniqueName('kr');
    const clients = Array.from({ length: 4 }, () =>
      createKafkaClient(kafkaConfig.parse({ brokers: stackEnv().kafkaBrokers, namespace: ns2, partitions: 3 }), silentTelemetry('kafka-race')),
    );
    try {
      await Promise.all(clients.map((c) => c.ensureTopics()));
      const p = await clients[0]!.producer();
      await p.send([{ topic: clients[0]!.topics.events, key: 'k', value: 'v' }]);
      await p.disconnect();
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  it('produces with acks=all and reads back in order per partition, with headers and tombstones', async () => {
    const p = await client.producer();
    await p.send([
      { topic: client.topics.cmdb, key: 'ci-1', value: '{"v":1}', headers: { source: 'test' } },
      { topic: client.topics.cmdb, key: 'ci-1', value: null },
    ]);
    const recs = await client.readAll(client.topics.cmdb);
    expect(recs.map((r) => [r.key, r.value?.toString() ?? null, r.headers.source ?? null])).toEqual([
      ['ci-1', '{"v":1}', 'test'],
      ['ci-1', null, null],
    ]);
    expect(p.healthy).toBe(true);
    await p.disconnect();
  });

  it('commits only after the handler resolves and re-delivers a failed batch', async () => {
    const p = await client.producer();
    const topic = client.topics.alerts;
    await p.send(Array.from({ length: 30 }, (_, i) => ({ topic, key: `k${i % 5}`, value: String(i) })));
    const groupId = `${ns}-g1`;
    const seen: string[] = [];
    let failuresLeft = 1;
    const consumer = client.consumer({
      groupId,
      topics: [topic],
      retryBackoffMs: 50,
      handler: async (b) => {
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new Error('sink down');
        }
        for (const r of b.records) seen.push(r.value!.toString());
      },
    });
    await consumer.start();
    await waitFor('30 records handled', () => seen.length >= 30);
    const committed = await waitFor('offsets committed', async () => {
      const offs = await client.groupOffsets(groupId, topic);
      const sum = offs.reduce((s, o) => s + Math.max(0, Number(o.offset)), 0);
      return sum === 30 ? offs : undefined;
    });
    expect(committed.length).toBe(3);
    expect([...seen].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
    await consumer.stop();
    await p.disconnect();
  });

  it('redelivers uncommitted records to the next member after a crash before commit', async () => {
    const p = await client.producer();
    const topic = client.topics.groups;
    await p.send(Array.from({ length: 10 }, (_, i) => ({ topic, key: `g${i}`, value: String(i) })));
    const groupId = `${ns}-g2`;
    // First member never finishes its handler (a crash before the write): nothing may be committed.
    let entered = false;
    const stuck = client.consumer({ groupId, topics: [topic], sessionTimeoutMs: 6000, handler: () => { entered = true; return new Promise(() => undefined); } });
    await stuck.start();
    await waitFor('first member got a batch', () => entered);
    expect((await client.groupOffsets(groupId, topic)).every((o) => o.offset === '-1')).toBe(true);
    await Promise.race([stuck.stop(), new Promise((r) => setTimeout(r, 3000))]);
    const got: ConsumedRecord[] = [];
    const second = client.consumer({ groupId, topics: [topic], handler: async (b) => { got.push(...b.records); } });
    await second.start();
    await waitFor('all 10 redelivered to the second member', () => new Set(got.map((r) => r.value!.toString())).size === 10, 60_000);
    await second.stop();
    await p.disconnect();
  });

  it('rebalances partitions between two members of one group and calls onAssign first', async () => {
    const topic = client.topics.incidents;
    const groupId = `${ns}-g3`;
    const assigned: Record<string, number[]> = { a: [], b: [] };
    const mk = (name: 'a' | 'b') =>
      client.consumer({
        groupId,
        topics: [topic],
        onAssign: (as) => {
          assigned[name] = as.flatMap((x) => x.partitions);
        },
        handler: async () => undefined,
      });
    const a = mk('a');
    await a.start();
    await waitFor('a owns all 3 partitions', () => assigned.a!.length === 3, 30_000);
    const b = mk('b');
    await b.start();
    await waitFor('partitions split between a and b', () => assigned.a!.length + assigned.b!.length === 3 && assigned.b!.length > 0 && assigned.a!.length > 0, 60_000);
    await b.stop();
    await waitFor('a owns all 3 again', () => assigned.a!.length === 3, 60_000);
    await a.stop();
  });

  it('writes refused input to the DLQ with reason and original bytes, and decodes poison records as data', async () => {
    const p = await client.producer();
    const dlq = createDlqWriter(p, { topic: client.topics.dlq, stage: 'test' });
    const bad = Buffer.from([0xff, 0xfe, 0x00]);
    await dlq.write([
      { payload: '{"broken":', errorCode: 'AIOPS_ERR_DECODE_JSON', reason: 'truncated', source: 'generic' },
      { payload: bad, errorCode: 'AIOPS_ERR_DECODE_JSON', reason: 'binary' },
    ]);
    const recs = (await client.readAll(client.topics.dlq)).map((r) => JSON.parse(r.value!.toString()));
    expect(recs).toHaveLength(2);
    const byReason = Object.fromEntries(recs.map((r) => [r.reason, r]));
    expect(byReason.truncated).toMatchObject({ stage: 'test', encoding: 'utf8', payload: '{"broken":', source: 'generic' });
    expect(Buffer.from(byReason.binary.payload, 'base64')).toEqual(bad);
    const schema = z.object({ n: z.number() });
    const rec = (value: string): ConsumedRecord => ({ topic: 't', partition: 0, offset: '0', key: null, value: Buffer.from(value), headers: {}, timestamp: 0 });
    expect(decodeJson(rec('{"n":1}'), schema)).toEqual({ ok: true, value: { n: 1 } });
    expect(decodeJson(rec('{"n":"x"}'), schema)).toMatchObject({ ok: false, code: 'AIOPS_ERR_DECODE_SCHEMA', field: 'n' });
    expect(decodeJson(rec('{'), schema)).toMatchObject({ ok: false, code: 'AIOPS_ERR_DECODE_JSON' });
    await p.disconnect();
  });

  it('finds offsets by timestamp and starts a consumer there: the older records are not fetched', async () => {
    const p = await client.producer();
    const topic = client.topics.incidentEvents;
    const now = Date.now();
    const old = now - 10 * 24 * 3600_000;
    await p.send([
      ...Array.from({ length: 5 }, (_, i) => ({ topic, partition: 0, key: 'a', value: `old-${i}`, timestamp: old + i })),
      ...Array.from({ length: 3 }, (_, i) => ({ topic, partition: 0, key: 'a', value: `new-${i}`, timestamp: now - 60_000 + i })),
      ...Array.from({ length: 4 }, (_, i) => ({ topic, partition: 1, key: 'b', value: `old-b${i}`, timestamp: old + i })),
    ]);
    const from = now - 3600_000;
    expect(await client.offsetsForTimestamp(topic, from)).toEqual([{ partition: 0, offset: '5' }, { partition: 1, offset: '4' }, { partition: 2, offset: '0' }]);
    const got: ConsumedRecord[] = [];
    const c = client.consumer({ groupId: `${ns}-ts`, topics: [topic], startAt: { [topic]: from }, handler: async (b) => { got.push(...b.records); } });
    await c.start();
    await waitFor('the 3 recent records', () => got.length >= 3, 60_000);
    await p.send([{ topic, partition: 1, key: 'b', value: 'live', timestamp: Date.now() }]);
    await waitFor('the live record', () => got.length >= 4, 60_000);
    expect(got.map((r) => r.value!.toString())).toEqual(['new-0', 'new-1', 'new-2', 'live']);
    expect(got.map((r) => r.offset)).toEqual(['5', '6', '7', '4']);
    await c.stop();
    await p.disconnect();
  });
});
