import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, TokenAuth } from '@aiops/http';
import { createKafkaClient, kafkaConfig, type KafkaClient } from '@aiops/kafka';
import type { Event } from '@aiops/model';
import { systemClock } from '@aiops/pipeline';
import { silentTelemetry } from '@aiops/telemetry';
import { freePort, readEvents, stackEnv, uniqueName, waitFor } from '@aiops/testkit';
import { buildApp, gatewayConfig, type GatewayApp } from './index.js';

// A real sender: Debian's Icinga 2 (icinga2-bin) runs privately in a temp dir with the shipped
// deploy/examples/icinga/aiops-commands.conf. Its service check (a plugin reading a state file this test
// writes) goes CRITICAL, Icinga 2 runs aiops-notify.sh for the PROBLEM, the check goes OK, Icinga 2 sends the
// RECOVERY; both must arrive on aiops.events.v1 with Icinga's object name as the fingerprint, the resource
// hints and the plugin output unchanged (quotes, $(…), backticks and non-ASCII stay text).

const INSTALL_HINT = 'run `bash deploy/local/install.sh --with-peers` (installs Debian\'s icinga2-bin and icinga2-common)';
const EXAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../deploy/examples/icinga');

function which(bin: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin']) {
    const p = join(dir, bin);
    if (existsSync(p)) return p;
  }
  return undefined;
}

const TOKEN = 'icinga2-e2e-token-0123456789abcdef';
const HOST = 'web-icinga-e2e';
const SERVICE = 'http';
const FINGERPRINT = `icinga:${HOST}!${SERVICE}`;
const dir = mkdtempSync(join(tmpdir(), 'aiops-icinga2-'));
const pwned = join(dir, 'pwned');
const CRITICAL_OUTPUT = `HTTP CRITICAL: it's "down" $(touch ${pwned}) \`touch ${pwned}\`; ünïcödé 503 – 0.002 s`;
const OK_OUTPUT = 'HTTP OK: 200 in 0.001 s';
const ns = uniqueName('gwicinga');
let daemon: ChildProcess | undefined;
let daemonOut = '';
let app: GatewayApp;
let reader: KafkaClient;
let firingSeen = false;

/** setCheck decides what the next run of the service's plugin reports (exit code + first output line). */
function setCheck(state: 0 | 2, output: string): void {
  writeFileSync(join(dir, 'output.tmp'), `${output}\n`);
  writeFileSync(join(dir, 'state.tmp'), `${state}\n`);
  spawnSync('mv', ['-f', join(dir, 'output.tmp'), join(dir, 'output')]);
  spawnSync('mv', ['-f', join(dir, 'state.tmp'), join(dir, 'state')]);
}

