import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig } from './config.js';
import { createCorrelationEngine, type EngineOutput } from './engine.js';
import { finalGroups } from './evaluate.js';

// grouping.lateRootEffectMs: an alert no group takes, on a CI nothing depends on (a victim, not the root of
// a new failure), that directly depends on a group's alerting, still firing root candidate, joins that group
// past effectLagMs (10 min) when the group already holds two other direct dependents of the root.
const T0 = 1_700_000_000_000;
const MIN = 60_000;

const ci = (id: string, type: string, rel: Array<[string, string]> = []): ConfigurationItem =>
  ({ id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'depends_on', target })) });

/** app-a, app-b, app-c (leaves) and app-cart need db-main; app-web needs app-cart; app-c runs on host-3. */
const items = [
  ci('db-main', 'database'),
  ci('host-3', 'host'),
  ci('app-a', 'application', [['depends_on', 'db-main']]),
  ci('app-b', 'application', [['depends_on', 'db-main']]),
  ci('app-c', 'application', [['depends_on', 'db-main'], ['runs_on', 'host-3']]),
  ci('app-cart', 'application', [['depends_on', 'db-main']]),
  ci('app-web', 'application', [['depends_on', 'app-cart']]),
];

const ev = (fp: string, ciId: string, at: number, status: Event['status'] = 'firing'): Event => ({
  id: `ev-${fp}-${at}-${status}`, source: 'test', fingerprint: fp, status, severity: 'major', title: `alert ${fp}`, description: '',
  labels: { alertname: fp }, annotations: {}, resource: { ci: ciId }, occurredAt: at, receivedAt: at,
});

function groupsOf(lateRootEffectMs: number, events: readonly Event[]): string[][] {
  const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, grouping: { lateRootEffectMs, lateFanRootSpreadMs: -1 } }), { cmdb: createCmdbGraph(items) });
  const out: EngineOutput = { alerts: [], groups: [] };
  for (const x of events) {
    out.groups.push(...e.advance(x.receivedAt).groups);
    out.groups.push(...e.process([x]).groups);
  }
  return finalGroups(out.groups).map((g) => g.members.map((m) => m.fingerprint).sort()).sort();
}

describe('lateRootEffectMs', () => {
  // db-main fails at T0 and takes app-a and app-b down with it
  const outage = [ev('db', 'db-main', T0), ev('a', 'app-a', T0 + MIN), ev('b', 'app-b', T0 + MIN)];
  const cases: Array<[string, number, Event[], string[][]]> = [
    ['off: a leaf 12 min after the root opens its own group', -1,
      [...outage, ev('c', 'app-c', T0 + 12 * MIN)], [['a', 'b', 'db'], ['c']]],
    ['on: a leaf 12 min after the root is its late effect', 15 * MIN,
      [...outage, ev('c', 'app-c', T0 + 12 * MIN)], [['a', 'b', 'c', 'db']]],
    ['on: past lateRootEffectMs it is a new failure', 12 * MIN,
      [...outage, ev('c', 'app-c', T0 + 13 * MIN)], [['a', 'b', 'db'], ['c']]],
    ['on: a CI others depend on may be a new failure\'s root', 15 * MIN,
      [...outage, ev('cart', 'app-cart', T0 + 12 * MIN)], [['a', 'b', 'db'], ['cart']]],
    ['on: two hops from the root (its caller\'s caller) is not taken', 15 * MIN,
      [...outage, ev('web', 'app-web', T0 + 12 * MIN)], [['a', 'b', 'db'], ['web']]],
    ['on: a root that took only one other dependent down', 15 * MIN,
      [ev('db', 'db-main', T0), ev('a', 'app-a', T0 + MIN), ev('c', 'app-c', T0 + 12 * MIN)], [['a', 'db'], ['c']]],
    ['on: a root resolved before the alert started explains nothing', 15 * MIN,
      [...outage, ev('db', 'db-main', T0 + 5 * MIN, 'resolved'), ev('c', 'app-c', T0 + 12 * MIN)], [['a', 'b', 'db'], ['c']]],
    ['on: only a fallback, a group with evidence in time takes the alert', 15 * MIN,
      [...outage, ev('host', 'host-3', T0 + 11 * MIN), ev('c', 'app-c', T0 + 12 * MIN)], [['a', 'b', 'db'], ['c', 'host']]],
  ];
  it.each(cases)('%s', (_name, ms, events, want) => {
    expect(groupsOf(ms, events)).toEqual(want);
  });
});

