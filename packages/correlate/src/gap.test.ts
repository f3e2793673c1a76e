import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig, type CorrelateConfigInput } from './config.js';
import { createCorrelationEngine, type EngineOutput } from './engine.js';
import { finalGroups } from './evaluate.js';
import { createGapView } from './gap.js';

const T0 = 1_700_000_000_000;
const S = 1_000;

function ci(id: string, type: string, rel: Array<[string, string]> = [], extra: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'depends_on', target })), ...extra };
}

/**
 * A stale CMDB: the SAN's dependency from esx-2 was never recorded (esx-1's was), vm-orphan's runs_on
 * was lost (nothing upstream of it), vm-known runs on esx-3, which is healthy.
 */
function staleCmdb(): ConfigurationItem[] {
  return [
    ci('san-01', 'storage'),
    ci('esx-1', 'host', [['depends_on', 'san-01']]),
    ci('esx-2', 'host'),
    ci('esx-3', 'host'),
    ci('vm-a', 'vm', [['runs_on', 'esx-1']]),
    ci('vm-b', 'vm', [['runs_on', 'esx-1']]),
    ci('vm-orphan', 'vm'),
    ci('vm-known', 'vm', [['runs_on', 'esx-3']]),
    ci('cluster', 'k8s_cluster'),
    ci('node-1', 'host', [['part_of', 'cluster']]),
    ...Array.from({ length: 6 }, (_, i) => ci(`vm-2${i}`, 'vm', [['runs_on', 'esx-2']])),
  ];
}

const ev = (fp: string, ciId: string, at: number, title: string): Event => ({
  id: `ev-${fp}`, source: 'test', fingerprint: fp, status: 'firing', severity: 'major', title, description: '',
  labels: { alertname: fp }, annotations: {}, resource: { ci: ciId }, occurredAt: at, receivedAt: at,
});

function groups(cfg: CorrelateConfigInput, events: Event[], cis: ConfigurationItem[] = staleCmdb()): string[][] {
  const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, ...cfg }), { cmdb: createCmdbGraph(cis) });
  const out: EngineOutput = { alerts: [], groups: [] };
  for (const x of events) {
    out.groups.push(...e.advance(x.receivedAt).groups);
    out.groups.push(...e.process([x]).groups);
  }
  return finalGroups(out.groups).map((g) => g.members.map((m) => m.fingerprint).sort()).sort();
}

// the SAN fails; its recorded dependents (esx-1's VMs) join through the CMDB
const storm = [
  ev('san', 'san-01', T0, 'SAN san-01 latency 250 ms'),
  ev('vm-a', 'vm-a', T0 + 20 * S, 'Filesystem /var remounted read-only on vm-a'),
  ev('vm-b', 'vm-b', T0 + 25 * S, 'Filesystem /data remounted read-only on vm-b'),
];

describe('gap fallback (stale CMDB)', () => {
  it.each([
    ['a host whose text names the failing SAN joins its group though the CMDB lacks the relation', {},
      [ev('esx-2', 'esx-2', T0 + 30 * S, 'NFS mount /vol stale on esx-2 (server san-01 not responding)')], [['esx-2', 'san', 'vm-a', 'vm-b']]],
    ['… not with gapMentions off (nor the lost-uplink rule)', { gapMentions: false, gapUplinkMinShare: 2 },
      [ev('esx-2', 'esx-2', T0 + 30 * S, 'NFS mount /vol stale on esx-2 (server san-01 not responding)')], [['esx-2'], ['san', 'vm-a', 'vm-b']]],
    ['… nor once the named CI\'s group has been quiet for mentionWindowMs', {},
      [ev('esx-2', 'esx-2', T0 + 8 * 60 * S, 'NFS mount /vol stale on esx-2 (server san-01 not responding)')], [['esx-2'], ['san', 'vm-a', 'vm-b']]],
    ['an orphan VM (nothing recorded upstream) failing like the burst joins it', {},
      [ev('vm-orphan', 'vm-orphan', T0 + 30 * S, 'Filesystem /var remounted read-only on vm-orphan')], [['san', 'vm-a', 'vm-b', 'vm-orphan']]],
    ['… not with gapFallback off', { gapFallback: false },
      [ev('vm-orphan', 'vm-orphan', T0 + 30 * S, 'Filesystem /var remounted read-only on vm-orphan')], [['san', 'vm-a', 'vm-b'], ['vm-orphan']]],
    ['… nor with the orphan rule off', { gapOrphanMaxDependents: -1 },
      [ev('vm-orphan', 'vm-orphan', T0 + 30 * S, 'Filesystem /var remounted read-only on vm-orphan')], [['san', 'vm-a', 'vm-b'], ['vm-orphan']]],
    ['a VM whose recorded upstream is healthy stays apart however alike it reads (the CMDB says why it is not related)', {},
      [ev('vm-known', 'vm-known', T0 + 30 * S, 'Filesystem /var remounted read-only on vm-known')], [['san', 'vm-a', 'vm-b'], ['vm-known']]],
  ])('%s', (_name, grouping, more, expected) => {
    expect(groups({ grouping }, [...storm, ...more])).toEqual(expected);
  });

  // esx-2 records nothing upstream although half the hosts do: its uplink was lost, and hosts hang from san-01
  const down = (id: string, at: number): Event => ev(id, id, at, `Host ${id} not responding`);
  it.each([
    ['a host whose record lost its uplink joins the group where what its type peers need started alerting just before', {},
      [down('esx-2', T0 + 30 * S)], [['esx-2', 'san', 'vm-a', 'vm-b']]],
    ['… not with gapUplinkMinShare above 1', { gapUplinkMinShare: 2 },
      [down('esx-2', T0 + 30 * S)], [['esx-2'], ['san', 'vm-a', 'vm-b']]],
    ['… nor when that uplink started alerting more than gapUplinkLagMs before', {},
      [down('esx-2', T0 + 4 * 60 * S)], [['esx-2'], ['san', 'vm-a', 'vm-b']]],
    ['… nor when half its type records no uplink but the share asked is higher', { gapUplinkMinShare: 0.6 },
      [down('esx-2', T0 + 30 * S)], [['esx-2'], ['san', 'vm-a', 'vm-b']]],
    ['a VM on that host blames the lost uplink only once another CI below it also alerts', {},
      [down('vm-20', T0 + 30 * S), down('vm-21', T0 + 35 * S)], [['san', 'vm-21', 'vm-a', 'vm-b'], ['vm-20']]],
  ])('%s', (_name, grouping, more, expected) => {
    expect(groups({ grouping }, [...storm, ...more])).toEqual(expected);
  });

  it('a lost uplink is not looked for at another site when both records say where they are', () => {
    const at = (site: string) => ({ location: { site } });
    const cis = staleCmdb().map((c) => (c.id === 'san-01' ? { ...c, ...at('a') } : c.id === 'esx-2' ? { ...c, ...at('b') } : c));
    expect(groups({}, [...storm, down('esx-2', T0 + 30 * S)], cis)).toEqual([['esx-2'], ['san', 'vm-a', 'vm-b']]);
    const same = staleCmdb().map((c) => (c.id === 'san-01' || c.id === 'esx-2' ? { ...c, ...at('a') } : c));
    expect(groups({}, [...storm, down('esx-2', T0 + 30 * S)], same)).toEqual([['esx-2', 'san', 'vm-a', 'vm-b']]);
  });

  it('credits the CI the joining alert names as a named cause in root-cause ranking', () => {
    const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 } }), { cmdb: createCmdbGraph(staleCmdb()) });
    const events = [...storm, ev('esx-2', 'esx-2', T0 + 30 * S, 'NFS mount /vol stale on esx-2 (server san-01 not responding)')];
    let last: EngineOutput['groups'][number] | undefined;
    for (const x of events) for (const g of e.process([x]).groups) if (g.members.some((m) => m.fingerprint === 'esx-2')) last = g;
    expect(last?.rootCause?.ciId).toBe('san-01');
    expect(last?.rootCause?.reason).toMatch(/named as the failing dependency/);
  });
});

