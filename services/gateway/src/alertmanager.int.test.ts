import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, TokenAuth } from '@aiops/http';
import { createKafkaClient, kafkaConfig, type KafkaClient } from '@aiops/kafka';
import type { Event } from '@aiops/model';
import { alertmanagerFingerprint } from '@aiops/normalize';
import { systemClock } from '@aiops/pipeline';
import { silentTelemetry } from '@aiops/telemetry';
import { freePort, readEvents, stackEnv, uniqueName, waitFor } from '@aiops/testkit';
import { buildApp, gatewayConfig, type GatewayApp } from './index.js';

// A real sender: Debian's Prometheus evaluates a rule over a metric this test serves, Debian's Alertmanager
// posts the webhook (bearer auth) to the gateway, and the firing and then the resolved alert must arrive on
// aiops.events.v1 with Alertmanager's fingerprint, the severity and the labels.

const INSTALL_HINT = 'run `bash deploy/local/install.sh --with-peers` (installs Debian\'s prometheus and prometheus-alertmanager)';

function which(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, bin);
    if (existsSync(p)) return p;
  }
  return undefined;
}

const TOKEN = 'alertmanager-e2e-token-0123456789';
const ns = uniqueName('gwam');
const dir = mkdtempSync(join(tmpdir(), 'aiops-am-'));
const children: ChildProcess[] = [];
const logs: Record<string, string> = { prometheus: '', alertmanager: '' };
let toggle = 1;
let metricsServer: Server;
let app: GatewayApp;
let reader: KafkaClient;
let amPort = 0;

function start(name: 'prometheus' | 'alertmanager', bin: string, args: string[]): void {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (logs[name] += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (logs[name] += d.toString()));
  children.push(child);
}

async function ok(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  const prometheus = which('prometheus');
  const alertmanager = which('prometheus-alertmanager');
  if (prometheus === undefined || alertmanager === undefined || !existsSync('/usr/share/prometheus/alertmanager/default.tmpl')) {
    throw new Error(`prometheus and prometheus-alertmanager are not installed: ${INSTALL_HINT}`);
  }
  const [gwPort, promPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  amPort = await freePort();

  app = buildApp(
    gatewayConfig.parse({ kafka: { brokers: stackEnv().kafkaBrokers, namespace: ns, partitions: 1 }, http: { port: gwPort, host: '127.0.0.1' }, rawInput: { enabled: false } }),
    { telemetry: silentTelemetry('gateway-am'), clock: systemClock, auth: new TokenAuth([{ name: 'alertmanager', sha256: sha256Hex(TOKEN), roles: ['ingest'], sources: ['alertmanager'] }]) },
  );
  await app.start();
  await app.kafkaReady;
  reader = createKafkaClient(kafkaConfig.parse({ brokers: stackEnv().kafkaBrokers, namespace: ns }), silentTelemetry('reader'));

  // the metric the rule watches: 1 = broken, 0 = fixed
  metricsServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`# TYPE aiops_e2e_broken gauge\naiops_e2e_broken ${toggle}\n`);
  });
  await new Promise<void>((r) => metricsServer.listen(metricsPort, '127.0.0.1', () => r()));

  writeFileSync(join(dir, 'rules.yml'), [
    'groups:',
    '  - name: aiops-e2e',
    '    interval: 1s',
    '    rules:',
    '      - alert: AiopsE2EBroken',
    '        expr: aiops_e2e_broken > 0',
    '        for: 0s',
    '        labels: { severity: critical, team: sre }',
    '        annotations: { summary: "the e2e target is broken", description: "ünïcödé text from the rule" }',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'prometheus.yml'), [
    'global: { scrape_interval: 1s, evaluation_interval: 1s }',
    'rule_files: [rules.yml]',
    `alerting: { alertmanagers: [ { static_configs: [ { targets: ["127.0.0.1:${amPort}"] } ] } ] }`,
    `scrape_configs: [ { job_name: e2e, static_configs: [ { targets: ["127.0.0.1:${metricsPort}"] } ] } ]`,
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'am.yml'), [
    'route: { receiver: aiops, group_by: [alertname], group_wait: 1s, group_interval: 1s, repeat_interval: 1h }',
    'receivers:',
    '  - name: aiops',
    '    webhook_configs:',
    `      - url: http://127.0.0.1:${gwPort}/api/v1/events/alertmanager`,
    '        send_resolved: true',
    `        http_config: { authorization: { credentials: ${TOKEN} } }`,
    '',
  ].join('\n'));
  start('alertmanager', alertmanager, [`--config.file=${join(dir, 'am.yml')}`, `--storage.path=${join(dir, 'am-data')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=']);
  start('prometheus', prometheus, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prom-data')}`, `--web.listen-address=127.0.0.1:${promPort}`]);
  await waitFor(`alertmanager ready on ${amPort}\n${logs.alertmanager}`, () => ok(`http://127.0.0.1:${amPort}/-/ready`), 30_000);
  await waitFor(`prometheus ready on ${promPort}\n${logs.prometheus}`, () => ok(`http://127.0.0.1:${promPort}/-/ready`), 30_000);
});

afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
  await new Promise<void>((r) => (metricsServer ? metricsServer.close(() => r()) : r()));
  await app?.stop();
  await reader?.close();
  rmSync(dir, { recursive: true, force: true });
});

const events = (): Promise<Event[]> => readEvents(reader);

describe('Prometheus -> Alertmanager -> gateway -> Kafka (Debian binaries)', () => {
  let fingerprint = '';

  it('delivers the firing alert with Alertmanager\'s fingerprint, the severity and the labels', async () => {
    const firing = await waitFor(`a firing event on aiops.events.v1\n--- alertmanager log:\n${logs.alertmanager.slice(-2000)}`, async () => (await events()).find((e) => e.status === 'firing'), 60_000, 500);
    const amAlerts = (await (await fetch(`http://127.0.0.1:${amPort}/api/v2/alerts`)).json()) as Array<{ fingerprint: string; labels: Record<string, string> }>;
    const am = amAlerts.find((a) => a.labels.alertname === 'AiopsE2EBroken');
    expect(am, 'Alertmanager knows the alert').toBeDefined();
    fingerprint = am!.fingerprint;
    expect(firing).toMatchObject({ source: 'alertmanager', fingerprint, severity: 'critical', title: 'the e2e target is broken', description: 'ünïcödé text from the rule' });
    expect(firing.labels).toMatchObject({ alertname: 'AiopsE2EBroken', severity: 'critical', team: 'sre', job: 'e2e' });
    expect(alertmanagerFingerprint(firing.labels)).toBe(fingerprint);
    expect(firing.resource).toMatchObject({ job: 'e2e', instance: '127.0.0.1', host: '127.0.0.1' });
    expect(firing.url).toMatch(/^http:\/\/.*graph\?g0\.expr=/);
    expect(firing.startsAt).toBe(firing.occurredAt);
  });

  it('delivers the resolved alert for the same fingerprint once the metric recovers', async () => {
    toggle = 0;
    const resolved = await waitFor(`a resolved event\n--- alertmanager log:\n${logs.alertmanager.slice(-2000)}`, async () => (await events()).find((e) => e.status === 'resolved'), 60_000, 500);
    expect(resolved).toMatchObject({ source: 'alertmanager', fingerprint, severity: 'critical', status: 'resolved' });
    expect(resolved.endsAt).toBeGreaterThan(resolved.startsAt!);
    expect(resolved.occurredAt).toBe(resolved.endsAt);
    const all = await events();
    expect(new Set(all.map((e) => e.fingerprint))).toEqual(new Set([fingerprint]));
  });
});
