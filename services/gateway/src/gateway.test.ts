import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutRecord, Producer } from '@aiops/kafka';
import { createBatchingProducer, createTokenBucketLimiter, gatewayConfig, openApiDocument, verifySignature } from './index.js';

function fakeProducer(fail = false) {
  const sends: OutRecord[][] = [];
  const p: Producer = {
    healthy: true,
    async send(records) {
      await new Promise((r) => setTimeout(r, 1));
      if (fail) throw new Error('broker down');
      sends.push([...records]);
    },
    async disconnect() {},
  };
  return { p, sends };
}
const rec = (i: number): OutRecord => ({ topic: 't', key: String(i), value: String(i) });

describe('batching producer', () => {
  it('coalesces concurrent callers into one send and resolves each after it', async () => {
    const { p, sends } = fakeProducer();
    const seen: number[] = [];
    const b = createBatchingProducer(p, { maxRecords: 100, maxDelayMs: 5, observe: (n) => seen.push(n) });
    await Promise.all(Array.from({ length: 20 }, (_, i) => b.send([rec(i), rec(i + 100)])));
    expect(sends).toHaveLength(1);
    expect(sends[0]).toHaveLength(40);
    expect(seen).toEqual([40]);
  });
  it('flushes at maxRecords and never splits one caller across batches', async () => {
    const { p, sends } = fakeProducer();
    const b = createBatchingProducer(p, { maxRecords: 5, maxDelayMs: 50 });
    await Promise.all([b.send([rec(1), rec(2), rec(3)]), b.send([rec(4), rec(5), rec(6)]), b.send([rec(7)])]);
    expect(sends.map((s) => s.map((r) => r.key))).toEqual([['1', '2', '3'], ['4', '5', '6', '7']]);
  });
  it('rejects every caller of a failed send', async () => {
    const { p } = fakeProducer(true);
    const b = createBatchingProducer(p, { maxRecords: 10, maxDelayMs: 1 });
    const r = await Promise.allSettled([b.send([rec(1)]), b.send([rec(2)])]);
    expect(r.map((x) => x.status)).toEqual(['rejected', 'rejected']);
  });
});

describe('token bucket', () => {
  it('allows the burst, then refills at the rate, per key', () => {
    const l = createTokenBucketLimiter({ perSecond: 2, burst: 3 });
    expect([l.take('a', 0), l.take('a', 0), l.take('a', 0)]).toEqual([0, 0, 0]);
    expect(l.take('a', 0)).toBe(1);
    expect(l.take('b', 0)).toBe(0);
    expect(l.take('a', 500)).toBe(0);
    expect(l.take('a', 500)).toBeGreaterThan(0);
  });
});

describe('signature', () => {
  const check = { secret: 's'.repeat(20), header: 'x-sig' };
  const body = Buffer.from('{"a":1}');
  const mac = createHmac('sha256', check.secret).update(body).digest('hex');
  it('accepts the right HMAC with or without the sha256= prefix, refuses others with a reason', () => {
    expect(verifySignature(check, body, { 'x-sig': mac })).toBeUndefined();
    expect(verifySignature(check, body, { 'x-sig': `sha256=${mac}` })).toBeUndefined();
    expect(verifySignature(check, Buffer.from('{"a":2}'), { 'x-sig': mac })).toMatch(/does not match/);
    expect(verifySignature(check, body, {})).toMatch(/missing x-sig/);
    expect(verifySignature(check, body, { 'x-sig': 'zz' })).toMatch(/not a hex/);
  });
  it('signs "<timestamp>:<body>" when a timestamp header is configured', () => {
    const c = { ...check, timestampHeader: 'x-ts' };
    const m = createHmac('sha256', c.secret).update('123:').update(body).digest('hex');
    expect(verifySignature(c, body, { 'x-sig': m, 'x-ts': '123' })).toBeUndefined();
    expect(verifySignature(c, body, { 'x-sig': m })).toMatch(/missing x-ts/);
  });
});

describe('config and docs', () => {
  it('has defaults, refuses unknown keys and short HMAC secrets', () => {
    const c = gatewayConfig.parse({ kafka: { brokers: ['127.0.0.1:9092'] } });
    expect(c.http).toMatchObject({ port: 8080, bodyLimit: 1024 * 1024 });
    expect(c.ingest.batch).toEqual({ maxRecords: 500, maxDelayMs: 5 });
    expect(gatewayConfig.safeParse({ kafka: { brokers: ['a:1'] }, http: { prot: 1 } }).success).toBe(false);
    expect(gatewayConfig.safeParse({ kafka: { brokers: ['a:1'] }, ingest: { hmac: { grafana: { secret: 'short' } } } }).success).toBe(false);
  });
  it('generates an OpenAPI 3.1 document with a request schema per source', () => {
    const doc = openApiDocument() as { openapi: string; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    for (const s of ['generic', 'alertmanager', 'grafana', 'zabbix', 'icinga', 'nagios', 'datadog', 'cloudevents']) expect(doc.components.schemas[`${s}Payload`]).toBeDefined();
    expect(JSON.stringify(doc.components.schemas.genericPayload)).toContain('"severity"');
  });
});