describe('createGapView', () => {
  const cmdb = createCmdbGraph(staleCmdb());
  const view = createGapView(cmdb, { orphanMaxDependents: 3, uplinkMinShare: 0.5, connectives: new Set(['server', 'to']), ignored: new Set() });
  it.each([
    ['vm-orphan', true],
    ['esx-2', false], // six dependents: the bottom of a stack, not a gap
    ['vm-a', false], // runs on esx-1
    ['san-01', true], // one dependent recorded, no relation of its own: as far as the CMDB tells, a gap
    ['node-1', false], // part_of its cluster: a recorded place, though nothing it needs
  ])('isOrphan(%s)', (id, expected) => {
    expect(view.isOrphan(id)).toBe(expected);
  });
  it.each([
    ['esx-2', 'esx-2'], // no upstream recorded, half the hosts record one
    ['vm-20', 'esx-2'], // what it runs on lost its uplink
    ['vm-a', null], // runs on esx-1, which records its SAN
    ['vm-orphan', null], // no relation at all: an orphan (isOrphan), not a lost uplink
    ['san-01', null], // the only storage CI: nothing to compare its record with
  ])('lostUplink(%s)', (id, expected) => {
    expect(view.lostUplink(id)).toBe(expected);
  });
  it('peerUplinks: what CIs of the same type need', () => {
    expect([...view.peerUplinks('esx-2')].sort()).toEqual(['cluster', 'san-01']);
  });
  it('a type\'s head (a CI others of its type need) is the bottom of the stack, not a lost uplink', () => {
    const net = createCmdbGraph([
      ci('core', 'network'), ci('dist-1', 'network', [['depends_on', 'core']]), ci('dist-2', 'network', [['depends_on', 'core']]),
      ci('acc-1', 'network', [['depends_on', 'dist-1']]), ci('acc-2', 'network'), ci('acc-3', 'network', [['depends_on', 'dist-2']]),
      ci('srv', 'host', [['depends_on', 'acc-2']]),
    ]);
    const v = createGapView(net, { orphanMaxDependents: 3, uplinkMinShare: 0.5, connectives: new Set(), ignored: new Set() });
    expect(v.lostUplink('core')).toBeNull();
    expect(v.lostUplink('srv')).toBe('acc-2');
    expect([...v.peerUplinks('acc-2')].sort()).toEqual(['dist-1', 'dist-2']); // the access switches' uplinks; the core only distribution switches need
  });
  it.each([
    ['NFS server san-01 not responding', 'esx-2', ['san-01']],
    ['connection refused to vm-a:5432', 'esx-2', ['vm-a']],
    ['disk full on esx-2', 'esx-2', []], // no connective, no port: not a dependency
    ['connection refused to esx-2:22', 'esx-2', []], // its own CI
    ['connection refused to nowhere-01:22', 'esx-2', []], // not in the CMDB
  ])('namedCis(%s)', (text, self, expected) => {
    expect(view.namedCis(text, self, () => false)).toEqual(expected);
  });
});
