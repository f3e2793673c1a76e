import { describe, expect, it } from 'vitest';
import type { ConsumedBatch } from '@aiops/kafka';
import { createMemoryKafka } from './memory-kafka.js';

const rec = (topic: string, key: string | null, value: string, timestamp?: number) => ({ topic, key, value, ...(timestamp !== undefined ? { timestamp } : {}) });

describe('memory kafka (unit-test fake of our KafkaClient)', () => {
  it('keeps per-partition logs: one key on one partition, offsets and end offsets per partition, timestamps stamped or given', async () => {
    const k = createMemoryKafka({ partitions: 3, now: () => 42 });
    const t = k.topics.alerts;
    await k.append([rec(t, 'a', '1'), rec(t, 'a', '2', 7), rec(t, 'b', '3'), rec(t, 'c', '4')]);
    const offs = await k.topicOffsets(t);
    expect(offs.map((o) => o.partition)).toEqual([0, 1, 2]);
    expect(offs.reduce((s, o) => s + Number(o.high), 0)).toBe(4);
    const all = await k.readAll(t);
    const a = all.filter((r) => r.key === 'a');
    expect(new Set(a.map((r) => r.partition)).size).toBe(1);
    expect(a.map((r) => [r.offset, r.value?.toString(), r.timestamp])).toEqual([['0', '1', 42], ['1', '2', 7]]);
    expect(await k.readAll(t, { partitions: [a[0]!.partition] })).toHaveLength(Number(offs[a[0]!.partition]!.high));
  });

  it('consumers read from the beginning (or the end) in batches, then live; a group resumes at its committed offsets', async () => {
    const k = createMemoryKafka({ maxBatch: 2 });
    const t = k.topics.groups;
    await k.append([rec(t, 'k', 'a'), rec(t, 'k', 'b'), rec(t, 'k', 'c')]);
    const batches: string[][] = [];
    const handler = async (b: ConsumedBatch) => void batches.push(b.records.map((r) => r.value!.toString()));
    const c = k.consumer({ groupId: 'g1', topics: [t], handler });
    await c.start();
    await k.idle();
    expect(batches).toEqual([['a', 'b'], ['c']]);
    await k.append([rec(t, 'k', 'd')]);
    expect(batches.at(-1)).toEqual(['d']);
    expect(await k.groupOffsets('g1', t)).toEqual([{ partition: 0, offset: '4' }]);
    await c.stop();
    await k.append([rec(t, 'k', 'e')]);
    const again: string[] = [];
    const c2 = k.consumer({ groupId: 'g1', topics: [t], handler: async (b) => void again.push(...b.records.map((r) => r.value!.toString())) });
    await c2.start();
    await k.idle();
    expect(again).toEqual(['e']);
    const latest: string[] = [];
    const c3 = k.consumer({ groupId: 'g2', topics: [t], fromBeginning: false, handler: async (b) => void latest.push(...b.records.map((r) => r.value!.toString())) });
    await c3.start();
    await k.append([rec(t, 'k', 'f')]);
    expect(latest).toEqual(['f']);
  });

  it('a failing handler gets the same batch again; hold() stops delivery until released; failNextSend fails one send', async () => {
    const k = createMemoryKafka();
    const t = k.topics.cmdb;
    let fails = 1;
    const seen: string[] = [];
    const c = k.consumer({ groupId: 'g', topics: [t], retryBackoffMs: 1, handler: async (b) => {
      if (fails-- > 0) throw new Error('downstream down');
      seen.push(...b.records.map((r) => r.offset));
    } });
    const release = k.hold();
    await c.start();
    const appended = k.append([rec(t, null, 'x')]);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([]);
    release();
    await appended;
    expect(seen).toEqual(['0']);
    const p = await k.producer();
    k.failNextSend();
    await expect(p.send([rec(t, null, 'y')])).rejects.toMatchObject({ code: 'AIOPS_ERR_KAFKA_UNAVAILABLE' });
    expect(p.healthy).toBe(false);
    await p.send([rec(t, null, 'z')]);
    expect(p.healthy).toBe(true);
    expect(k.sent.map((r) => r.value)).toEqual(['z']);
    expect(seen).toEqual(['0', '1']);
  });

  it('finds offsets by timestamp (the end when none that recent) and starts a consumer there (startAt), whatever the group committed', async () => {
    const k = createMemoryKafka({ partitions: 2 });
    const t = k.topics.incidentEvents;
    await k.append([
      { topic: t, partition: 0, key: 'a', value: 'old', timestamp: 10 },
      { topic: t, partition: 0, key: 'a', value: 'new', timestamp: 30 },
      { topic: t, partition: 1, key: 'b', value: 'old-b', timestamp: 15 },
    ]);
    expect(await k.offsetsForTimestamp(t, 20)).toEqual([{ partition: 0, offset: '1' }, { partition: 1, offset: '1' }]);
    const seen: string[] = [];
    const c = k.consumer({ groupId: 'g', topics: [t], startAt: { [t]: 20 }, handler: async (b) => void seen.push(...b.records.map((r) => r.value!.toString())) });
    await c.start();
    await k.append([{ topic: t, partition: 1, key: 'b', value: 'live', timestamp: 40 }]);
    await k.idle();
    expect(seen).toEqual(['new', 'live']);
  });
});
