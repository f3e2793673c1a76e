import { describe, expect, it } from 'vitest';
import { silentTelemetry } from '@aiops/telemetry';
import { runService, type ProcessLike } from './index.js';

function fakeProcess() {
  const handlers = new Map<string, () => void>();
  const exits: number[] = [];
  const proc: ProcessLike = { on: (s, fn) => handlers.set(s, fn), exit: (c) => void exits.push(c) };
  return { proc, handlers, exits };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('runService', () => {
  it('stops once on SIGTERM (a second signal does nothing) and exits 0', async () => {
    const f = fakeProcess();
    let stops = 0;
    await runService({ start: async () => undefined, stop: async () => void stops++ }, silentTelemetry().logger, f.proc);
    f.handlers.get('SIGTERM')!();
    f.handlers.get('SIGINT')!();
    await tick();
    expect(stops).toBe(1);
    expect(f.exits).toEqual([0]);
  });
  it('exits 1 when start fails, and when stop fails', async () => {
    const a = fakeProcess();
    await runService({ start: async () => { throw new Error('no broker'); }, stop: async () => undefined }, silentTelemetry().logger, a.proc);
    expect(a.exits).toEqual([1]);
    const b = fakeProcess();
    await runService({ start: async () => undefined, stop: async () => { throw new Error('flush failed'); } }, silentTelemetry().logger, b.proc);
    b.handlers.get('SIGTERM')!();
    await tick();
    expect(b.exits).toEqual([1]);
  });
});
