import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, TokenAuth } from '@aiops/http';
import { createKafkaClient, kafkaConfig, type KafkaClient } from '@aiops/kafka';
import type { Event } from '@aiops/model';
import { systemClock } from '@aiops/pipeline';
import { silentTelemetry } from '@aiops/telemetry';
import { eventsFor as eventsOn, freePort, stackEnv, uniqueName } from '@aiops/testkit';
import { buildApp, gatewayConfig, type GatewayApp } from './index.js';

// A real sender's engine: zabbix_js is the Zabbix server's own JavaScript runtime (Duktape, its
// HttpRequest over libcurl), shipped in Debian's zabbix-server-pgsql. It runs the media-type script of
// deploy/examples/zabbix/media_aiops.yaml (the file a Zabbix admin imports) with the parameters the
// server passes after expanding macros, against a real gateway on real Kafka. What it cannot cover:
// the server's own macro expansion and retry loop (those need a Zabbix server and its database).

const REPO = resolve(import.meta.dirname, '../../..');
const EXAMPLES = join(REPO, 'deploy/examples/zabbix');
const INSTALL_HINT = 'run `bash deploy/local/install.sh --with-peers` (unpacks zabbix_js from Debian\'s zabbix-server-pgsql into .aiops/peers/zabbix)';

function zabbixJs(): string | undefined {
  const dataDir = process.env.AIOPS_DATA_DIR ?? join(REPO, '.aiops');
  const candidates = [process.env.AIOPS_ZABBIX_JS, join(dataDir, 'peers/zabbix/zabbix_js'), ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'zabbix_js'))];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

/** The `script: |` block of the media-type export: the lines indented deeper than the key. */
function exportedScript(yamlText: string): string {
  const lines = yamlText.split('\n');
  const at = lines.findIndex((l) => /^\s*script: \|\s*$/.test(l));
  if (at < 0) throw new Error('media_aiops.yaml has no `script: |` block');
  const keyIndent = lines[at]!.search(/\S/);
  const body: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (l.trim() !== '' && l.search(/\S/) <= keyIndent) break;
    body.push(l);
  }
  const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => l.search(/\S/)));
  return body.map((l) => l.slice(indent)).join('\n').trimEnd() + '\n';
}

const TOKEN = 'zabbix-js-token-0123456789abcdef';
const ns = uniqueName('gwzbx');
const dir = mkdtempSync(join(tmpdir(), 'aiops-zbx-'));
const pwned = join(dir, 'pwned');
const HOSTILE = `Disk "/" it's full $(touch ${pwned}) \`touch ${pwned}\`; rm -rf / # ünïcödé`;
let app: GatewayApp;
let reader: KafkaClient;
let base = '';
let engine: string | undefined;
const script = exportedScript(readFileSync(join(EXAMPLES, 'media_aiops.yaml'), 'utf8'));

