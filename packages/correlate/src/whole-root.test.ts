import { describe, expect, it } from 'vitest';
import { wholeFirst, type WholeRootMode } from './whole-root.js';

// web has one pod (web-1); api has three (api-1..3); db-1 is a host, part of nothing composite
const wholes: Record<string, string[]> = { 'web-1': ['web'], 'api-1': ['api'], 'api-2': ['api'], 'api-3': ['api'] };
const parts: Record<string, number> = { web: 1, api: 3 };
const topo = { wholesOf: (ci: string) => wholes[ci] ?? [], partCount: (ci: string) => parts[ci] ?? 0 };
const isPod = (ci: string) => ci in wholes;
const cand = (ciId: string, score = 1) => ({ ciId, score, reason: 'r' });

describe('wholeFirst (rootNamesWhole)', () => {
  it.each([
    // [mode, leader and group CIs, reported first, second]
    ['off', ['web-1'], 'web-1', undefined],
    ['sole', ['web-1'], 'web', 'web-1'], // the only replica: its workload
    ['sole', ['api-1'], 'api-1', undefined], // one replica of three, workload silent: the pod
    ['sole', ['api-1', 'api'], 'api-1', 'api'],
    ['alerting', ['api-1', 'api'], 'api', 'api-1'], // the workload alerts with its only alerting pod
    ['alerting', ['web-1'], 'web-1', undefined],
    ['either', ['api-1', 'api-2', 'api'], 'api-1', 'api-2'], // two alerting pods: wholeRootMinParts' business
    ['either', ['db-1', 'web-1'], 'db-1', 'web-1'], // the leader is no part
  ] as const)('%s %j -> %s', (mode: WholeRootMode, cis, first, second) => {
    const cands = cis.map((c, i) => cand(c, 1 - i * 0.1));
    const out = wholeFirst(cands, cis, (x) => (cis as readonly string[]).includes(x), topo, mode, isPod);
    expect(out[0]?.ciId).toBe(first);
    expect(out[1]?.ciId).toBe(second);
    expect(new Set(out.map((c) => c.ciId)).size).toBe(out.length); // the whole is never listed twice
  });

  it('a part of a non-instance type keeps its own name', () => {
    expect(wholeFirst([cand('web-1')], ['web-1'], () => false, topo, 'either', () => false)[0]?.ciId).toBe('web-1');
  });
});
