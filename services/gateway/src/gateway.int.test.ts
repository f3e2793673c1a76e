import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, TokenAuth } from '@aiops/http';
import { createKafkaClient, kafkaConfig, type KafkaClient } from '@aiops/kafka';
import { DlqRecord, Event } from '@aiops/model';
import { normalize } from '@aiops/normalize';
import { systemClock } from '@aiops/pipeline';
import { silentTelemetry } from '@aiops/telemetry';
import { stackEnv, uniqueName, waitFor } from '@aiops/testkit';
import { buildApp, gatewayConfig, type GatewayApp } from './index.js';

// The gateway against the real broker: acceptance only after the ack, every refused body in the DLQ,
// and a sweep of generated bad payloads per source (fast-check) through app.inject().

const fixtures = resolve(import.meta.dirname, '../../../packages/normalize/fixtures');
const fixture = (p: string) => readFileSync(resolve(fixtures, p), 'utf8').trim();
const TOKEN = 'test-token-0123456789abcdef';
const ZBX_TOKEN = 'zabbix-only-token-0123456789';
const SECRET = 'grafana-hmac-secret-0123456789';
const BODY_LIMIT = 32 * 1024;
const KEEP = 4 * 1024;
const auth = new TokenAuth([
  { name: 'all', sha256: sha256Hex(TOKEN), roles: ['ingest'] },
  { name: 'zbx', sha256: sha256Hex(ZBX_TOKEN), roles: ['ingest'], sources: ['zabbix'] },
]);
const ns = uniqueName('gw');
let app: GatewayApp;
let reader: KafkaClient;

const VALID: Record<string, string> = {
  alertmanager: fixture('alertmanager/07-ericsson-eo-resolved-kube-state.json'),
  grafana: fixture('grafana/04-zulip-grafana9-mixed-1-firing-2-resolved.json'),
  zabbix: fixture('zabbix/01-zulip-problem-average.json'),
  icinga: fixture('icinga/02-icinga-notifications-state-critical.json'),
  nagios: JSON.stringify({ notificationType: 'PROBLEM', hostName: 'web01', serviceName: 'http', serviceState: 'CRITICAL', output: 'boom', timestamp: 1700000000 }),
  datadog: fixture('datadog/04-warn-p2-unauthorized.json'),
  cloudevents: fixture('cloudevents/08-json-batch-two-events.json'),
  generic: JSON.stringify([{ title: 'disk full', severity: 'major', labels: { host: 'db1' } }]),
};

/** Mutations that must break each source's payload: [path, value]. */
const BREAKERS: Record<string, Array<(o: any) => unknown>> = {
  alertmanager: [(o) => ({ ...o, alerts: 'x' }), (o) => ({ ...o, alerts: [] }), (o) => ({ ...o, alerts: [{ ...o.alerts[0], labels: 5 }] }), (o) => ({ ...o, alerts: [{ ...o.alerts[0], labels: { a: 1 } }] }), (o) => ({ ...o, alerts: [{ ...o.alerts[0], startsAt: 'noon' }] }), (o) => ({ ...o, alerts: [o.alerts[0], null] })],
  grafana: [(o) => ({ ...o, alerts: {} }), (o) => ({ ...o, alerts: [{ ...o.alerts[0], values: 'x' }] }), (o) => ({ ...o, alerts: [{ ...o.alerts[0], status: 'maybe' }] })],
  zabbix: [(o) => ({ ...o, hostname: undefined }), (o) => ({ ...o, trigger: 7 }), (o) => ({ ...o, status: undefined }), (o) => ({ ...o, eventValue: '9' })],
  icinga: [(o) => ({ ...o, severity: 'bad' }), (o) => ({ ...o, tags: { service: 'x' } }), (o) => ({ ...o, severity: 3 })],
  nagios: [(o) => ({ ...o, notificationType: 4 }), (o) => ({ ...o, hostName: '' }), (o) => ({ ...o, serviceState: 'PURPLE' }), (o) => ({ ...o, timestamp: 'yesterday' })],
  datadog: [(o) => ({ ...o, title: 5 }), (o) => ({ ...o, monitor_id: undefined }), (o) => ({ ...o, date: 'soon' })],
  cloudevents: [(o) => [{ ...o[0], specversion: '0.3' }], (o) => [o[0], { ...o[1], id: 5 }], (_o) => [], (o) => [{ ...o[0], time: 'later' }]],
  generic: [(o) => [{ ...o[0], title: 5 }], (o) => [{ ...o[0], severity: 'urgent' }], (o) => [{ ...o[0], extra: 1 }], (o) => [{ ...o[0], labels: { a: { b: 1 } } }]],
};

