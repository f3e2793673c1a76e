import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderedAction } from '@aiops/runbook';
import { executeHttp } from './http-executor.js';

let srv: Server;
let base = '';
const seen: string[] = [];

beforeAll(async () => {
  srv = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const u = req.url ?? '';
    if (u === '/ok') res.writeHead(204).end();
    else if (u === '/big') res.writeHead(200).end('z'.repeat(100_000));
    else if (u === '/redirect') res.writeHead(302, { location: '/ok' }).end();
    else if (u === '/busy') res.writeHead(429).end('slow down');
    else if (u === '/bad') res.writeHead(400).end('no');
    else if (u === '/error') res.writeHead(503).end('down');
    else if (u === '/hang') setTimeout(() => res.writeHead(200).end('late'), 5000);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const a = srv.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => {
  srv.closeAllConnections();
  return new Promise<void>((r) => srv.close(() => r()));
});

const never = new AbortController().signal;
function call(path: string, method = 'POST', successStatus?: number[]) {
  const a: Extract<RenderedAction, { type: 'http' }> = { type: 'http', name: 'h', method, url: `${base}${path}`, headers: {}, body: undefined, successStatus, timeoutMs: undefined };
  return executeHttp(a, { timeoutMs: 500, maxBytes: 64, signal: never });
}

describe('executeHttp', () => {
  it('interprets status codes: 2xx ok, 429/5xx retryable, 4xx final, custom success list', async () => {
    expect(await call('/ok')).toMatchObject({ ok: true, detail: 'HTTP 204' });
    expect(await call('/busy')).toMatchObject({ ok: false, retryable: true, detail: 'HTTP 429' });
    expect(await call('/error')).toMatchObject({ ok: false, retryable: true, detail: 'HTTP 503' });
    expect(await call('/bad')).toMatchObject({ ok: false, retryable: false, detail: 'HTTP 400' });
    expect(await call('/bad', 'POST', [400])).toMatchObject({ ok: true });
  });
  it('does not follow redirects and bounds the captured body', async () => {
    seen.length = 0;
    expect(await call('/redirect')).toMatchObject({ ok: false, detail: 'HTTP 302' });
    expect(seen).toEqual(['POST /redirect']);
    const big = await call('/big');
    expect(big.output.startsWith('z'.repeat(64))).toBe(true);
    expect(big.output.length).toBeLessThan(200);
  });
  it('times out: retryable only for idempotent methods; connection refused is retryable', async () => {
    const t0 = Date.now();
    expect(await call('/hang', 'POST')).toMatchObject({ ok: false, retryable: false, detail: 'timeout after 500 ms' });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await call('/hang', 'PUT')).toMatchObject({ ok: false, retryable: true });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const addr = closed.address();
    await new Promise((r) => closed.close(r));
    const refused = await executeHttp({ type: 'http', name: 'h', method: 'POST', url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/x`, headers: {}, body: undefined, successStatus: undefined, timeoutMs: undefined }, { timeoutMs: 500, maxBytes: 10, signal: never });
    expect(refused).toMatchObject({ ok: false, retryable: true, detail: 'HTTP call failed: ECONNREFUSED' });
  });
});
