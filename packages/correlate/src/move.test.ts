import { describe, expect, it } from 'vitest';
import type { CorrelationGroup, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { clearlyStronger, joinStrength, noteYoung, youngUnder, type MovableMember, type YoungIndex } from './move.js';
import { correlateConfig, type CorrelateConfigInput } from './config.js';
import { createCorrelationEngine, type CorrelationEngine, type EngineOutput } from './engine.js';

describe('joinStrength', () => {
  it.each<{ m: MovableMember; want: number | null; why: string }>([
    { m: { rule: 'seed', evidence: { detail: 'opened the group' } }, want: null, why: 'the alert that opened the group never moves' },
    { m: { rule: 'manual', evidence: { score: 0.2 } }, want: null, why: 'a person placed it' },
    { m: { rule: 'topology', evidence: { score: 0.95, detail: 'merged from grp_x: ...' } }, want: null, why: 'merged in with its whole group' },
    { m: { rule: 'topology', evidence: { score: 0.75 } }, want: 0.75, why: 'a join records its score' },
    { m: { rule: 'burst', evidence: { score: 0.5 } }, want: 0.5, why: 'an onset burst' },
    { m: { rule: 'similarity', evidence: { score: 1 } }, want: 0.85, why: 'similarity records the cosine: identical text joins with 0.85' },
    { m: { rule: 'similarity', evidence: { score: 0.75 } }, want: 0.55, why: 'at the threshold' },
    { m: { rule: 'pattern', evidence: { score: 12 } }, want: 0.6, why: 'a pattern records a count' },
    { m: { rule: 'topology', evidence: {} }, want: null, why: 'no score recorded: unknown, it stays' },
  ])('$why', ({ m, want }) => {
    const s = joinStrength(m, 0.75);
    if (want === null) expect(s).toBeNull();
    else expect(s).toBeCloseTo(want, 6);
  });
});

describe('clearlyStronger', () => {
  it.each([
    { joined: 0.75, next: 0.95, moves: 0, want: true, why: 'a silent suspect beaten by an alerting direct cause' },
    { joined: 0.85, next: 0.95, moves: 0, want: false, why: 'within the margin: stays' },
    { joined: 0.75, next: 0.95, moves: 1, want: false, why: 'moved once already (no ping-pong)' },
    { joined: null, next: 1, moves: 0, want: false, why: 'never moves' },
  ])('$why', ({ joined, next, moves, want }) => {
    expect(clearlyStronger(joined, next, moves, 0.15, 1)).toBe(want);
  });
  it('a zero margin is off', () => expect(clearlyStronger(0.1, 1, 0, 0, 1)).toBe(false));
});

describe('youngUnder', () => {
  it('returns the entries joined within the window and forgets older ones for good', () => {
    const idx: YoungIndex = new Map();
    noteYoung(idx, ['db-1', 'app-1'], { fp: 'a', group: 'g1', joinedAt: 0 });
    noteYoung(idx, ['db-1'], { fp: 'b', group: 'g1', joinedAt: 100 });
    expect(youngUnder(idx, 'db-1', 150, 100).map((e) => e.fp)).toEqual(['b']);
    expect(youngUnder(idx, 'db-1', 100, 100).map((e) => e.fp)).toEqual(['b']); // 'a' is gone, even looked at earlier
    expect(youngUnder(idx, 'app-1', 500, 100)).toEqual([]);
    expect(idx.has('app-1')).toBe(false);
  });
});

// lb-1 is what app-1..3 call; app-1 also needs db-1. app-2 alerts, then app-1: two dependents of lb-1 at
// once (suspectMinDependents 2 here), so app-1 joins app-2's group through the silent suspect lb-1 (0.75).
// A minute later db-1 alerts and opens a group of its own (a rival of that group's root lb-1): app-1's own
// CI needs db-1, an alerting cause (0.95).
const T0 = 1_700_000_000_000;
const MIN = 60_000;
const ci = (id: string, type: string, deps: string[] = []) => ({ id, name: id, type, aliases: [], attributes: {}, relations: deps.map((target) => ({ type: 'depends_on' as const, target })) });
const cmdb = createCmdbGraph([
  ci('lb-1', 'load_balancer'), ci('db-1', 'database'),
  ci('app-1', 'application', ['lb-1', 'db-1']), ci('app-2', 'application', ['lb-1']), ci('app-3', 'application', ['lb-1']), ci('app-4', 'application', ['db-1']),
]);
function ev(fp: string, at: number, severity: Event['severity'] = 'major', status: Event['status'] = 'firing'): Event {
  const on = fp.replace(/-(errors|down)$/, '');
  return { id: `${fp}-${at}-${status}`, source: 'test', fingerprint: fp, status, severity, title: `${fp} on ${on}`, description: '', labels: { alertname: fp }, annotations: {}, resource: { ci: on }, occurredAt: at, receivedAt: at };
}
const storm = (): Event[] => [
  ev('app-2-errors', T0), ev('app-1-errors', T0 + 10_000),
  ev('db-1-down', T0 + 70_000, 'critical'),
  ev('db-1-down', T0 + 20 * MIN, 'critical', 'resolved'),
];
function run(engine: CorrelationEngine, events: readonly Event[], end?: number): EngineOutput {
  const out: EngineOutput = { alerts: [], groups: [] };
  const take = (o: EngineOutput): void => { out.alerts.push(...o.alerts); out.groups.push(...o.groups); };
  for (const e of events) { take(engine.process([e])); take(engine.advance(e.receivedAt)); }
  take(engine.flush());
  if (end !== undefined) take(engine.advance(end));
  return out;
}
const engineFor = (grouping: CorrelateConfigInput['grouping'] = {}): CorrelationEngine => createCorrelationEngine(correlateConfig.parse({ grouping: { suspectMinDependents: 2, ...grouping } }), { cmdb });
const holding = (groups: readonly CorrelationGroup[], fp: string): CorrelationGroup | undefined => {
  const latest = new Map<string, CorrelationGroup>();
  for (const g of groups) latest.set(g.id, g);
  return [...latest.values()].find((g) => g.members.some((m) => m.fingerprint === fp));
};
const fps = (g: CorrelationGroup | undefined): string[] => (g?.members ?? []).map((m) => m.fingerprint).sort();

describe('an alert moves to the group of its own CI\'s cause', () => {
  it.each([
    { name: 'moves: the alerting cause beats the silent suspect', grouping: { moveMargin: 0.15 }, want: ['app-1-errors', 'db-1-down'] },
    { name: 'off: it stays where it joined', grouping: { moveMargin: 0 }, want: ['db-1-down'] },
    { name: 'a margin the cause does not clear: it stays', grouping: { moveMargin: 0.25 }, want: ['db-1-down'] },
    { name: 'the cause comes after the move window: it stays', grouping: { moveMargin: 0.15, moveWindowMs: 30_000 }, want: ['db-1-down'] },
    { name: 'no moves allowed: it stays', grouping: { moveMargin: 0.15, moveMax: 0 }, want: ['db-1-down'] },
  ])('$name', ({ grouping, want }) => {
    expect(fps(holding(run(engineFor(grouping), storm()).groups, 'db-1-down'))).toEqual(want);
  });

  it('the source version lists it as removed, the target says where it came from, both in one step', () => {
    const out = run(engineFor({ moveMargin: 0.15 }), storm());
    const removal = out.groups.find((g) => g.removed !== undefined);
    expect(removal).toMatchObject({ change: 'alert_removed', status: 'open', removed: [{ fingerprint: 'app-1-errors', reason: 'app-1 depends on db-1' }] });
    expect(fps(removal)).toEqual(['app-2-errors']);
    const target = out.groups.find((g) => g.id === removal?.removed?.[0]?.movedTo && g.members.some((m) => m.fingerprint === 'app-1-errors'));
    const moved = target?.members.find((m) => m.fingerprint === 'app-1-errors');
    expect(moved).toMatchObject({ rule: 'topology', evidence: { movedFrom: removal?.id, hops: 1, path: ['app-1', 'db-1'], score: 0.95 } });
    expect(moved?.evidence.detail).toMatch(/^moved from grp_\w+ \(joined by topology 0\.75\): app-1 depends on db-1$/);
    // nothing else lists it: every consumer's "latest version per group" places it once
    expect(out.groups.filter((g) => g.id !== target?.id).map((g) => holding([g], 'app-1-errors')).filter((g) => g !== undefined && g.id === removal?.id && g.version > (removal?.version ?? 0))).toEqual([]);
    expect(out.groups.filter((g) => g.removed !== undefined)).toHaveLength(1);
  });

  it('snapshot + restore between the join and the cause gives the same outputs as an uninterrupted run', () => {
    const grouping = { moveMargin: 0.15 };
    const evs = storm();
    const whole = run(engineFor(grouping), evs, T0 + 5 * 3600_000);
    for (const cut of [2, 3]) {
      const first = engineFor(grouping);
      const a = run(first, evs.slice(0, cut));
      const second = engineFor(grouping);
      for (const s of JSON.parse(JSON.stringify(first.snapshotAll())) as ReturnType<CorrelationEngine['snapshotAll']>) second.restore(s);
      const b = run(second, evs.slice(cut), T0 + 5 * 3600_000);
      expect([...a.groups, ...b.groups]).toEqual(whole.groups);
      expect([...a.alerts, ...b.alerts].map((x) => [x.id, x.version, x.change])).toEqual(whole.alerts.map((x) => [x.id, x.version, x.change]));
    }
  });
});

describe('without a CMDB: an alert moves to a later group on its own host', () => {
  // a namespace-mate of an open group joins it near the end of its window (shared namespace, 0.55); a
  // minute later that window is over and a new failure starts on the alert's own host (same host, 0.9)
  const noCmdb = createCmdbGraph([]);
  const lev = (fp: string, at: number, labels: Record<string, string>, title: string): Event => ({ id: `${fp}-${at}`, source: 'test', fingerprint: fp, status: 'firing', severity: 'major', title, description: '', labels: { alertname: fp, ...labels }, annotations: {}, resource: {}, occurredAt: at, receivedAt: at });
  const events = (): Event[] => [
    lev('queue', T0, { namespace: 'shop', host: 'pelican' }, 'Queue backlog growing'),
    lev('disk', T0 + 4 * MIN, { namespace: 'shop', host: 'kestrel' }, 'Disk almost full'),
    lev('oom', T0 + 5.5 * 60_000, { namespace: 'batch', host: 'kestrel' }, 'Process killed by the kernel'),
  ];
  const mates = (grouping: CorrelateConfigInput['grouping'], more: Event[] = []): string[] => fps(holding(run(createCorrelationEngine(correlateConfig.parse({ grouping }), { cmdb: noCmdb }), [...events(), ...more].sort((x, y) => x.occurredAt - y.occurredAt)).groups, 'oom'));
  // a host-mate joined its group after it (same host): the alert has that evidence where it is
  const hostMate = [lev('swap', T0 + 4.5 * 60_000, { host: 'kestrel' }, 'Swap usage high')];
  it.each([
    { name: 'moves: same host beats a shared namespace', grouping: { moveMargin: 0.3 }, more: [], want: ['disk', 'oom'] },
    { name: 'off', grouping: { moveMargin: 0 }, more: [], want: ['oom'] },
    { name: 'label moves off', grouping: { moveMargin: 0.3, moveByKeys: false }, more: [], want: ['oom'] },
    { name: 'a margin the host does not clear', grouping: { moveMargin: 0.4 }, more: [], want: ['oom'] },
    { name: 'a member of its group on the same host: it stays', grouping: { moveMargin: 0.3 }, more: hostMate, want: ['oom'] },
    { name: 'from a group already past its join window (its join state released)', grouping: { moveMargin: 0.3, windowMs: 5 * MIN }, more: [], want: ['disk', 'oom'] },
  ])('$name', ({ grouping, more, want }) => {
    expect(mates(grouping, more)).toEqual(want);
  });
  it('restored between the join and the new failure: the same outputs', () => {
    const cfg = correlateConfig.parse({ grouping: { moveMargin: 0.3 } });
    const whole = run(createCorrelationEngine(cfg, { cmdb: noCmdb }), events(), T0 + 5 * 3600_000);
    const first = createCorrelationEngine(cfg, { cmdb: noCmdb });
    const a = run(first, events().slice(0, 2));
    const second = createCorrelationEngine(cfg, { cmdb: noCmdb });
    for (const s of JSON.parse(JSON.stringify(first.snapshotAll())) as ReturnType<CorrelationEngine['snapshotAll']>) second.restore(s);
    const b = run(second, events().slice(2), T0 + 5 * 3600_000);
    expect([...a.groups, ...b.groups]).toEqual(whole.groups);
    expect(whole.groups.some((g) => g.removed?.[0]?.fingerprint === 'disk')).toBe(true);
  });
});
