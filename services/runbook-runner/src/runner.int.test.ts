import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient, kafkaConfig, type KafkaClient, type Producer } from '@aiops/kafka';
import { runbookControlTopic, type IncidentCommand, type RunbookControl, type RunbookRequest, type RunbookResult } from '@aiops/model';
import { silentTelemetry } from '@aiops/telemetry';
import { freePort, stackEnv, startService, uniqueName, waitFor, type ServiceProcess } from '@aiops/testkit';

// The runbook runner as a real process on the real broker: requests in, guarded runs against local HTTP
// targets and the example clear-disk script, results out. Requires `npx tsc -b services/runbook-runner`.

interface Hit {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

const ns = uniqueName('rbr');
const hits: Hit[] = [];
let releaseSlow: (() => void) | undefined;
let target: Server;
let targetUrl = '';
let kafka: KafkaClient;
let producer: Producer;
let runner: ServiceProcess | undefined;
let env: Record<string, string>;
let port = 0;
let catalogDir = '';
let diskRoot = '';

const opsTopic = `${ns}.ops.remediation`;
const TEST_RUNBOOKS = `
- id: notify-kafka
  description: hands the incident to a downstream automation over Kafka
  match: {}
  params: { note: { from: alert.labels.note } }
  actions:
    - { type: kafka, name: publish, topic: '${opsTopic}', key: '{{request.incidentId}}', value: { incident: '{{request.incidentId}}', note: '{{params.note}}' } }
- id: always-fails
  description: calls an endpoint that answers 500
  match: {}
  guards: { circuitBreaker: { failures: 2 }, concurrency: 5, timeoutMs: 5000 }
  actions: [{ type: http, name: call, url: '{{settings.restart_api}}/fail' }]
- id: slow-call
  description: calls an endpoint that takes long
  match: {}
  guards: { timeoutMs: 30000 }
  actions: [{ type: http, name: call, method: PUT, url: '{{settings.restart_api}}/slow/{{request.incidentId}}' }]
`;

beforeAll(async () => {
  target = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      hits.push({ path, headers: req.headers, body });
      if (path.startsWith('/fail')) {
        res.writeHead(500).end('boom');
      } else if (path.startsWith('/slow')) {
        releaseSlow = () => {
          releaseSlow = undefined;
          res.writeHead(200).end('finally');
        };
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"done"}');
      }
    });
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  const addr = target.address();
  targetUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  // the shipped examples, plus two test runbooks, in a catalog directory of this test
  catalogDir = mkdtempSync(join(tmpdir(), 'rbcat-'));
  cpSync(resolve(import.meta.dirname, '../../../deploy/examples/runbooks'), catalogDir, { recursive: true });
  writeFileSync(join(catalogDir, 'test-runbooks.yaml'), TEST_RUNBOOKS);
  diskRoot = mkdtempSync(join(tmpdir(), 'rbdisk-'));
  mkdirSync(join(diskRoot, 'cache'));
  for (const f of ['old-1.log', 'old-2.log', 'fresh.log']) writeFileSync(join(diskRoot, 'cache', f), 'x');
  const old = new Date(Date.now() - 2 * 3600_000);
  for (const f of ['old-1.log', 'old-2.log']) utimesSync(join(diskRoot, 'cache', f), old, old);

  const brokers = stackEnv().kafkaBrokers;
  kafka = createKafkaClient(kafkaConfig.parse({ brokers, namespace: ns, partitions: 2 }), silentTelemetry('rb-int'));
  producer = await kafka.producer();
  await kafka.ensureTopics([{ name: opsTopic, partitions: 1, cleanupPolicy: 'delete', key: 'incident id', description: 'test target topic' }]);
  port = await freePort();
  env = {
    AIOPS_KAFKA_BROKERS: brokers.join(','),
    AIOPS_KAFKA_NAMESPACE: ns,
    AIOPS_KAFKA_PARTITIONS: '2',
    AIOPS_RUNBOOK_RUNNER_PORT: String(port),
    AIOPS_RUNBOOK_DIR: catalogDir,
    AIOPS_RUNBOOK_SETTINGS: JSON.stringify({ restart_api: targetUrl, restart_api_token: 'tok-123', scale_webhook: targetUrl, scale_webhook_token: 'hook-456', disk_root: diskRoot }),
    AIOPS_RUNBOOK_KAFKA_TOPIC_ALLOWLIST: opsTopic,
    AIOPS_RUNBOOK_SESSION_TIMEOUT_MS: '6000', // a killed member leaves the group quickly
    AIOPS_LOG_LEVEL: 'warn',
  };
  runner = await startService('runbook-runner', { env, port });
});

