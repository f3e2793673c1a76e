import { describe, expect, it } from 'vitest';
import { ValidationFailed, Unavailable } from '@aiops/errors';
import { silentTelemetry } from '@aiops/telemetry';
import { createHttpServer, sha256Hex, TokenAuth } from './index.js';

function server() {
  const auth = new TokenAuth([
    { name: 'viewer', sha256: sha256Hex('viewer-token-123456'), roles: ['viewer'] },
    { name: 'admin', sha256: sha256Hex('admin-token-1234567'), roles: ['admin'] },
  ]);
  let ready = true;
  const s = createHttpServer({ telemetry: silentTelemetry(), auth, readiness: [() => ready], bodyLimit: 100 });
  s.app.get('/open', async () => ({ ok: true }));
  s.app.post('/admin', { preHandler: s.requireRole('admin') }, async (req) => ({ who: req.principal?.name }));
  s.app.get('/bad', async () => { throw ValidationFailed('x must be a string', 'x'); });
  s.app.get('/down', async () => { throw Unavailable('kafka down'); });
  s.app.get('/boom', async () => { throw new Error('secret internals'); });
  return { s, setReady: (r: boolean) => (ready = r) };
}

describe('createHttpServer', () => {
  it('serves health, readiness and metrics', async () => {
    const { s, setReady } = server();
    expect((await s.app.inject('/healthz')).statusCode).toBe(200);
    expect((await s.app.inject('/readyz')).statusCode).toBe(200);
    setReady(false);
    expect((await s.app.inject('/readyz')).statusCode).toBe(503);
    await s.app.inject('/open');
    const m = await s.app.inject('/metrics');
    expect(m.body).toContain('aiops_http_requests_total');
  });
  it('readinessDetail: a 503 of /readyz carries the detail as it is at each request; 200 when ready (detail not asked); liveness unaffected', async () => {
    let ready = false;
    let asked = 0;
    let read = 10;
    const s = createHttpServer({
      telemetry: silentTelemetry(),
      readiness: [() => true, () => ready],
      readinessDetail: () => {
        asked++;
        return { loading: { phase: 'timelines', recordsRead: read } };
      },
    });
    const readyz = async () => {
      const r = await s.app.inject('/readyz');
      return { status: r.statusCode, body: r.json() as unknown };
    };
    expect(await readyz()).toEqual({ status: 503, body: { status: 'not ready', loading: { phase: 'timelines', recordsRead: 10 } } });
    read = 25;
    expect(await readyz()).toEqual({ status: 503, body: { status: 'not ready', loading: { phase: 'timelines', recordsRead: 25 } } });
    expect((await s.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    ready = true;
    asked = 0;
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready' } });
    expect(asked).toBe(0);
    expect((await s.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('readinessDetail: a probe that throws is not ready and still gets the detail', async () => {
    const s = createHttpServer({
      telemetry: silentTelemetry(),
      readiness: [() => { throw new Error('kafka down'); }],
      readinessDetail: () => ({ reason: 'starting' }),
    });
    const r = await s.app.inject('/readyz');
    expect(r.statusCode).toBe(503);
    expect(r.json()).toEqual({ status: 'not ready', reason: 'starting' });
    expect((await s.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('maps errors to status, code and field; hides internals', async () => {
    const { s } = server();
    const bad = await s.app.inject('/bad');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { code: 'AIOPS_ERR_VALIDATION', message: 'x must be a string', field: 'x' } });
    const down = await s.app.inject('/down');
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    const boom = await s.app.inject('/boom');
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('secret internals');
    expect((await s.app.inject('/nope')).statusCode).toBe(404);
  });
  it('enforces bearer tokens and roles', async () => {
    const { s } = server();
    expect((await s.app.inject({ method: 'POST', url: '/admin' })).statusCode).toBe(401);
    expect((await s.app.inject({ method: 'POST', url: '/admin', headers: { authorization: 'Bearer wrong-token-000000' } })).statusCode).toBe(401);
    expect((await s.app.inject({ method: 'POST', url: '/admin', headers: { authorization: 'Bearer viewer-token-123456' } })).statusCode).toBe(403);
    const ok = await s.app.inject({ method: 'POST', url: '/admin', headers: { authorization: 'Bearer admin-token-1234567' } });
    expect(ok.json()).toEqual({ who: 'admin' });
  });
  it('answers 413 with a code for oversized bodies', async () => {
    const { s } = server();
    const r = await s.app.inject({ method: 'POST', url: '/admin', headers: { authorization: 'Bearer admin-token-1234567', 'content-type': 'application/json' }, payload: JSON.stringify({ x: 'y'.repeat(500) }) });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('AIOPS_ERR_HTTP_BODY_TOO_LARGE');
  });
});
