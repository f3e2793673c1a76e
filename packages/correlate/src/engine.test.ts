import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig, type CorrelateConfigInput } from './config.js';
import { createCorrelationEngine, type EngineOutput } from './engine.js';
import { sharedEmptiesIntact } from './lazy.js';

const T0 = 1_700_000_000_000;

function ci(id: string, type: string, rel: Array<[string, string]> = [], extra: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'depends_on', target })), ...extra };
}

/** A small shop: two business services, shared db, hosts, a core switch hub with many hosts. */
function shop(): ConfigurationItem[] {
  const items = [
    ci('bs-shop', 'business_service'),
    ci('bs-pay', 'business_service'),
    ci('app-web', 'application', [['part_of', 'bs-shop'], ['depends_on', 'app-cart'], ['runs_on', 'host-1']]),
    ci('app-cart', 'application', [['part_of', 'bs-shop'], ['depends_on', 'db-main'], ['runs_on', 'host-2']]),
    ci('app-pay', 'application', [['part_of', 'bs-pay'], ['depends_on', 'db-pay'], ['runs_on', 'host-3']]),
    ci('db-main', 'database', [['runs_on', 'host-4']]),
    ci('db-pay', 'database', [['runs_on', 'host-5']]),
    ci('sw-core', 'network'),
  ];
  for (let i = 1; i <= 30; i++) items.push(ci(`host-${i}`, 'host', [['connected_to', 'sw-core']]));
  return items;
}

let seq = 0;
function ev(fp: string, at: number, over: Partial<Event> = {}): Event {
  seq++;
  return {
    id: `ev-${fp}-${at}-${seq}`,
    source: 'test',
    fingerprint: fp,
    status: 'firing',
    severity: 'major',
    title: `alert ${fp}`,
    description: '',
    labels: {},
    annotations: {},
    resource: {},
    occurredAt: at,
    receivedAt: at,
    ...over,
  };
}

function engineFor(cfg: CorrelateConfigInput = {}, items = shop()) {
  return createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, ...cfg }), { cmdb: createCmdbGraph(items) });
}

function groupsOf(outs: EngineOutput[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const o of outs) for (const g of o.groups) m.set(g.id, g.members.map((x) => x.fingerprint));
  return m;
}

describe('dedup and alert state', () => {
  it('folds duplicates by fingerprint and counts them', () => {
    const e = engineFor();
    const out = e.process([ev('a', T0, { resource: { ci: 'app-web' } }), ev('a', T0 + 1000, { resource: { ci: 'app-web' } }), ev('a', T0 + 2000, { resource: { ci: 'app-web' } })]);
    expect(out.alerts.map((a) => [a.change, a.count])).toEqual([['opened', 1], ['repeated', 2], ['repeated', 3]]);
    expect(out.alerts[0]?.firstSeen).toBe(T0);
    expect(out.alerts[2]?.lastSeen).toBe(T0 + 2000);
    expect(new Set(out.alerts.map((a) => a.id)).size).toBe(1);
  });
  it('drops a redelivered event id', () => {
    const e = engineFor();
    const x = ev('a', T0);
    const out = e.process([x, x]);
    expect(out.alerts).toHaveLength(1);
    expect(e.stats().duplicates).toBe(1);
  });
});

describe('grouping', () => {
  it('joins by topology and ranks the upstream CI as root cause', () => {
    const e = engineFor();
    const out = [
      e.process([ev('web', T0, { resource: { ci: 'app-web' } })]),
      e.process([ev('cart', T0 + 5000, { resource: { ci: 'app-cart' } })]),
      e.process([ev('db', T0 + 9000, { resource: { ci: 'db-main' } })]),
    ];
    const groups = groupsOf(out);
    expect([...groups.values()]).toEqual([['web', 'cart', 'db']]);
    const last = out[2]?.groups.at(-1);
    expect(last?.rootCause?.ciId).toBe('db-main');
    expect(last?.members[2]?.rule).toBe('topology');
  });
  it('carries each member alert\'s labels on the group record (runbooks read them downstream)', () => {
    const e = engineFor();
    const out = e.process([ev('web', T0, { resource: { ci: 'app-web' }, labels: { alertname: 'ServiceDown', service: 'web' } })]);
    expect(out.groups.at(-1)?.members[0]?.labels).toEqual({ alertname: 'ServiceDown', service: 'web' });
  });
});

describe('group indexes', () => {
  it('never write into the shared empty maps groups start with (joins, merges, close, restore)', () => {
    const e = engineFor();
    e.process([ev('web', T0, { resource: { ci: 'app-web' }, severity: 'critical' }), ev('pay', T0 + 1000, { resource: { ci: 'app-pay' } }), ev('x', T0 + 1500, { labels: { host: 'h-9' } })]);
    e.process([ev('cart', T0 + 5000, { resource: { ci: 'app-cart' } }), ev('db', T0 + 9000, { resource: { ci: 'db-main' } })]);
    const snap = e.snapshotAll();
    const again = engineFor();
    for (const s of snap) again.restore(s);
    again.process([ev('db', T0 + 20_000, { resource: { ci: 'db-main' }, status: 'resolved' })]);
    again.advance(T0 + 48 * 3_600_000);
    expect(sharedEmptiesIntact()).toBe(true);
  });
});