afterAll(async () => {
  releaseSlow?.();
  await runner?.stop();
  await producer?.disconnect();
  await kafka?.close();
  await new Promise((r) => target?.close(r));
  rmSync(catalogDir, { recursive: true, force: true });
  rmSync(diskRoot, { recursive: true, force: true });
});

function request(id: string, runbookId: string, params: Record<string, string>, over: Partial<RunbookRequest> = {}): RunbookRequest {
  return { id, runbookId, incidentId: `inc-${id}`, ciId: `ci-${id}`, at: Date.now(), params, approval: 'not_required', dryRun: false, priority: 'P3', ...over };
}

async function publish(r: RunbookRequest): Promise<void> {
  await producer.send([{ topic: kafka.topics.runbookRequests, key: r.incidentId, value: JSON.stringify(r) }]);
}

async function results(requestId: string): Promise<RunbookResult[]> {
  const all = await kafka.readAll(kafka.topics.runbookResults);
  return all.map((r) => JSON.parse(String(r.value)) as RunbookResult).filter((r) => r.requestId === requestId);
}

async function outcomes(requestId: string, last: string, timeoutMs = 20_000): Promise<RunbookResult[]> {
  return waitFor(`${requestId} -> ${last}`, async () => {
    const rs = await results(requestId);
    return rs.some((r) => r.outcome === last) ? rs : undefined;
  }, timeoutMs, 300);
}

const hitsOn = (prefix: string) => hits.filter((h) => h.path.startsWith(prefix));