// grouping.lateFanRootSpreadMs: the alert's CI needs both the alerting root of an outage still being felt (past
// effectLagMs, within lateRootEffectMs, another direct dependent falling within the last 2 min) and a member of a
// more recent failure: the felt outage takes it, as fanRootFirst does within effectLagMs.
describe('lateFanRootSpreadMs', () => {
  // sso fails at T0 (d1, d2 follow, d3 late); base fails 11 min later and mid (which needs base) with it; front
  // needs sso and mid, front2 needs sso and base, and base has another direct dependent m1
  const fanItems = [
    ci('sso', 'application'), ci('d1', 'application', [['depends_on', 'sso']]), ci('d2', 'application', [['depends_on', 'sso']]),
    ci('d3', 'application', [['depends_on', 'sso']]),
    ci('base', 'database'), ci('mid', 'application', [['depends_on', 'base']]), ci('m1', 'application', [['depends_on', 'base']]),
    ci('front', 'application', [['depends_on', 'sso'], ['depends_on', 'mid']]),
    ci('front2', 'application', [['depends_on', 'sso'], ['depends_on', 'base']]),
  ];
  const run = (lateFanRootSpreadMs: number, events: readonly Event[]): string[][] => {
    const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, grouping: { lateFanRootSpreadMs } }), { cmdb: createCmdbGraph(fanItems) });
    const out: EngineOutput = { alerts: [], groups: [] };
    for (const x of events) {
      out.groups.push(...e.advance(x.receivedAt).groups);
      out.groups.push(...e.process([x]).groups);
    }
    return finalGroups(out.groups).map((g) => g.members.map((m) => m.fingerprint).sort()).sort();
  };
  const felt = [ev('sso', 'sso', T0), ev('d1', 'd1', T0 + 30_000), ev('d2', 'd2', T0 + MIN)];
  const late = ev('d3', 'd3', T0 + 11 * MIN);
  const second = [ev('base', 'base', T0 + 11 * MIN), ev('mid', 'mid', T0 + 11 * MIN + 30_000)];
  const front = ev('front', 'front', T0 + 12 * MIN);
  const cases: Array<[string, number, Event[], string[][]]> = [
    ['on: 12 min into the sso outage, still spreading (d3), front is one more of its late dependents', 2 * MIN,
      [...felt, late, ...second, front], [['base', 'mid'], ['d1', 'd2', 'd3', 'front', 'sso']]],
    ['off: the more recent cause (mid) takes it', -1,
      [...felt, late, ...second, front], [['base', 'front', 'mid'], ['d1', 'd2', 'd3', 'sso']]],
    ['on: no dependent of sso fell in the last 2 min, recency decides', 2 * MIN,
      [...felt, ...second, front], [['base', 'front', 'mid'], ['d1', 'd2', 'sso']]],
    ['on: sso took no other dependents down, recency decides', 2 * MIN,
      [ev('sso', 'sso', T0), late, ...second, front], [['base', 'front', 'mid'], ['d3'], ['sso']]],
    ['on: past lateRootEffectMs, recency decides', 2 * MIN,
      [...felt, ev('d3', 'd3', T0 + 15 * MIN), ev('base', 'base', T0 + 15 * MIN), ev('mid', 'mid', T0 + 15 * MIN + 30_000), ev('front', 'front', T0 + 16 * MIN)],
      [['base', 'front', 'mid'], ['d1', 'd2', 'd3', 'sso']]],
    ['on: sso resolved before front started, recency decides', 2 * MIN,
      [...felt, ev('sso', 'sso', T0 + 8 * MIN, 'resolved'), late, ...second, front], [['base', 'front', 'mid'], ['d1', 'd2', 'sso'], ['d3']]],
    ['on: the recent cause is itself the root of a felt outage (base took mid and m1 down), recency decides', 2 * MIN,
      [...felt, late, ...second, ev('m1', 'm1', T0 + 11 * MIN + 40_000), ev('front2', 'front2', T0 + 12 * MIN)],
      [['base', 'front2', 'm1', 'mid'], ['d1', 'd2', 'd3', 'sso']]],
  ];
  it.each(cases)('%s', (_name, ms, events, want) => {
    expect(run(ms, events)).toEqual(want);
  });
});