interface Bad {
  readonly body: string | Buffer;
  readonly contentType: string;
  readonly kind: string;
}

function badPayloads(source: string, n: number, seed: number): Bad[] {
  const text = VALID[source] as string;
  const obj = JSON.parse(text);
  const arbs: Array<fc.Arbitrary<Bad>> = [
    // truncated JSON
    fc.integer({ min: 1, max: text.length - 1 }).map((cut) => ({ body: text.slice(0, cut), contentType: 'application/json', kind: 'truncated' })),
    // wrong content type
    fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/json', 'application/jsonp').map((ct) => ({ body: text, contentType: ct, kind: 'content-type' })),
    // oversized
    fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 3 }).map((size) => ({ body: `{"pad":"${'x'.repeat(size)}"}`, contentType: 'application/json', kind: 'oversized' })),
    // schema breakers
    fc.constantFrom(...(BREAKERS[source] ?? [])).map((f) => ({ body: JSON.stringify(f(structuredClone(obj))), contentType: 'application/json', kind: 'wrong-type' })),
    // random JSON that the adapter refuses
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)).filter((s) => s !== undefined && normalize(source, JSON.parse(s), { receivedAt: 1 }).errors.length > 0).map((s) => ({ body: s, contentType: 'application/json', kind: 'random-json' })),
    // not UTF-8 / not JSON bytes
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => ({ body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b)]), contentType: 'application/json', kind: 'bytes' })),
    // empty body
    fc.constant({ body: '', contentType: 'application/json', kind: 'empty' }),
  ];
  return fc.sample(fc.oneof(...arbs), { numRuns: n, seed });
}

async function post(source: string, body: string | Buffer, headers: Record<string, string> = {}) {
  return app.http.app.inject({ method: 'POST', url: `/api/v1/events/${source}`, payload: body, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers } });
}

async function dlqRecords(): Promise<DlqRecord[]> {
  return (await reader.readAll(reader.topics.dlq)).map((r) => DlqRecord.parse(JSON.parse(r.value!.toString())));
}

beforeAll(async () => {
  const config = gatewayConfig.parse({
    kafka: { brokers: stackEnv().kafkaBrokers, namespace: ns, partitions: 3 },
    http: { port: 0, host: '127.0.0.1', bodyLimit: BODY_LIMIT, dlqBodyBytes: KEEP },
    ingest: { rateLimit: { perSecond: 1e6, burst: 1e6 }, hmac: { grafana: { secret: SECRET, header: 'x-grafana-alerting-signature' } } },
  });
  app = buildApp(config, { telemetry: silentTelemetry('gateway-test'), clock: systemClock, auth });
  await app.start();
  await app.kafkaReady;
  reader = createKafkaClient(kafkaConfig.parse({ brokers: stackEnv().kafkaBrokers, namespace: ns }), silentTelemetry('reader'));
});
afterAll(async () => {
  await app?.stop();
  await reader?.close();
});

