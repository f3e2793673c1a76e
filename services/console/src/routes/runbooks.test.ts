import { createServer, type Server } from 'node:http';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutRecord } from '@aiops/kafka';
import { ManualClock } from '@aiops/pipeline';
import { silentTelemetry } from '@aiops/telemetry';
import type { RouteContext } from './context.js';
import { runbookRoutes } from './runbooks.js';

let runner: Server;
let runnerUrl = '';
const seenAuth: Array<string | undefined> = [];

beforeAll(async () => {
  runner = createServer((req, res) => {
    seenAuth.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ dryRun: false, runbooks: [{ id: 'restart', state: { breakerOpen: true } }] }));
  });
  await new Promise<void>((r) => runner.listen(0, '127.0.0.1', r));
  const a = runner.address();
  runnerUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((r) => runner.close(() => r())));

function build(url: string) {
  const sent: OutRecord[] = [];
  const roles: string[] = [];
  const app = Fastify();
  const ctx = {
    config: { kafka: { namespace: 'ns1' } },
    clock: new ManualClock(42),
    telemetry: silentTelemetry(),
    publish: async (r: readonly OutRecord[]) => void sent.push(...r),
    requireRole: (role: string) => async (req: { principal?: unknown }) => {
      roles.push(role);
      req.principal = { name: 'ops-admin' };
    },
    extras: { runbookRunnerUrl: url },
  } as unknown as RouteContext;
  void app.register(runbookRoutes, ctx);
  return { app, sent, roles };
}

describe('console runbook routes', () => {
  it('GET /api/v1/runbooks returns the runner catalog and breaker state (viewer), forwarding the token', async () => {
    const { app, roles } = build(runnerUrl);
    const r = await app.inject({ method: 'GET', url: '/api/v1/runbooks', headers: { authorization: 'Bearer t' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ dryRun: false, runbooks: [{ id: 'restart', state: { breakerOpen: true } }] });
    expect(roles).toEqual(['viewer']);
    expect(seenAuth.at(-1)).toBe('Bearer t');
    expect((await app.inject({ method: 'GET', url: '/api/v1/runbooks/restart' })).json()).toMatchObject({ runbook: { id: 'restart' } });
  });

  it('POST /api/v1/runbooks/:id/enable publishes a control record (admin)', async () => {
    const { app, sent, roles } = build(runnerUrl);
    const r = await app.inject({ method: 'POST', url: '/api/v1/runbooks/restart/enable', payload: { reason: 'fixed the target', controlId: 'c-1' } });
    expect(r.statusCode).toBe(202);
    expect(roles).toEqual(['admin']);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.topic).toBe('ns1.aiops.runbook-control.v1');
    expect(JSON.parse(String(sent[0]!.value))).toEqual({ id: 'c-1', at: 42, actor: 'ops-admin', action: 'enable', runbookId: 'restart', reason: 'fixed the target' });
    const bad = await app.inject({ method: 'POST', url: '/api/v1/runbooks/..%2Fx/enable' });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(sent).toHaveLength(1);
  });
});
