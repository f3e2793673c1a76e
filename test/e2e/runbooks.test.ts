/**
 * Runbook automation end to end, as real processes on the real Kafka:
 * aiops.groups.v1 -> incident-manager (runbook catalog matcher) -> aiops.runbook-requests.v1 ->
 * runbook-runner -> local HTTP target, aiops.runbook-results.v1 -> incident-manager timeline -> console.
 * An incident triggers a runbook against a local HTTP target and the incident records the run and is
 * resolved by automation once its alerts clear; an approval-gated runbook waits until a responder
 * approves through the console API, then runs once.
 * Requires `npx tsc -b services/incident-manager services/runbook-runner services/console`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient, kafkaConfig, type KafkaClient, type Producer } from '@aiops/kafka';
import { sha256Hex } from '@aiops/http';
import { silentTelemetry } from '@aiops/telemetry';
import { stableId, topicDefinitions, type ConfigurationItem, type CorrelationGroup, type Incident, type IncidentEvent } from '@aiops/model';
import { freePort, stackEnv, startService, uniqueName, waitFor, type ServiceProcess } from '@aiops/testkit';

const PARTITIONS = 2;
const ns = uniqueName('rbe');
const tokens = { viewer: randomBytes(20).toString('hex'), responder: randomBytes(20).toString('hex'), admin: randomBytes(20).toString('hex') };
const hits: string[] = [];
let target: Server;
let kafka: KafkaClient;
let producer: Producer;
let consoleProc: ServiceProcess;
const procs: ServiceProcess[] = [];
let catalogDir = '';

const CATALOG = `
- id: e2e-restart
  description: restart the failing application through its management endpoint
  match: { alertNames: ['checkout error rate high'] }
  params:
    ci: { from: incident.ciId, pattern: '^[a-z0-9-]+$' }
    service: { from: alert.service }
  actions:
    - { type: http, name: restart, url: '{{settings.target}}/restart/{{params.ci}}', body: { service: '{{params.service}}' } }
- id: e2e-scale
  description: scale out, with a responder's approval
  match: { alertNames: ['payments latency high'] }
  params: { ci: { from: incident.ciId } }
  guards: { approval: { required: true } }
  actions:
    - { type: http, name: scale, url: '{{settings.target}}/scale/{{params.ci}}' }
`;

function ci(id: string, type: string, x: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: [], ...x };
}

function group(id: string, title: string, ciId: string, service: string, at: number, version = 1, status: 'firing' | 'resolved' = 'firing'): CorrelationGroup {
  return {
    id, domain: service, status: 'open', change: version === 1 ? 'opened' : 'alert_updated', version, openedAt: at, updatedAt: at,
    members: [{ alertId: `al-${id}`, fingerprint: `fp-${id}`, title, template: title, severity: 'critical', status, ciId, service, firstSeen: at, lastSeen: at, joinedAt: at, rule: 'seed', evidence: {}, suppressed: false, flapping: false }],
    rootCause: { ciId, score: 1, reason: 'only alert' }, candidates: [{ ciId, score: 1, reason: 'only alert' }], services: [service], cis: [ciId],
    maxSeverity: 'critical', firingCount: status === 'firing' ? 1 : 0,
  };
}

async function publishGroup(g: CorrelationGroup): Promise<void> {
  await producer.send([{ topic: `${ns}.aiops.groups.v1`, key: g.id, value: JSON.stringify(g) }]);
}

async function api<T = unknown>(method: string, path: string, role: keyof typeof tokens, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { authorization: `Bearer ${tokens[role]}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${consoleProc.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: r.status, body: (await r.json()) as T };
}

interface Detail { incident: Incident; timeline: IncidentEvent[]; runbookRuns: Array<{ requestId: string; runbookId: string; outcome: string }> }

async function detailWhen(incidentId: string, what: string, ok: (d: Detail) => boolean, timeoutMs = 30_000): Promise<Detail> {
  return waitFor(what, async () => {
    const r = await api<Detail>('GET', `/api/v1/incidents/${incidentId}`, 'viewer');
    return r.status === 200 && ok(r.body) ? r.body : undefined;
  }, timeoutMs, 300);
}

const types = (d: Detail) => d.timeline.map((e) => e.type).filter((t) => t.startsWith('runbook_'));

beforeAll(async () => {
  target = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  const a = target.address();
  const targetUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  catalogDir = mkdtempSync(join(tmpdir(), 'rbe2e-'));
  writeFileSync(join(catalogDir, 'e2e.yaml'), CATALOG);

  const env = stackEnv();
  kafka = createKafkaClient(kafkaConfig.parse({ brokers: env.kafkaBrokers, namespace: ns, partitions: PARTITIONS }), silentTelemetry('runbooks-e2e'));
  await kafka.ensureTopics(topicDefinitions(ns, PARTITIONS));
  producer = await kafka.producer();
  const cis = [
    ci('bs-shop', 'business_service', { criticality: 'high', users: 500, supportGroup: 'team-shop' }),
    ci('app-checkout', 'application', { supportGroup: 'team-checkout', relations: [{ type: 'part_of', target: 'bs-shop' }] }),
    ci('app-payments', 'application', { supportGroup: 'team-payments', relations: [{ type: 'part_of', target: 'bs-shop' }] }),
  ];
  await producer.send(cis.map((c) => ({ topic: `${ns}.aiops.cmdb.v1`, key: c.id, value: JSON.stringify(c) })));
  const common = {
    AIOPS_KAFKA_BROKERS: env.kafkaBrokers.join(','),
    AIOPS_KAFKA_NAMESPACE: ns,
    AIOPS_KAFKA_PARTITIONS: String(PARTITIONS),
    AIOPS_LOG_LEVEL: 'warn',
    AIOPS_RUNBOOK_DIR: catalogDir,
    AIOPS_API_TOKENS: JSON.stringify((Object.keys(tokens) as Array<keyof typeof tokens>).map((r) => ({ name: `${r}-token`, sha256: sha256Hex(tokens[r]), roles: [r] }))),
  };
  const [pi, pr, pc] = [await freePort(), await freePort(), await freePort()];
  procs.push(await startService('runbook-runner', { port: pr, env: { ...common, AIOPS_RUNBOOK_RUNNER_PORT: String(pr), AIOPS_RUNBOOK_SETTINGS: JSON.stringify({ target: targetUrl }) } }));
  procs.push(await startService('incident-manager', { port: pi, env: { ...common, AIOPS_INCIDENT_MANAGER_PORT: String(pi), AIOPS_INCIDENT_MANAGER_TICK_MS: '300', AIOPS_INCIDENT_MANAGER_QUIET_MS: '1500', AIOPS_INCIDENT_MANAGER_OPEN_DELAY_MS: '0' } }));
  consoleProc = await startService('console', { port: pc, env: { ...common, AIOPS_CONSOLE_PORT: String(pc), AIOPS_CONSOLE_RUNBOOK_RUNNER_URL: `http://127.0.0.1:${pr}` } });
  procs.push(consoleProc);
});

afterAll(async () => {
  for (const p of procs.reverse()) await p.kill();
  await producer?.disconnect();
  await kafka?.close();
  await new Promise((r) => target?.close(r));
  rmSync(catalogDir, { recursive: true, force: true });
});

describe('runbook automation: incident -> runbook -> timeline', () => {
  it('runs the matching runbook once, records it on the timeline, and resolves by automation when the alerts clear', async () => {
    const at = Date.now();
    const gid = `grp-checkout-${ns}`;
    const incidentId = stableId('inc_', gid);
    await publishGroup(group(gid, 'checkout error rate high', 'app-checkout', 'bs-shop', at));
    // the timeline and the snapshot (runbookRuns) come from two topics: the console may hold one a moment before the other
    const d = await detailWhen(incidentId, 'runbook succeeded on the timeline and in the snapshot', (x) => types(x).includes('runbook_succeeded') && x.runbookRuns.some((r) => r.outcome === 'succeeded'));
    expect(types(d)).toEqual(['runbook_requested', 'runbook_running', 'runbook_succeeded']);
    expect(d.runbookRuns).toEqual([expect.objectContaining({ runbookId: 'e2e-restart', outcome: 'succeeded' })]);
    expect(hits).toEqual(['POST /restart/app-checkout']);

    await publishGroup(group(gid, 'checkout error rate high', 'app-checkout', 'bs-shop', Date.now(), 2, 'resolved'));
    const resolved = await detailWhen(incidentId, 'incident resolved by automation', (x) => x.incident.state === 'resolved');
    expect(resolved.incident.resolvedBy).toBe('automation');
    expect(hits).toEqual(['POST /restart/app-checkout']);
  });

  it('holds an approval-gated runbook until a responder approves through the console API', async () => {
    const gid = `grp-payments-${ns}`;
    const incidentId = stableId('inc_', gid);
    await publishGroup(group(gid, 'payments latency high', 'app-payments', 'bs-shop', Date.now()));
    const waiting = await detailWhen(incidentId, 'waiting for approval', (x) => types(x).includes('runbook_waiting_approval') && x.runbookRuns.length > 0);
    expect(hits.filter((h) => h.includes('/scale/'))).toEqual([]);
    const requestId = waiting.runbookRuns[0]!.requestId;
    const r = await api('POST', `/api/v1/incidents/${incidentId}/actions`, 'responder', { action: 'approve_runbook', reason: 'capacity ok', params: { requestId } });
    expect(r.status).toBe(200);
    const done = await detailWhen(incidentId, 'approved runbook succeeded', (x) => types(x).includes('runbook_succeeded'));
    expect(types(done)).toEqual(expect.arrayContaining(['runbook_requested', 'runbook_waiting_approval', 'runbook_approved', 'runbook_running', 'runbook_succeeded']));
    expect(hits.filter((h) => h.includes('/scale/'))).toEqual(['POST /scale/app-payments']);
  });

  it('serves the catalog with guard state through the console, and lets only an admin re-enable a runbook', async () => {
    const r = await api<{ runbooks: Array<{ id: string; state: { breakerOpen: boolean } }> }>('GET', '/api/v1/runbooks', 'viewer');
    expect(r.status).toBe(200);
    expect(r.body.runbooks.map((x) => x.id)).toEqual(['e2e-restart', 'e2e-scale']);
    expect(r.body.runbooks.every((x) => x.state.breakerOpen === false)).toBe(true);
    expect((await api('POST', '/api/v1/runbooks/e2e-restart/enable', 'responder', {})).status).toBe(403);
    expect((await api('POST', '/api/v1/runbooks/e2e-restart/enable', 'admin', { reason: 'test' })).status).toBe(202);
  });
});
