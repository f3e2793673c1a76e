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
  it('refuses a timestamp outside the replay window', () => {
    const c = { ...check, timestampHeader: 'x-ts', maxSkewSeconds: 300 };
    const m = createHmac('sha256', c.secret).update('1000:').update(body).digest('hex');
    expect(verifySignature(c, body, { 'x-sig': m, 'x-ts': '1000' }, 1_200_000)).toBeUndefined();
    expect(verifySignature(c, body, { 'x-sig': m, 'x-ts': '1000' }, 1_400_000)).toMatch(/replay window/);
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

describe('buildApp without Kafka (component)', () => {
  const TOKEN = 'component-token-0123456789';
  async function withApp(overrides: Record<string, unknown>, fn: (app: import('./index.js').GatewayApp) => Promise<void>) {
    const { buildApp } = await import('./index.js');
    const { TokenAuth, sha256Hex } = await import('@aiops/http');
    const { silentTelemetry } = await import('@aiops/telemetry');
    const { ManualClock } = await import('@aiops/pipeline');
    // brokers point nowhere and start() is never called: no connection is attempted by these requests
    const config = gatewayConfig.parse({ kafka: { brokers: ['127.0.0.1:1'] }, rawInput: { enabled: false }, ...overrides });
    const app = buildApp(config, { telemetry: silentTelemetry('gw-unit'), clock: new ManualClock(1_700_000_000_000), auth: new TokenAuth([{ name: 'c', sha256: sha256Hex(TOKEN), roles: ['ingest'] }]) });
    try {
      await fn(app);
    } finally {
      await app.http.close();
    }
  }
  const post = (app: import('./index.js').GatewayApp, token = TOKEN) =>
    app.http.app.inject({ method: 'POST', url: '/api/v1/events/generic', payload: '{"title":"x"}', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });

  it('answers 429 with Retry-After once the token bucket is empty, before reading the body', async () => {
    await withApp({ ingest: { rateLimit: { perSecond: 0.5, burst: 2 } } }, async (app) => {
      await post(app);
      await post(app);
      const r = await post(app);
      expect(r.statusCode).toBe(429);
      expect(r.headers['retry-after']).toBe('2');
      expect(r.json().error.code).toBe('AIOPS_ERR_RATE_LIMITED');
    });
  });

  it('answers 401 to a wrong token and 503 with Retry-After while there is no producer (nothing accepted)', async () => {
    await withApp({ ingest: { retryAfterSeconds: 9 } }, async (app) => {
      expect((await post(app, 'nope-nope-nope-nope')).statusCode).toBe(401);
      const r = await post(app);
      expect(r.statusCode).toBe(503);
      expect(r.headers['retry-after']).toBe('9');
      expect(r.json().error.code).toBe('AIOPS_ERR_KAFKA_UNAVAILABLE');
      const m = (await app.http.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(m).toMatch(/aiops_gateway_events_rejected_total\{[^}]*reason="kafka_unavailable"[^}]*\} 1/);
      expect(m).toMatch(/aiops_gateway_events_rejected_total\{[^}]*reason="unauthorized"[^}]*\} 1/);
    });
  });
});