function run(params: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  if (engine === undefined) throw new Error(`zabbix_js not found: ${INSTALL_HINT}`);
  const exe = engine;
  return new Promise((res, rej) => {
    // The script reads the server's local time zone for {EVENT.DATE} {EVENT.TIME}: pin it.
    const c = spawn(exe, ['-s', '-', '-p', JSON.stringify(params), '-t', '20'], { env: { PATH: process.env.PATH ?? '', TZ: 'UTC' } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.once('error', rej);
    c.once('close', (status) => res({ status, stdout, stderr }));
    c.stdin.end(script);
  });
}

const eventsFor = (fingerprint: string, n: number): Promise<Event[]> => eventsOn(reader, fingerprint, n);

beforeAll(async () => {
  engine = zabbixJs();
  const port = await freePort();
  app = buildApp(
    gatewayConfig.parse({ kafka: { brokers: stackEnv().kafkaBrokers, namespace: ns, partitions: 1 }, http: { port, host: '127.0.0.1' }, rawInput: { enabled: false } }),
    { telemetry: silentTelemetry('gateway-zbx'), clock: systemClock, auth: new TokenAuth([{ name: 'zabbix', sha256: sha256Hex(TOKEN), roles: ['ingest'] }]) },
  );
  await app.start();
  await app.kafkaReady;
  base = `http://127.0.0.1:${port}`;
  reader = createKafkaClient(kafkaConfig.parse({ brokers: stackEnv().kafkaBrokers, namespace: ns }), silentTelemetry('reader'));
});
afterAll(async () => {
  await app?.stop();
  await reader?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Zabbix media type under zabbix_js (the Zabbix server\'s JavaScript engine)', () => {
  // The parameters as the server passes them for a trigger action: macros expanded, the ones with no
  // value in this operation left as their own text (a problem has no {EVENT.RECOVERY.*}).
  const macros = () => ({
    url_gateway: `${base}/api/v1/events/zabbix`, token: TOKEN, triggerId: '31337', triggerName: HOSTILE, triggerDescription: '{TRIGGER.DESCRIPTION}',
    hostName: 'Web 07 (Frankfurt)', hostHost: 'web07', hostIp: '10.20.30.7', hostGroups: 'Linux servers', severity: 'Disaster', severityId: '5',
    itemName: 'Free disk space on /', itemValue: '0.4 %', opdata: '', eventDate: '2024.03.10', eventTime: '23:59:30',
    tags: '[{"tag":"service","value":"checkout"},{"tag":"env","value":"prod"}]', url: '', http_proxy: '',
  });

  it('the exported media type carries the same script as aiops-webhook.js', () => {
    expect(script).toBe(readFileSync(join(EXAMPLES, 'aiops-webhook.js'), 'utf8').trimEnd() + '\n');
  });

  it('problem then recovery: one alert, event ids and clocks from the macros, hostile names stay text', async () => {
    const p = await run({ ...macros(), eventId: '90001', recoveryEventId: '{EVENT.RECOVERY.ID}', eventValue: '1', status: 'PROBLEM', updateStatus: '0', recoveryDate: '{EVENT.RECOVERY.DATE}', recoveryTime: '{EVENT.RECOVERY.TIME}' });
    expect(p.status, `${p.stdout}\n${p.stderr}`).toBe(0);
    expect(p.stdout.trim()).toBe('OK');
    const r = await run({ ...macros(), eventId: '90001', recoveryEventId: '90017', eventValue: '0', status: 'RESOLVED', updateStatus: '0', recoveryDate: '2024.03.11', recoveryTime: '00:09:30' });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const evs = await eventsFor('zabbix:31337', 2);
    expect(evs.map((e) => [e.status, e.severity, e.sourceEventId])).toEqual([['firing', 'critical', '90001'], ['resolved', 'critical', '90017']]);
    // {EVENT.DATE} {EVENT.TIME} in the server's zone (UTC here); the recovery crosses midnight
    expect(evs[0]!.occurredAt).toBe(Date.UTC(2024, 2, 10, 23, 59, 30));
    expect(evs[1]!.occurredAt - evs[0]!.occurredAt).toBe(600_000);
    expect(evs[0]!.title).toContain(HOSTILE);
    expect(JSON.stringify(evs[0])).not.toContain('{TRIGGER.DESCRIPTION}');
    expect(evs[0]!.resource).toMatchObject({ host: 'web07', ip: '10.20.30.7', service: 'checkout', environment: 'prod' });
    expect(existsSync(pwned)).toBe(false);
  });

  it('a refused post fails the script with the gateway\'s answer (Zabbix shows it and retries)', async () => {
    const bad = await run({ ...macros(), token: 'wrong-token-0123456789', eventId: '90002', eventValue: '1', status: 'PROBLEM' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/AIOps webhook failed: AIOps gateway answered 401/);
    // a macro the admin left unset ({$AIOPS.TOKEN} with no user macro) is not sent as a token
    const missing = await run({ ...macros(), token: '{$AIOPS.TOKEN}', eventId: '90003', eventValue: '1', status: 'PROBLEM' });
    expect(missing.stdout + missing.stderr).toMatch(/url_gateway and token parameters are required/);
  });

  it('a gateway that is down fails the script (nothing is lost: Zabbix keeps the alert and retries)', async () => {
    const down = await run({ ...macros(), url_gateway: `http://127.0.0.1:${await freePort()}/api/v1/events/zabbix`, eventId: '90004', eventValue: '1', status: 'PROBLEM' });
    expect(down.status).not.toBe(0);
    expect(down.stdout + down.stderr).toMatch(/cannot get URL|Couldn't connect/i);
  });
});