describe('gateway against the real broker', () => {
  it('accepts a generic event only after Kafka acknowledged it, keyed by fingerprint with a source header', async () => {
    const r = await post('generic', JSON.stringify({ title: 'CPU hot', severity: 'critical', fingerprint: 'fp-generic-1', labels: { host: 'web1:9100' } }));
    expect(r.statusCode).toBe(202);
    const body = r.json();
    expect(body).toMatchObject({ accepted: 1, ignored: 0 });
    const recs = await reader.readAll(reader.topics.events);
    const mine = recs.find((x) => x.key === 'fp-generic-1')!;
    expect(mine.headers.source).toBe('generic');
    const ev = Event.parse(JSON.parse(mine.value!.toString()));
    expect(ev).toMatchObject({ id: body.ids[0], severity: 'critical', resource: { host: 'web1' } });
    const again = await post('generic', JSON.stringify({ title: 'CPU hot', severity: 'critical', fingerprint: 'fp-generic-1', labels: { host: 'web1:9100' } }));
    expect(again.json().ids).toEqual(body.ids); // no source time: the id hashes the content, so a retry keeps it
  });

  it('accepts every real fixture of every source, and the ids of a retry are the same', async () => {
    for (const [source, text] of Object.entries(VALID)) {
      const ct = source === 'cloudevents' ? 'application/cloudevents-batch+json' : 'application/json';
      const headers: Record<string, string> = { 'content-type': ct };
      if (source === 'grafana') headers['x-grafana-alerting-signature'] = createHmac('sha256', SECRET).update(text).digest('hex');
      const a = await post(source, text, headers);
      expect(a.statusCode, `${source}: ${a.body}`).toBe(202);
      const b = await post(source, text, headers);
      expect(b.json().ids, source).toEqual(a.json().ids);
    }
  });

  it('refuses without a valid token (401), for another source (403), with a bad HMAC (401): none of these in the DLQ', async () => {
    const before = (await dlqRecords()).length;
    const noToken = await app.http.app.inject({ method: 'POST', url: '/api/v1/events/generic', payload: '{"title":"x"}', headers: { 'content-type': 'application/json' } });
    expect(noToken.statusCode).toBe(401);
    expect(noToken.json().error.code).toBe('AIOPS_ERR_AUTH_UNAUTHORIZED');
    expect((await post('generic', '{"title":"x"}', { authorization: 'Bearer wrong-token-123456789' })).statusCode).toBe(401);
    const forbidden = await post('generic', '{"title":"x"}', { authorization: `Bearer ${ZBX_TOKEN}` });
    expect(forbidden.statusCode).toBe(403);
    expect((await post('zabbix', VALID.zabbix!, { authorization: `Bearer ${ZBX_TOKEN}` })).statusCode).toBe(202);
    const sig = await post('grafana', VALID.grafana!, { 'x-grafana-alerting-signature': 'sha256=' + '0'.repeat(64) });
    expect(sig.statusCode).toBe(401);
    expect(sig.json().error.code).toBe('AIOPS_ERR_AUTH_SIGNATURE');
    expect((await post('grafana', VALID.grafana!)).statusCode).toBe(401);
    expect((await dlqRecords()).length).toBe(before);
  });

  it('sweeps hundreds of generated bad payloads per source: each gets a 4xx with a clear error and lands in the DLQ', async () => {
    const before = (await dlqRecords()).length;
    const sent: Array<{ source: string; bad: Bad; status: number; code: string }> = [];
    const sources = Object.keys(VALID);
    for (const [i, source] of sources.entries()) {
      const bads = badPayloads(source, 300, 1000 + i);
      const headersFor = (bad: Bad, s: string): Record<string, string> => {
        const h: Record<string, string> = { 'content-type': bad.contentType };
        if (s === 'grafana') h['x-grafana-alerting-signature'] = createHmac('sha256', SECRET).update(bad.body).digest('hex');
        return h;
      };
      for (let k = 0; k < bads.length; k += 50) {
        const chunk = bads.slice(k, k + 50);
        const res = await Promise.all(chunk.map((bad) => post(source, bad.body, headersFor(bad, source))));
        res.forEach((r, j) => {
          const bad = chunk[j]!;
          const parsed = r.json() as { error?: { code?: string; message?: string } };
          expect(r.statusCode, `${source} ${bad.kind}: ${r.body}`).toBeGreaterThanOrEqual(400);
          expect(r.statusCode, `${source} ${bad.kind}: ${r.body}`).toBeLessThan(500);
          expect(parsed.error?.code, r.body).toMatch(/^AIOPS_ERR_/);
          expect(parsed.error?.message?.length, r.body).toBeGreaterThan(10);
          sent.push({ source, bad, status: r.statusCode, code: parsed.error!.code! });
        });
      }
    }
    expect(sent.length).toBe(sources.length * 300);
    const statuses = new Set(sent.map((s) => s.status));
    expect([...statuses].sort()).toEqual([400, 413, 415]);
    expect(sent.filter((s) => s.bad.kind === 'oversized').every((s) => s.status === 413)).toBe(true);
    expect(sent.filter((s) => s.bad.kind === 'content-type').every((s) => s.status === 415)).toBe(true);

    // still serving
    expect((await post('generic', '{"title":"after the sweep"}')).statusCode).toBe(202);

    const all = await dlqRecords();
    const dlq = all.slice(0, all.length); // every record of this namespace
    expect(dlq.length - before).toBe(sent.length);
    const gatewayOnly = dlq.filter((d) => d.stage === 'gateway');
    const payloads = new Map<string, number>();
    for (const d of gatewayOnly) {
      const key = `${d.source}|${d.encoding}|${d.payload}`;
      payloads.set(key, (payloads.get(key) ?? 0) + 1);
    }
    for (const s of sent) {
      const bytes = typeof s.bad.body === 'string' ? Buffer.from(s.bad.body) : s.bad.body;
      const kept = s.status === 413 ? bytes.subarray(0, KEEP) : bytes;
      let enc: 'utf8' | 'base64' = 'utf8';
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(kept);
      } catch {
        enc = 'base64';
        text = kept.toString('base64');
      }
      const key = `${s.source}|${enc}|${text}`;
      const n = payloads.get(key) ?? 0;
      expect(n, `${s.source} ${s.bad.kind} body not in the DLQ`).toBeGreaterThan(0);
      payloads.set(key, n - 1);
    }
    const reasons = new Set(gatewayOnly.map((d) => d.errorCode));
    expect(reasons).toContain('AIOPS_ERR_HTTP_BODY_TOO_LARGE');
    expect(reasons).toContain('AIOPS_ERR_HTTP_INVALID_JSON');
    expect(reasons).toContain('AIOPS_ERR_HTTP_UNSUPPORTED_MEDIA_TYPE');
    expect(reasons).toContain('AIOPS_ERR_NORMALIZE_SCHEMA');
  });

  it('names the bad item and field, and refuses an unknown source with 404 (kept in the DLQ)', async () => {
    const r = await post('alertmanager', JSON.stringify({ status: 'firing', alerts: [{ labels: { a: 'b' } }, { labels: { severity: 1 } }] }));
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ field: 'alerts[1].labels.severity' });
    expect(r.json().error.message).toMatch(/item 1/);
    const noType = await app.http.app.inject({ method: 'POST', url: '/api/v1/events/generic', payload: '{"title":"no content type"}', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(noType.statusCode).toBe(415);
    expect(noType.json().error.message).toMatch(/\(none\)/);
    const charset = await post('generic', '{"title":"with charset"}', { 'content-type': 'application/json; charset=utf-8' });
    expect(charset.statusCode).toBe(202);
    const u = await post('pagerduty', '{"x":1}');
    expect(u.statusCode).toBe(404);
    const dlq = await dlqRecords();
    expect(dlq.some((d) => d.source === 'pagerduty' && d.payload === '{"x":1}')).toBe(true);
    expect(dlq.some((d) => d.errorCode === 'AIOPS_ERR_HTTP_UNSUPPORTED_MEDIA_TYPE' && d.payload === '{"title":"no content type"}')).toBe(true);
  });

  it('normalises raw records from aiops.events.raw.v1 and sends bad ones to the DLQ with their origin', async () => {
    const p = await reader.producer();
    await p.send([
      { topic: reader.topics.eventsRaw, key: null, value: VALID.zabbix!, headers: { source: 'zabbix' } },
      { topic: reader.topics.eventsRaw, key: null, value: '{"broken"', headers: { source: 'generic' } },
      { topic: reader.topics.eventsRaw, key: null, value: VALID.generic! },
      { topic: reader.topics.eventsRaw, key: null, value: '{"title":"raw generic","fingerprint":"fp-raw-1"}', headers: { source: 'generic' } },
    ]);
    await p.disconnect();
    const events = await waitFor('raw events normalised', async () => {
      const recs = await reader.readAll(reader.topics.events);
      const fps = recs.map((r) => r.key);
      return fps.includes('fp-raw-1') && fps.filter((k) => k === 'zabbix:14032').length >= 3 ? recs : undefined;
    }, 30_000);
    expect(events.some((r) => r.key === 'fp-raw-1' && r.headers.source === 'generic')).toBe(true);
    const dlq = await waitFor('raw refusals in the DLQ', async () => {
      const d = (await dlqRecords()).filter((x) => x.stage === 'normalizer');
      return d.length >= 2 ? d : undefined;
    }, 30_000);
    expect(dlq).toHaveLength(2);
    expect(dlq.map((d) => d.errorCode).sort()).toEqual(['AIOPS_ERR_DECODE_JSON', 'AIOPS_ERR_NORMALIZE_SOURCE_HEADER']);
    expect(dlq.every((d) => d.origin?.topic === reader.topics.eventsRaw)).toBe(true);
  });

  it('answers 202 with accepted 0 for a notification that is not an alert state, and counts it', async () => {
    const r = await post('icinga', fixture('icinga/05-icinga-notifications-acknowledgement.json'));
    expect(r.statusCode).toBe(202);
    expect(r.json()).toEqual({ accepted: 0, ids: [], ignored: 1 });
  });

  it('serves the OpenAPI document and the docs page; reports metrics with bounded labels', async () => {
    const doc = await app.http.app.inject({ method: 'GET', url: '/docs/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toBe('3.1.0');
    expect(doc.json().components.schemas.genericPayload).toBeDefined();
    expect((await app.http.app.inject({ method: 'GET', url: '/docs' })).body).toMatch(/openapi\.json/);
    const m = (await app.http.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(m).toMatch(/aiops_gateway_events_accepted_total\{[^}]*source="generic"/);
    expect(m).toMatch(/aiops_gateway_events_rejected_total\{[^}]*reason="body_too_large"/);
    expect(m).toMatch(/aiops_gateway_events_rejected_total\{[^}]*source="unknown"/);
    expect(m).toMatch(/aiops_gateway_producer_batch_size_bucket/);
    expect(m).toMatch(/aiops_gateway_items_ignored_total/);
    expect(m).not.toMatch(/pagerduty/);
    expect((await app.http.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