function icingaLog(): string {
  const file = join(dir, 'icinga2.log');
  const log = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const notable = log.split('\n').filter((l) => /Notification|aiops-notify|warning\/|critical\//.test(l)).slice(-15).join('\n');
  return `--- icinga2.log (notifications, warnings):\n${notable}\n--- daemon stdout/stderr (tail):\n${daemonOut.slice(-1500)}`;
}

async function waitWithLog<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  try {
    return await waitFor(what, fn, timeoutMs, 300);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${icingaLog()}`);
  }
}

const serviceEvents = async (): Promise<Event[]> => (await readEvents(reader)).filter((e) => e.fingerprint === FINGERPRINT);

beforeAll(async () => {
  const icinga2 = which('icinga2');
  if (icinga2 === undefined || !existsSync('/usr/share/icinga2/include/itl')) {
    throw new Error(`icinga2 is not installed: ${INSTALL_HINT}`);
  }
  for (const tool of ['curl', 'sh']) if (which(tool) === undefined) throw new Error(`${tool} is missing (aiops-notify.sh needs it): ${INSTALL_HINT}`);

  const gwPort = await freePort();
  app = buildApp(
    gatewayConfig.parse({ kafka: { brokers: stackEnv().kafkaBrokers, namespace: ns, partitions: 1 }, http: { port: gwPort, host: '127.0.0.1' }, rawInput: { enabled: false } }),
    { telemetry: silentTelemetry('gateway-icinga2'), clock: systemClock, auth: new TokenAuth([{ name: 'icinga2', sha256: sha256Hex(TOKEN), roles: ['ingest'], sources: ['icinga'] }]) },
  );
  await app.start();
  await app.kafkaReady;
  reader = createKafkaClient(kafkaConfig.parse({ brokers: stackEnv().kafkaBrokers, namespace: ns }), silentTelemetry('reader'));

  for (const d of ['data', 'log', 'cache', 'spool', 'run']) mkdirSync(join(dir, d));
  // The token reaches the script as a file path (AiopsTokenFile); the script hands it to curl on stdin.
  writeFileSync(join(dir, 'aiops-token'), `${TOKEN}\n`, { mode: 0o600 });
  setCheck(2, CRITICAL_OUTPUT);
  writeFileSync(join(dir, 'check.sh'), '#!/bin/sh\ncat "$1/output"\nexit "$(cat "$1/state")"\n', { mode: 0o755 });
  const q = (s: string) => JSON.stringify(s);
  writeFileSync(join(dir, 'icinga2.conf'), [
    'include <itl>',
    `const AiopsGatewayUrl = ${q(`http://127.0.0.1:${gwPort}`)}`,
    `const AiopsTokenFile = ${q(join(dir, 'aiops-token'))}`,
    `const AiopsNotifyScript = ${q(join(EXAMPLES, 'aiops-notify.sh'))}`,
    'object CheckerComponent "checker" { }',
    'object NotificationComponent "notification" { }',
    `object FileLogger "main-log" { severity = "information"; path = ${q(join(dir, 'icinga2.log'))} }`,
    'object User "icingaadmin" { enable_notifications = true }',
    `object CheckCommand "aiops-toggle" { command = [ ${q(join(dir, 'check.sh'))}, ${q(dir)} ] }`,
    `object Host ${q(HOST)} { address = "127.0.0.2"; check_command = "dummy"; vars.dummy_state = 0; vars.dummy_text = "UP"; check_interval = 1s; retry_interval = 1s; max_check_attempts = 1; enable_notifications = true }`,
    `object Service ${q(SERVICE)} { host_name = ${q(HOST)}; check_command = "aiops-toggle"; check_interval = 1s; retry_interval = 1s; max_check_attempts = 1; enable_notifications = true }`,
    `include ${q(join(EXAMPLES, 'aiops-commands.conf'))}`,
    '',
  ].join('\n'));

  // Private paths and the current user, so the daemon needs neither /var/lib/icinga2 nor the nagios user.
  const { username } = userInfo();
  const group = spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim();
  const defines = [
    `-DRunAsUser=${username}`, `-DRunAsGroup=${group}`, `-DConfigDir=${dir}`, `-DDataDir=${join(dir, 'data')}`, `-DLogDir=${join(dir, 'log')}`,
    `-DCacheDir=${join(dir, 'cache')}`, `-DSpoolDir=${join(dir, 'spool')}`, `-DInitRunDir=${join(dir, 'run')}`,
  ];
  const config = ['-c', join(dir, 'icinga2.conf'), ...defines];
  const validate = spawnSync(icinga2, ['daemon', '-C', ...config], { encoding: 'utf8', timeout: 30_000 });
  if (validate.status !== 0) throw new Error(`icinga2 daemon -C rejected the config (exit ${validate.status}):\n${validate.stdout}\n${validate.stderr}`);

  // detached: its own process group, so afterAll can stop the daemon and the helpers it forks.
  daemon = spawn(icinga2, ['daemon', ...config], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  daemon.stdout?.on('data', (d: Buffer) => (daemonOut += d.toString()));
  daemon.stderr?.on('data', (d: Buffer) => (daemonOut += d.toString()));
}, 60_000);

afterAll(async () => {
  const d = daemon;
  if (d?.pid !== undefined && d.exitCode === null && d.signalCode === null) {
    const exited = new Promise((r) => d.once('exit', r));
    try {
      process.kill(-d.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-d.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
    // the daemon forks helpers (umbrella, process spawner): give the group a moment to be gone entirely
    await waitFor('the icinga2 process group to exit', () => {
      try {
        process.kill(-d.pid!, 0);
        return false;
      } catch {
        return true;
      }
    }, 5_000, 100).catch(() => undefined);
  }
  await app?.stop();
  await reader?.close();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('Icinga 2 -> aiops-notify.sh -> gateway -> Kafka (Debian icinga2-bin)', () => {
  it('delivers the PROBLEM as a firing critical event for host!service with the plugin output intact', async () => {
    const firing = await waitWithLog('a firing event from Icinga 2 on aiops.events.v1', async () => (await serviceEvents()).find((e) => e.status === 'firing'), 40_000);
    expect(firing).toMatchObject({
      source: 'icinga',
      fingerprint: FINGERPRINT,
      status: 'firing',
      severity: 'critical',
      title: `${SERVICE} on ${HOST} is CRITICAL`,
      description: CRITICAL_OUTPUT,
      annotations: { notification_type: 'PROBLEM', sender: 'icinga2' },
    });
    expect(firing.labels).toMatchObject({ host: HOST, service: SERVICE });
    expect(firing.resource).toMatchObject({ host: HOST, ip: '127.0.0.2', service: SERVICE });
    // Icinga 2 sends $icinga.timet$ (epoch seconds): the event time is that second
    expect(firing.occurredAt % 1000).toBe(0);
    expect(Math.abs(firing.occurredAt - Date.now())).toBeLessThan(120_000);
    expect(existsSync(pwned), 'plugin output was never run by a shell').toBe(false);
    firingSeen = true;
  }, 45_000);

  it('delivers the RECOVERY as a resolved event for the same fingerprint once the check returns OK', async () => {
    expect(firingSeen, 'the PROBLEM arrived first (see the previous test)').toBe(true);
    setCheck(0, OK_OUTPUT);
    const resolved = await waitWithLog('a resolved event from Icinga 2 on aiops.events.v1', async () => (await serviceEvents()).find((e) => e.status === 'resolved'), 30_000);
    expect(resolved).toMatchObject({
      source: 'icinga',
      fingerprint: FINGERPRINT,
      status: 'resolved',
      description: OK_OUTPUT,
      annotations: { notification_type: 'RECOVERY', sender: 'icinga2' },
    });
    expect(resolved.resource).toMatchObject({ host: HOST, ip: '127.0.0.2', service: SERVICE });
    const all = await serviceEvents();
    const firstResolved = all.findIndex((e) => e.status === 'resolved');
    expect(all.slice(0, firstResolved).every((e) => e.status === 'firing'), 'PROBLEM before RECOVERY').toBe(true);
    expect(resolved.occurredAt).toBeGreaterThanOrEqual(all[0]!.occurredAt);
    expect(existsSync(pwned)).toBe(false);
  }, 35_000);
});
