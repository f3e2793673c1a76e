import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { counter, createLogger, createRegistry } from './index.js';

describe('logger', () => {
  it('writes JSON with the service name and redacts credentials', async () => {
    const lines: string[] = [];
    const dest = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger({ service: 'gw', destination: dest as never });
    log.info({ req: { headers: { authorization: 'Bearer s3cr3t' } }, token: 'abc' }, 'hello');
    await new Promise((r) => setImmediate(r));
    const rec = JSON.parse(lines[0] ?? '{}');
    expect(rec.service).toBe('gw');
    expect(JSON.stringify(rec)).not.toContain('s3cr3t');
    expect(JSON.stringify(rec)).not.toContain('abc');
  });
});

describe('registry', () => {
  it('is private per service and registers metrics idempotently', async () => {
    const a = createRegistry('a', { defaultMetrics: false });
    const b = createRegistry('b', { defaultMetrics: false });
    const c1 = counter(a, 'aiops_x_total', 'x', ['reason']);
    const c2 = counter(a, 'aiops_x_total', 'x', ['reason']);
    expect(c1).toBe(c2);
    c1.inc({ reason: 'dup' });
    expect(await a.metrics()).toContain('aiops_x_total{reason="dup",service="a"} 1');
    expect(await b.metrics()).not.toContain('aiops_x_total');
  });
});
