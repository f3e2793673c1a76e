/**
 * The foundation's thin slice, end to end, as real processes on the real stack:
 * HTTP (gateway) -> aiops.events.v1 -> correlator (dedup) -> aiops.alerts.v1 -> analytics-writer -> ClickHouse,
 * with duplicates, a sender's retry, a malformed request (400 naming the field) and its DLQ record.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient, kafkaConfig, type KafkaClient } from '@aiops/kafka';
import { silentTelemetry } from '@aiops/telemetry';
import { freePort, stackEnv, startService, uniqueName, waitFor, type ServiceProcess } from '@aiops/testkit';

const ns = uniqueName('slice');
const db = `${ns}_db`;
const token = randomBytes(24).toString('hex');
let tokenFile: string;
let kafka: KafkaClient;
const services: ServiceProcess[] = [];
let gateway: ServiceProcess;

async function chQuery<T>(sql: string): Promise<T[]> {
  const r = await fetch(`${stackEnv().clickhouseUrl}/?database=${db}`, { method: 'POST', body: `${sql} FORMAT JSONEachRow` });
  const text = await r.text();
  if (!r.ok) throw new Error(`ClickHouse: ${text}`);
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
}

function post(body: string, contentType = 'application/json') {
  return fetch(`${gateway.baseUrl}/api/v1/events/generic`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
  });
}

beforeAll(async () => {
  const env = stackEnv();
  tokenFile = join(mkdtempSync(join(tmpdir(), 'slice-')), 'token');
  writeFileSync(tokenFile, token);
  kafka = createKafkaClient(kafkaConfig.parse({ brokers: env.kafkaBrokers, namespace: ns }), silentTelemetry('slice-test'));
  await kafka.ensureTopics();
  const common = {
    AIOPS_KAFKA_BROKERS: env.kafkaBrokers.join(','),
    AIOPS_KAFKA_NAMESPACE: ns,
    AIOPS_CLICKHOUSE_URL: env.clickhouseUrl,
    AIOPS_CLICKHOUSE_DATABASE: db,
    AIOPS_API_TOKEN_FILE: tokenFile,
    AIOPS_LOG_LEVEL: process.env.SLICE_DEBUG ? 'info' : 'warn',
  };
  const [pw, pc, pg] = [await freePort(), await freePort(), await freePort()];
  services.push(await startService('analytics-writer', { port: pw, env: { ...common, AIOPS_ANALYTICS_WRITER_PORT: String(pw) } }));
  services.push(await startService('correlator', { port: pc, env: { ...common, AIOPS_CORRELATOR_PORT: String(pc) } }));
  gateway = await startService('gateway', { port: pg, env: { ...common, AIOPS_GATEWAY_PORT: String(pg) } });
  services.push(gateway);
});

afterAll(async () => {
  if (process.env.SLICE_DEBUG) for (const s of services) console.log(s.name, s.output().slice(-3000));
  for (const s of services.reverse()) await s.stop();
  await kafka?.close();
  await fetch(`${stackEnv().clickhouseUrl}/`, { method: 'POST', body: `DROP DATABASE IF EXISTS ${db}` }).catch(() => undefined);
});

describe('thin slice: gateway -> correlator -> analytics-writer', () => {
  const t0 = Date.UTC(2026, 10, 23, 12, 0, 0);
  const disk = (i: number) => ({ title: 'Disk /var 95% full', severity: 'major', fingerprint: 'disk-db-1', labels: { alertname: 'DiskFull', host: 'db-1' }, occurredAt: t0 + i * 1000 });
  const cpu = { title: 'High CPU on web-1', severity: 'warning', fingerprint: 'cpu-web-1', labels: { alertname: 'HighCpu', host: 'web-1' }, occurredAt: t0 };
  const acceptedIds: string[] = [];

  it('accepts events with 202 and their ids only after Kafka acknowledged', async () => {
    const r1 = await post(JSON.stringify([disk(0), cpu]));
    expect(r1.status).toBe(202);
    const b1 = (await r1.json()) as { ids: string[] };
    expect(b1.ids).toHaveLength(2);
    acceptedIds.push(...b1.ids);
    // two more occurrences of the same alert (same fingerprint, later times) ...
    for (const i of [1, 2]) {
      const r = await post(JSON.stringify(disk(i)));
      expect(r.status).toBe(202);
      acceptedIds.push(...((await r.json()) as { ids: string[] }).ids);
    }
    // ... and a sender's retry of an identical request: same deterministic id
    const retry = await post(JSON.stringify(disk(2)));
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as { ids: string[] }).ids).toEqual([acceptedIds[3]]);
    const events = await kafka.readAll(kafka.topics.events);
    expect(events.length).toBe(5); // at-least-once: the retry is on the topic too, with the same id
    expect(new Set(events.map((e) => JSON.parse(e.value!.toString()).id))).toEqual(new Set(acceptedIds));
  });

  it('refuses a malformed event with 400 naming the field, and keeps it in the DLQ', async () => {
    const bad = JSON.stringify({ title: 'x', severity: 'catastrophic' });
    const r = await post(bad);
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; message: string; field?: string } };
    expect(body.error.field ?? body.error.message).toMatch(/severity/);
    const dlq = await waitFor('the DLQ record', async () => {
      const recs = (await kafka.readAll(kafka.topics.dlq)).map((x) => JSON.parse(x.value!.toString()));
      return recs.find((d) => d.payload === bad);
    });
    expect(dlq).toMatchObject({ stage: 'gateway', source: 'generic' });
    expect(dlq.reason).toMatch(/severity/);
  });

  it('refuses a request without a valid token with 401, and unsupported content with 415', async () => {
    const r = await fetch(`${gateway.baseUrl}/api/v1/events/generic`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cpu) });
    expect(r.status).toBe(401);
    expect((await post('title=x', 'application/x-www-form-urlencoded')).status).toBe(415);
  });

  it('deduplicates by fingerprint: one alert with three occurrences, one with one', async () => {
    const latest = await waitFor('alert state changes for both fingerprints', async () => {
      const recs = (await kafka.readAll(kafka.topics.alerts)).map((x) => JSON.parse(x.value!.toString()) as { fingerprint: string; count: number; version: number });
      const byFp = new Map<string, { count: number; version: number }>();
      for (const a of recs) if ((byFp.get(a.fingerprint)?.version ?? 0) < a.version) byFp.set(a.fingerprint, a);
      return byFp.get('disk-db-1')?.count === 3 && byFp.has('cpu-web-1') ? byFp : undefined;
    }, 60_000);
    expect(latest.get('disk-db-1')!.count).toBe(3);
    expect(latest.get('cpu-web-1')!.count).toBe(1);
  });

  it('writes events and alert state changes to ClickHouse, counting each event once', async () => {
    const rows = await waitFor('4 distinct events in ClickHouse', async () => {
      const r = await chQuery<{ n: string }>('SELECT uniqExact(id) AS n FROM events');
      return r[0] && Number(r[0].n) === 4 ? r : undefined;
    }, 60_000);
    expect(Number(rows[0]!.n)).toBe(4);
    const alerts = await waitFor('alert rows in ClickHouse', async () => {
      const r = await chQuery<{ fingerprint: string; c: number | string }>('SELECT fingerprint, max(count) AS c FROM alerts GROUP BY fingerprint ORDER BY fingerprint');
      return r.length === 2 && Number(r[1]!.c) === 3 ? r : undefined;
    }, 60_000);
    expect(alerts.map((a) => [a.fingerprint, Number(a.c)])).toEqual([
      ['cpu-web-1', 1],
      ['disk-db-1', 3],
    ]);
    // the 400 (bad severity) and the 415 (form body) requests, each kept once
    const dlq = await waitFor('the refused requests in the dlq table', async () => {
      const r = await chQuery<{ error_code: string; reason: string }>("SELECT error_code, reason FROM dlq FINAL WHERE stage = 'gateway' ORDER BY error_code");
      return r.length === 2 ? r : undefined;
    }, 60_000);
    expect(dlq.some((d) => /severity/.test(d.reason))).toBe(true);
  });

  it('every service answers health, readiness and metrics', async () => {
    for (const s of services) {
      expect((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${s.baseUrl}/readyz`)).status).toBe(200);
      expect(await (await fetch(`${s.baseUrl}/metrics`)).text()).toContain('aiops_');
    }
  });
});
