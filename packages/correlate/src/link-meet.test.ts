import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig } from './config.js';
import { createCorrelationEngine, type EngineOutput } from './engine.js';
import { finalGroups } from './evaluate.js';
import { linkCountMatters, linkMeetFirst, type LinkPeers } from './link-meet.js';

// a chain core - a - x - d - e, with stub s hanging off x (a base station) and y a second peer of a
const links: Record<string, string[]> = { core: ['a'], a: ['core', 'x', 'y'], x: ['a', 'd', 's'], d: ['x', 'e'], e: ['d'], s: ['x'], y: ['a', 'z'], z: ['y'] };
const peers: LinkPeers = { peersOf: (ci) => links[ci] ?? [] };
const cand = (ciId: string, score = 1) => ({ ciId, score, reason: 'r' });
const S = 1000;

describe('linkMeetFirst (linkMeetWindowMs)', () => {
  it.each([
    // [case, leader a's group: CI -> [onset s, alerts], reported first, second]
    ['x rebooted: a and d saw their links to x drop together; x lost management', { a: [0, 1], d: [2, 1], x: [90, 2] }, 'x', 'a'],
    ['a board fault: x saw its link drop; d behind x alarms minutes later', { a: [0, 2], x: [1, 1], d: [200, 1] }, 'a', undefined],
    ['x carries no more alerts than a (two failures either side of x)', { a: [0, 1], d: [2, 1], x: [90, 1] }, 'a', undefined],
    ['d started long after a', { a: [0, 1], d: [300, 1], x: [90, 2] }, 'a', undefined],
    ['only the stub s alarms beyond x (cut off by x or by a: both fit)', { a: [0, 1], s: [2, 1], x: [90, 2] }, 'a', undefined],
    ['a is a meeting point too: y went down with x', { a: [0, 1], d: [2, 1], x: [90, 2], y: [95, 1] }, 'a', undefined],
  ] as const)('%s', (_name, group, first, second) => {
    const g = group as Record<string, readonly [number, number]>;
    const cands = Object.keys(g).map((c, i) => cand(c, 1 - i * 0.1));
    const out = linkMeetFirst(cands, (ci) => (g[ci] ? (g[ci][0] as number) * S : undefined), (ci) => g[ci]?.[1] ?? 0, peers, 60 * S);
    expect(out[0]?.ciId).toBe(first);
    if (second !== undefined) expect(out[1]?.ciId).toBe(second);
    if (first === 'a') expect(out).toBe(cands); // unchanged: the same list
    expect(new Set(out.map((c) => c.ciId)).size).toBe(out.length);
  });

  it('off (-1) and a silent leader leave the ranking as it is', () => {
    const cands = [cand('a'), cand('x', 0.5), cand('d', 0.4)];
    const onset = (ci: string) => ({ a: 0, d: 2 * S, x: 90 * S })[ci];
    expect(linkMeetFirst(cands, onset, () => 1, peers, -1)).toBe(cands);
    expect(linkMeetFirst([cand('core'), ...cands], (ci) => (ci === 'core' ? undefined : onset(ci)), (ci) => (ci === 'x' ? 2 : 1), peers, 60 * S)[0]?.ciId).toBe('core');
  });

  it.each([
    ['a', 'a', true],
    ['a', 'x', true],
    ['a', 'd', false],
    [undefined, 'a', false],
  ] as const)('a further alert on %s -> %s can change the report: %s', (leader, ci, want) => {
    expect(linkCountMatters(leader, ci, peers)).toBe(want);
  });
});

describe('linkMeetWindowMs in the engine', () => {
  // a chain core - a - x - d - e (links stored toward the core), base station s on x: x reboots; a and d
  // see their links to x drop, the NMS loses x 90 s later and x reports its cold start 6 min later
  const T0 = 1_700_000_000_000;
  const ci = (id: string, to: string[]): ConfigurationItem => ({ id, name: id, type: 'network', aliases: [], attributes: {}, relations: to.map((target) => ({ type: 'connected_to' as const, target })) });
  const items = [ci('core', []), ci('a', ['core']), ci('x', ['a']), ci('d', ['x']), ci('e', ['d']), ci('s', ['x'])];
  const ev = (fp: string, ciId: string, at: number): Event => ({
    id: `ev-${fp}`, source: 'nms', fingerprint: fp, status: 'firing', severity: 'major', title: `alarm ${fp}`, description: '',
    labels: { alertname: fp }, annotations: {}, resource: { ci: ciId }, occurredAt: T0 + at, receivedAt: T0 + at,
  });
  const storm = [ev('a-link', 'a', 0), ev('d-link', 'd', 2 * S), ev('x-lost', 'x', 90 * S), ev('x-restart', 'x', 400 * S)];
  it.each([
    ['off: the peer nearer the core', -1, storm, 'a'],
    ['on: the rebooted router (re-ranked when its second alarm arrives)', 60 * S, storm, 'x'],
    ['on: one alarm on x only: both readings fit, the CMDB direction stays', 60 * S, storm.slice(0, 3), 'a'],
  ] as const)('%s', (_name, linkMeetWindowMs, events, root) => {
    const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, grouping: { linkMeetWindowMs } }), { cmdb: createCmdbGraph(items) });
    const out: EngineOutput = { alerts: [], groups: [] };
    for (const x of events) {
      out.groups.push(...e.advance(x.receivedAt).groups);
      out.groups.push(...e.process([x]).groups);
    }
    const gs = finalGroups(out.groups);
    expect(gs.map((g) => g.members.length)).toEqual([events.length]);
    expect(gs[0]?.rootCause?.ciId).toBe(root);
  });
});
