import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig, type CorrelateConfigInput } from './config.js';
import { createCorrelationEngine, type EngineOutput } from './engine.js';
import { finalGroups } from './evaluate.js';
import { lateEffectLag, upstreamThrough } from './scheduled-work.js';

// grouping.effectLagByType: scheduled work (a batch job) feels a failure when it is due to run, hours after
// the cause; an alert no group takes on such a CI joins the open group where a cause it needs (walked up
// through silent jobs) still fails.
const T0 = 1_700_000_000_000;
const MIN = 60_000;

const ci = (id: string, type: string, rel: Array<[string, string]> = []): ConfigurationItem =>
  ({ id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'depends_on', target })) });

/** j1 -> j2 -> j3 -> j4 (each needs the one before), j2b also follows j1; j1, j5 and j4 read db; app needs db too. */
const items = [
  ci('db', 'database'),
  ci('j1', 'batch_job', [['depends_on', 'db']]),
  ci('j2', 'batch_job', [['depends_on', 'j1']]),
  ci('j2b', 'batch_job', [['depends_on', 'j1']]),
  ci('j3', 'batch_job', [['depends_on', 'j2']]),
  ci('j4', 'batch_job', [['depends_on', 'j3'], ['depends_on', 'db']]),
  ci('j5', 'batch_job', [['depends_on', 'db']]),
  ci('app', 'application', [['depends_on', 'db']]),
];

const ev = (fp: string, ciId: string, at: number, status: Event['status'] = 'firing'): Event => ({
  id: `ev-${fp}-${at}-${status}`, source: 'test', fingerprint: fp, status, severity: 'major', title: `alert ${fp}`, description: '',
  labels: { alertname: fp }, annotations: {}, resource: { ci: ciId }, occurredAt: at, receivedAt: at,
});

function groupsOf(grouping: CorrelateConfigInput['grouping'], events: readonly Event[]): string[][] {
  const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, grouping }), { cmdb: createCmdbGraph(items) });
  const out: EngineOutput = { alerts: [], groups: [] };
  for (const x of events) {
    out.groups.push(...e.advance(x.receivedAt).groups);
    out.groups.push(...e.process([x]).groups);
  }
  return finalGroups(out.groups).map((g) => g.members.map((m) => m.fingerprint).sort()).sort();
}

describe('effectLagByType (scheduled work)', () => {
  const abend = ev('j1', 'j1', T0); // j1 abends at T0 and stays failed
  const cases: Array<[string, CorrelateConfigInput['grouping'], Event[], string[][]]> = [
    ['off: a successor missing its deadline 2 h later opens its own group', { effectLagByType: {} },
      [abend, ev('j4', 'j4', T0 + 120 * MIN)], [['j1'], ['j4']]],
    ['on: it joins the failed predecessor\'s group, through the silent jobs between', {},
      [abend, ev('j4', 'j4', T0 + 120 * MIN)], [['j1', 'j4']]],
    ['on: not past scheduledMaxHops', { scheduledMaxHops: 2 },
      [abend, ev('j4', 'j4', T0 + 120 * MIN)], [['j1'], ['j4']]],
    ['on: not past the type\'s lag', { effectLagByType: { batch_job: 60 * MIN } },
      [abend, ev('j4', 'j4', T0 + 120 * MIN)], [['j1'], ['j4']]],
    ['on: a predecessor rerun (resolved) in a group with nothing failing explains nothing', {},
      [abend, ev('j1', 'j1', T0 + 60 * MIN, 'resolved'), ev('j4', 'j4', T0 + 120 * MIN)], [['j1'], ['j4']]],
    ['on: a rerun predecessor whose other successor still waits: the chain is still catching up', {},
      [abend, ev('j2b', 'j2b', T0 + 30 * MIN), ev('j1', 'j1', T0 + 60 * MIN, 'resolved'), ev('j4', 'j4', T0 + 120 * MIN)], [['j1', 'j2b', 'j4']]],
    ['... not with scheduledChainOutlives off', { scheduledChainOutlives: false },
      [abend, ev('j2b', 'j2b', T0 + 30 * MIN), ev('j1', 'j1', T0 + 60 * MIN, 'resolved'), ev('j4', 'j4', T0 + 120 * MIN)], [['j1', 'j2b'], ['j4']]],
    ['on: a job running long while the database it reads still fails', {},
      [ev('db', 'db', T0), ev('j5', 'j5', T0 + 40 * MIN)], [['db', 'j5']]],
    ['on: not once the database has recovered (it is no chain of jobs)', {},
      [ev('db', 'db', T0), ev('db', 'db', T0 + 30 * MIN, 'resolved'), ev('j5', 'j5', T0 + 40 * MIN)], [['db'], ['j5']]],
    ['on: a failed predecessor chain comes before a shared dependency failing since', {},
      [abend, ev('db', 'db', T0 + 100 * MIN), ev('j4', 'j4', T0 + 120 * MIN)], [['db'], ['j1', 'j4']]],
    ['on: not for a CI of a type outside the table (an application)', {},
      [ev('db', 'db', T0), ev('app', 'app', T0 + 40 * MIN)], [['app'], ['db']]],
  ];
  it.each(cases)('%s', (_name, grouping, events, want) => {
    expect(groupsOf(grouping, events)).toEqual(want);
  });
});

