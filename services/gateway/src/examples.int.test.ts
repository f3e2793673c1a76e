import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, TokenAuth } from '@aiops/http';
import { createKafkaClient, kafkaConfig, type KafkaClient } from '@aiops/kafka';
import type { Event } from '@aiops/model';
import { systemClock } from '@aiops/pipeline';
import { silentTelemetry } from '@aiops/telemetry';
import { eventsFor as eventsOn, freePort, stackEnv, uniqueName } from '@aiops/testkit';
import { buildApp, gatewayConfig, type GatewayApp } from './index.js';

// The sender-side examples we ship (deploy/examples/) run against a real gateway and broker: the
// Icinga/Nagios notification script (sh + jq or python3 + curl) and the Zabbix media-type script (run
// with a stand-in for Zabbix's HttpRequest that calls curl). Hostile plugin output stays text.

const examples = resolve(import.meta.dirname, '../../../deploy/examples');
const TOKEN = 'examples-token-0123456789abcdef';
const ns = uniqueName('gwex');
const dir = mkdtempSync(join(tmpdir(), 'aiops-ex-'));
const tokenFile = join(dir, 'token');
const pwned = join(dir, 'pwned');
let app: GatewayApp;
let reader: KafkaClient;
let base = '';

beforeAll(async () => {
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const port = await freePort();
  app = buildApp(
    gatewayConfig.parse({ kafka: { brokers: stackEnv().kafkaBrokers, namespace: ns, partitions: 1 }, http: { port, host: '127.0.0.1' }, rawInput: { enabled: false } }),
    { telemetry: silentTelemetry('gateway-ex'), clock: systemClock, auth: new TokenAuth([{ name: 'senders', sha256: sha256Hex(TOKEN), roles: ['ingest'] }]) },
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

const eventsFor = (fingerprint: string, n: number): Promise<Event[]> => eventsOn(reader, fingerprint, n);

const HOSTILE = `it's "broken" $(touch ${pwned}) \`touch ${pwned}\` ; rm -rf / # ünï`;

/** run executes a command without blocking the event loop (the gateway under test lives in this process). */
function run(cmd: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const c = spawn(cmd, args, { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.once('error', rej);
    c.once('close', (status) => res({ status, stdout, stderr }));
  });
}
const notify = (env: Record<string, string>) => run('sh', [join(examples, 'icinga', 'aiops-notify.sh')], env);

/**
 * ZABBIX_RUNNER runs the media-type script the way Zabbix does (synchronous HttpRequest), in a child
 * process: a stand-in HttpRequest calls curl. Params arrive in AIOPS_PARAMS; prints the return value or
 * "THROWN: <error>".
 */
const ZABBIX_RUNNER = `
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
class HttpRequest {
  constructor() { this.headers = []; this.status = 0; }
  addHeader(h) { this.headers.push(h); }
  setProxy() {}
  getStatus() { return this.status; }
  post(url, body) {
    const args = ['-sS', '-w', '\\n%{http_code}', '--data-binary', '@-', url];
    for (const h of this.headers) args.unshift('-H', h);
    const out = execFileSync('curl', args, { input: body, encoding: 'utf8' });
    const i = out.lastIndexOf('\\n');
    this.status = Number(out.slice(i + 1));
    return out.slice(0, i);
  }
}
const script = fs.readFileSync(process.env.AIOPS_SCRIPT, 'utf8');
try {
  const r = new Function('value', 'HttpRequest', 'Zabbix', script)(process.env.AIOPS_PARAMS, HttpRequest, { log() {} });
  process.stdout.write(String(r));
} catch (e) { process.stdout.write('THROWN: ' + e); }
`;

describe('deploy/examples against the gateway', () => {
  const tools = ['python3', ...(existsSync('/usr/bin/jq') ? ['jq'] : [])];

  it.each(tools)('icinga notification script (%s): PROBLEM then RECOVERY, hostile output stays text', async (tool) => {
    const common = { AIOPS_URL: `${base}/api/v1/events/icinga`, AIOPS_TOKEN_FILE: tokenFile, AIOPS_JSON_TOOL: tool, AIOPS_HOST_NAME: `web-${tool}`, AIOPS_HOST_ADDRESS: '10.0.0.5', AIOPS_SERVICE_NAME: 'http', AIOPS_LABELS_JSON: '{"env":"prod"}' };
    const p = await notify({ ...common, AIOPS_NOTIFICATION_TYPE: 'PROBLEM', AIOPS_SERVICE_STATE: 'CRITICAL', AIOPS_OUTPUT: HOSTILE, AIOPS_TIMESTAMP: '1700000000' });
    expect(p.status, p.stderr).toBe(0);
    const r = await notify({ ...common, AIOPS_NOTIFICATION_TYPE: 'RECOVERY', AIOPS_SERVICE_STATE: 'OK', AIOPS_OUTPUT: 'HTTP OK', AIOPS_TIMESTAMP: '1700000300' });
    expect(r.status, r.stderr).toBe(0);
    const evs = await eventsFor(`icinga:web-${tool}!http`, 2);
    expect(evs.map((e) => [e.status, e.severity])).toEqual([['firing', 'critical'], ['resolved', 'info']]);
    expect(evs[0]!.description).toBe(HOSTILE);
    expect(evs[0]!.resource).toMatchObject({ host: `web-${tool}`, ip: '10.0.0.5', service: 'http', environment: 'prod' });
    expect(existsSync(pwned)).toBe(false);
  });

  it('nagios: the same script reads NAGIOS_* environment macros; a refused post exits 1 with the reason', async () => {
    const env = { AIOPS_URL: `${base}/api/v1/events/nagios`, AIOPS_TOKEN_FILE: tokenFile, NAGIOS_NOTIFICATIONTYPE: 'PROBLEM', NAGIOS_HOSTNAME: 'sw-core-1', NAGIOS_HOSTSTATE: 'DOWN', NAGIOS_HOSTOUTPUT: 'PING CRITICAL - Packet loss = 100%', NAGIOS_TIMET: '1700000000' };
    const ok = await notify(env);
    expect(ok.status, ok.stderr).toBe(0);
    const [e] = await eventsFor('nagios:sw-core-1', 1);
    expect(e).toMatchObject({ source: 'nagios', status: 'firing', severity: 'critical', title: 'sw-core-1 is DOWN', annotations: { sender: 'nagios' } });
    const bad = await notify({ ...env, NAGIOS_HOSTSTATE: 'PURPLE' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/gateway answered 400: .*hostState/);
  });

  it('zabbix media-type script: problem then recovery on one trigger, unresolved macros dropped, tags kept', async () => {
    const zabbix = async (params: Record<string, string>) =>
      (await run(process.execPath, ['-e', ZABBIX_RUNNER], { AIOPS_SCRIPT: join(examples, 'zabbix', 'aiops-webhook.js'), AIOPS_PARAMS: JSON.stringify(params) })).stdout;
    const macros = {
      url_gateway: `${base}/api/v1/events/zabbix`, token: TOKEN, triggerId: '23001', triggerName: 'High CPU on db01', triggerDescription: '{TRIGGER.DESCRIPTION}',
      hostName: 'DB 01', hostHost: 'db01', hostIp: '10.1.2.3', severity: 'High', severityId: '4', eventDate: '2024.01.15', eventTime: '12:34:56',
      tags: '[{"tag":"service","value":"billing"},{"tag":"env","value":"prod"}]', itemName: 'CPU load', itemValue: '12.5', url: '', http_proxy: '',
    };
    expect(await zabbix({ ...macros, eventId: '4711', recoveryEventId: '{EVENT.RECOVERY.ID}', eventValue: '1', status: 'PROBLEM', updateStatus: '0', recoveryDate: '{EVENT.RECOVERY.DATE}', recoveryTime: '{EVENT.RECOVERY.TIME}' })).toBe('OK');
    expect(await zabbix({ ...macros, eventId: '4711', recoveryEventId: '4720', eventValue: '0', status: 'RESOLVED', updateStatus: '0', recoveryDate: '2024.01.15', recoveryTime: '12:44:56' })).toBe('OK');
    const evs = await eventsFor('zabbix:23001', 2);
    expect(evs.map((e) => [e.status, e.severity, e.sourceEventId])).toEqual([['firing', 'major', '4711'], ['resolved', 'major', '4720']]);
    expect(evs[1]!.occurredAt - evs[0]!.occurredAt).toBe(600_000);
    expect(evs[0]!.description).not.toContain('{TRIGGER');
    expect(evs[0]!.resource).toMatchObject({ host: 'db01', ip: '10.1.2.3', service: 'billing', environment: 'prod' });
    expect(await zabbix({ ...macros, token: 'wrong-token-0123456789' })).toMatch(/^THROWN: AIOps webhook failed: AIOps gateway answered 401/);
  });
});