describe('runbook-runner on real Kafka', () => {
  it('runs the restart example against a local HTTP target exactly once, even when the request is replayed', async () => {
    const r = request('restart1', 'restart-service-http', { service: 'checkout', instance: 'web-1:8080' });
    await publish(r);
    const rs = await outcomes(r.id, 'succeeded');
    expect(rs.map((x) => x.outcome)).toEqual(['running', 'succeeded']);
    expect(rs[1]).toMatchObject({ incidentId: 'inc-restart1', attempts: 1 });
    expect(rs[1]!.output).toContain('HTTP 200');
    const h = hitsOn('/v1/services/');
    expect(h.map((x) => x.path)).toEqual(['/v1/services/checkout/restart']);
    expect(h[0]!.headers.authorization).toBe('Bearer tok-123');
    expect(JSON.parse(h[0]!.body)).toEqual({ incident: 'inc-restart1', instance: 'web-1:8080', requestedBy: 'aiops-runbook-runner' });

    await publish(r); // replay: same request id
    await publish(request('restart-bad', 'restart-service-http', { service: '../admin' }));
    expect((await outcomes('restart-bad', 'skipped')).at(-1)).toMatchObject({ reason: 'invalid_params' });
    expect(hitsOn('/v1/services/')).toHaveLength(1);
    expect(await results(r.id)).toHaveLength(2);
  });

  it('runs the clear-disk example script without a shell, deleting only old files below the root', async () => {
    await publish(request('disk1', 'clear-disk-script', { dir: 'cache' }));
    const rs = await outcomes('disk1', 'succeeded');
    expect(rs.at(-1)!.output).toMatch(/deleted 2 file/);
    expect(readdirSync(join(diskRoot, 'cache'))).toEqual(['fresh.log']);
    await publish(request('disk2', 'clear-disk-script', { dir: '../..' }));
    expect((await outcomes('disk2', 'failed')).at(-1)!.reason).toMatch(/exit 65/);
  });

  it('holds an approval-gated runbook until approve_runbook arrives on aiops.incident-commands.v1', async () => {
    const r = request('scale1', 'scale-deployment-webhook', { namespace: 'shop', deployment: 'checkout-api' });
    await publish(r);
    await outcomes(r.id, 'waiting_approval');
    await new Promise((res) => setTimeout(res, 1500));
    expect(hitsOn('/hooks/scale')).toHaveLength(0);
    const approve: IncidentCommand = { id: 'cmd-approve-1', incidentId: r.incidentId, at: Date.now(), actor: { kind: 'user', id: 'alice' }, action: 'approve_runbook', reason: 'go', params: { requestId: r.id } };
    await producer.send([{ topic: kafka.topics.incidentCommands, key: r.incidentId, value: JSON.stringify(approve) }]);
    const rs = await outcomes(r.id, 'succeeded');
    expect(rs.map((x) => x.outcome)).toEqual(['waiting_approval', 'approved', 'running', 'succeeded']);
    expect(rs[1]!.actor).toBe('user:alice');
    const h = hitsOn('/hooks/scale');
    expect(h.map((x) => x.path)).toEqual(['/hooks/scale?namespace=shop']);
    expect(h[0]!.headers['x-aiops-token']).toBe('hook-456');
    expect(JSON.parse(h[0]!.body)).toMatchObject({ namespace: 'shop', deployment: 'checkout-api', delta: 1 });
  });

  it('publishes a Kafka action with hostile values JSON-encoded, and sends poison requests to the DLQ without stalling', async () => {
    const note = 'say "hi"; $(rm -rf /) `id`\n../../etc';
    await producer.send([{ topic: kafka.topics.runbookRequests, key: 'x', value: 'not json{' }]);
    await publish(request('k1', 'notify-kafka', { note }));
    await outcomes('k1', 'succeeded');
    const out = await kafka.readAll(opsTopic);
    expect(out.map((r) => [r.key, JSON.parse(String(r.value))])).toEqual([['inc-k1', { incident: 'inc-k1', note }]]);
    const dlq = await waitFor('DLQ record', async () => {
      const recs = (await kafka.readAll(kafka.topics.dlq)).map((r) => JSON.parse(String(r.value)) as { stage: string; errorCode: string; payload: string });
      return recs.find((r) => r.stage === 'runbook-runner');
    });
    expect(dlq).toMatchObject({ errorCode: 'AIOPS_ERR_DECODE_JSON', payload: 'not json{' });
  });

  it('trips the circuit breaker after consecutive failures, skips with circuit_open, and re-enables by control command', async () => {
    await publish(request('f1', 'always-fails', {}));
    await outcomes('f1', 'failed');
    await publish(request('f2', 'always-fails', {}));
    expect((await outcomes('f2', 'failed')).at(-1)!.reason).toMatch(/circuit breaker opened after 2 consecutive failures/);
    await publish(request('f3', 'always-fails', {}));
    expect((await outcomes('f3', 'skipped')).at(-1)).toMatchObject({ reason: 'circuit_open', escalate: true });
    expect(hitsOn('/fail')).toHaveLength(2);
    const api = (await (await fetch(`${runner!.baseUrl}/api/v1/runbooks`)).json()) as { runbooks: Array<{ id: string; state: { breakerOpen: boolean } }> };
    expect(api.runbooks.find((x) => x.id === 'always-fails')!.state.breakerOpen).toBe(true);

    const ctl: RunbookControl = { id: 'ctl-1', at: Date.now(), actor: 'admin', action: 'enable', runbookId: 'always-fails', reason: 'fixed' };
    await producer.send([{ topic: runbookControlTopic(ns), key: ctl.runbookId, value: JSON.stringify(ctl) }]);
    await waitFor('breaker closed', async () => {
      const a = (await (await fetch(`${runner!.baseUrl}/api/v1/runbooks`)).json()) as typeof api;
      return a.runbooks.find((x) => x.id === 'always-fails')!.state.breakerOpen === false;
    }, 15_000);
    await publish(request('f4', 'always-fails', {}));
    await outcomes('f4', 'failed');
    expect(hitsOn('/fail')).toHaveLength(3);
  });

  it('never runs an action twice when the runner is killed -9 mid-run and restarted', async () => {
    const r = request('slow1', 'slow-call', {});
    await publish(r);
    await waitFor('slow target hit', () => hitsOn('/slow').length === 1, 20_000, 100);
    await runner!.kill(); // crash in the middle of the call
    releaseSlow?.();
    runner = await startService('runbook-runner', { env, port });
    const rs = await outcomes(r.id, 'failed');
    expect(rs.map((x) => x.outcome)).toEqual(['running', 'failed']);
    expect(rs[1]!.reason).toMatch(/^interrupted/);
    await publish(r); // a replay after the restart changes nothing
    await new Promise((res) => setTimeout(res, 2000));
    expect(hitsOn('/slow')).toHaveLength(1);
    // state survived the crash: the breaker of always-fails still remembers it was re-enabled (not open)
    const api = (await (await fetch(`${runner!.baseUrl}/api/v1/runbooks`)).json()) as { runbooks: Array<{ id: string; state: { breakerOpen: boolean; consecutiveFailures: number } }> };
    expect(api.runbooks.find((x) => x.id === 'always-fails')!.state).toMatchObject({ breakerOpen: false, consecutiveFailures: 1 });
  });
});