describe('effectLagByType across a restart', () => {
  // two late successors join the abend's group after its join window; a snapshot + restore between them
  // (and between the abend and the first) gives the same outputs as an uninterrupted run
  const evs = [ev('j1', 'j1', T0), ev('j2b', 'j2b', T0 + 30 * MIN), ev('j4', 'j4', T0 + 120 * MIN), ev('j5', 'j5', T0 + 150 * MIN), ev('j3', 'j3', T0 + 160 * MIN)];
  const engine = () => createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 } }), { cmdb: createCmdbGraph(items) });
  const play = (e: ReturnType<typeof engine>, xs: readonly Event[]): EngineOutput => {
    const out: EngineOutput = { alerts: [], groups: [] };
    for (const x of xs) {
      out.groups.push(...e.advance(x.receivedAt).groups);
      out.groups.push(...e.process([x]).groups);
    }
    return out;
  };
  it.each([[1], [3], [4]])('cut after %i events', (cut) => {
    const whole = play(engine(), evs);
    const first = engine();
    const a = play(first, evs.slice(0, cut));
    const second = engine();
    for (const s of JSON.parse(JSON.stringify(first.snapshotAll())) as ReturnType<ReturnType<typeof engine>['snapshotAll']>) second.restore(s);
    const b = play(second, evs.slice(cut));
    expect([...a.groups, ...b.groups]).toEqual(whole.groups);
    expect(finalGroups(whole.groups).map((g) => g.members.map((m) => m.fingerprint).sort())).toEqual([['j1', 'j2b', 'j3', 'j4'], ['j5']]);
  });
});

describe('upstreamThrough', () => {
  const up = new Map<string, string[]>([['j4', ['j3', 'db']], ['j3', ['j2']], ['j2', ['j1']], ['j1', ['db']]]);
  const walk = (max: number, through: (id: string) => boolean) => upstreamThrough((id) => (up.get(id) ?? []).map((x) => ({ id: x })), 'j4', max, through);
  it.each([
    ['every CI within the hops, nearest first', 4, () => true, [['j3', 1], ['db', 1], ['j2', 2], ['j1', 3]]],
    ['the walk goes on only through accepted CIs', 4, (id: string) => id === 'j3', [['j3', 1], ['db', 1], ['j2', 2]]],
    ['within maxHops', 1, () => true, [['j3', 1], ['db', 1]]],
  ] as Array<[string, number, (id: string) => boolean, Array<[string, number]>]>)('%s', (_n, max, through, want) => {
    expect(walk(max, through).map((x) => [x.id, x.hops])).toEqual(want);
  });
});

describe('lateEffectLag', () => {
  it.each([
    ['a listed type', 'batch_job', 5],
    ['an unlisted type', 'database', 0],
    ['no CI type', undefined, 0],
  ] as Array<[string, string | undefined, number]>)('%s', (_n, type, want) => {
    expect(lateEffectLag({ batch_job: 5 }, type)).toBe(want);
  });
});
