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
  const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, grouping: { lateRootEffectMs } }), { cmdb: createCmdbGraph(items) });
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
