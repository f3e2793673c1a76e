import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { createCausalTopology } from './causal.js';

function ci(id: string, type: string, rel: Array<[string, string]> = []): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'depends_on', target })) };
}

/** cluster <- node-1/node-2 (part_of); ns <- workloads (part_of); pods part_of workloads, runs_on nodes; api depends_on db and dns. */
function k8s(): ConfigurationItem[] {
  return [
    ci('cluster', 'k8s_cluster'),
    ci('node-1', 'host', [['part_of', 'cluster']]),
    ci('node-2', 'host', [['part_of', 'cluster']]),
    ci('ns', 'k8s_namespace', [['part_of', 'cluster']]),
    ci('dns', 'k8s_workload', [['part_of', 'ns']]),
    ci('api', 'k8s_workload', [['part_of', 'ns'], ['depends_on', 'db'], ['depends_on', 'dns']]),
    ci('web', 'k8s_workload', [['part_of', 'ns'], ['depends_on', 'api']]),
    ci('api-1', 'k8s_pod', [['part_of', 'api'], ['runs_on', 'node-1']]),
    ci('api-2', 'k8s_pod', [['part_of', 'api'], ['runs_on', 'node-2']]),
    ci('db', 'database'),
  ];
}

const ids = (r: ReadonlyArray<{ id: string }>) => r.map((x) => x.id).sort();

describe('causal topology (part_of read by the kind of whole)', () => {
  const topo = createCausalTopology(createCmdbGraph(k8s()), ['k8s_workload', 'application', 'service']);
  it.each([
    // [ci, direct upstream (what its health needs), direct downstream (what its failure reaches)]
    ['api-1', ['node-1'], ['api']], // a pod needs its node; its failure degrades its workload, not the reverse
    ['api', ['api-1', 'api-2', 'db', 'dns'], ['web']], // a workload needs its pods and its dependencies
    ['node-1', [], ['api-1']], // a node does not need its cluster; its failure reaches its pods
    ['ns', [], []], // a namespace is a container: nothing flows through it
    ['cluster', [], []],
    ['dns', [], ['api']],
  ])('%s: upstream %j, downstream %j', (id, up, down) => {
    expect(ids(topo.upstreamOf(id))).toEqual(up);
    expect(ids(topo.downstreamOf(id))).toEqual(down);
  });
  it.each([
    ['web', 2, 'any', ['api', 'api-1', 'api-2', 'db', 'dns']],
    ['web', 3, 'any', ['api', 'api-1', 'api-2', 'db', 'dns', 'node-1', 'node-2']],
    ['web', 3, 'first', ['api', 'db', 'dns']], // the pods of a callee are not followed
    ['api', 2, 'first', ['api-1', 'api-2', 'db', 'dns', 'node-1', 'node-2']], // its own pods and their nodes are
    ['web', 3, 'none', ['api', 'db', 'dns']], // without whole -> part edges a workload's pods are not its causes
    ['api', 2, 'none', ['db', 'dns']],
    ['api-1', 8, 'any', ['node-1']],
  ] as const)('dependenciesOf(%s, %i hops, parts: %s)', (id, hops, through, want) => {
    expect(ids(topo.dependenciesOf(id, hops, through))).toEqual(want);
  });
  it('dependentsOf follows failure flow: node -> pods -> workload -> callers', () => {
    expect(topo.dependentsOf('node-1')).toEqual([{ id: 'api-1', hops: 1 }, { id: 'api', hops: 2 }, { id: 'web', hops: 3 }]);
  });
  it('re-derives edges when the graph changes', () => {
    const g = createCmdbGraph(k8s());
    const t = createCausalTopology(g, ['k8s_workload']);
    expect(ids(t.upstreamOf('web'))).toEqual(['api']);
    g.upsert(ci('web-1', 'k8s_pod', [['part_of', 'web'], ['runs_on', 'node-2']]));
    expect(ids(t.upstreamOf('web'))).toEqual(['api', 'web-1']);
  });
});

describe('partCount on a wide whole (cached past 32 dependents)', () => {
  it('counts part_of dependents only and follows CMDB changes', () => {
    const items = [ci('app', 'application')];
    for (let i = 0; i < 40; i++) items.push(ci(`pod-${i}`, 'k8s_pod', [['part_of', 'app']]));
    for (let i = 0; i < 10; i++) items.push(ci(`caller-${i}`, 'service', [['depends_on', 'app']]));
    const cmdb = createCmdbGraph(items);
    const topo = createCausalTopology(cmdb, ['application']);
    expect(topo.partCount('app')).toBe(40);
    expect(topo.partCount('app')).toBe(40);
    cmdb.upsert(ci('pod-40', 'k8s_pod', [['part_of', 'app']]));
    expect(topo.partCount('app')).toBe(41);
    cmdb.remove('pod-0');
    cmdb.remove('pod-1');
    expect(topo.partCount('app')).toBe(39);
  });
});

describe('linkFlow: connected_to as stored or both ways', () => {
  /** a chain agg - csr1 - csr2 - enb2 stored in entry order (each link once, from the end entered first), a link stored from both ends, and csr2 on a power unit. */
  const net = [
    ci('agg', 'network', [['connected_to', 'csr1']]),
    ci('csr1', 'network', [['connected_to', 'csr2']]),
    ci('csr2', 'network', [['connected_to', 'enb2'], ['depends_on', 'pmu2'], ['connected_to', 'csr3']]),
    ci('csr3', 'network', [['connected_to', 'csr2']]),
    ci('enb2', 'ran_node'),
    ci('pmu2', 'power_system'),
    ci('acc1', 'network', [['connected_to', 'pe']]), // two access nodes homed on one router
    ci('acc2', 'network', [['connected_to', 'pe']]),
    ci('pe', 'network'),
  ];
  it.each([
    // [mode, ci, direct upstream, direct downstream]
    ['stored', 'csr1', ['csr2'], ['agg']], // the stored direction: the far end is "upstream"
    ['stored', 'enb2', [], ['csr2']],
    ['both', 'csr1', ['agg', 'csr2'], ['agg', 'csr2']], // a link is felt at both ends
    ['both', 'enb2', ['csr2'], ['csr2']],
    ['both', 'csr2', ['csr1', 'csr3', 'enb2', 'pmu2'], ['csr1', 'csr3', 'enb2']], // depends_on stays one way; a link stored twice counts once
    ['both', 'pmu2', [], ['csr2']],
  ] as const)('%s: %s upstream %j, downstream %j', (mode, id, up, down) => {
    const topo = createCausalTopology(createCmdbGraph(net), [], [], mode);
    expect(ids(topo.upstreamOf(id))).toEqual(up);
    expect(ids(topo.downstreamOf(id))).toEqual(down);
  });
  it.each([
    // [ci, hops, what the upstream walk reaches with links both ways]
    ['enb2', 2, ['csr1', 'csr2', 'csr3', 'pmu2']], // along a chain either way
    ['pe', 2, ['acc1', 'acc2']], // a link read backwards on the first hop
    ['acc1', 3, ['pe']], // up to the router, never back down to its other access node (a sibling)
    ['agg', 3, ['csr1', 'csr2', 'csr3', 'enb2', 'pmu2']],
  ] as const)('both: dependenciesOf(%s, %i hops) = %j', (id, hops, want) => {
    const topo = createCausalTopology(createCmdbGraph(net), [], [], 'both');
    expect(ids(topo.dependenciesOf(id, hops))).toEqual(want);
  });
});

describe("linkFlow 'peel': links read by the layering of the link graph", () => {
  /**
   * a core pair, an aggregation router, a chain agg - s1 - s2 with a base station per site, every link
   * stored from the end nearer the core (an NMS link table entered core first).
   */
  const outward = [
    ci('cr1', 'network', [['connected_to', 'cr2'], ['connected_to', 'agg']]),
    ci('cr2', 'network', [['connected_to', 'agg']]),
    ci('agg', 'network', [['connected_to', 's1']]),
    ci('s1', 'network', [['connected_to', 's2'], ['connected_to', 'b1']]),
    ci('s2', 'network', [['connected_to', 'b2'], ['depends_on', 'p2']]),
    ci('b1', 'ran_node'),
    ci('b2', 'ran_node'),
    ci('p2', 'power_system'),
  ];
  /** the same network stored inward (what needs whom): kept as stored. */
  const inward = [
    ci('cr1', 'network', [['connected_to', 'cr2']]),
    ci('cr2', 'network'),
    ci('agg', 'network', [['connected_to', 'cr1'], ['connected_to', 'cr2']]),
    ci('s1', 'network', [['connected_to', 'agg']]),
    ci('s2', 'network', [['connected_to', 's1'], ['depends_on', 'p2']]),
    ci('b1', 'ran_node', [['connected_to', 's1']]),
    ci('b2', 'ran_node', [['connected_to', 's2']]),
    ci('p2', 'power_system'),
  ];
  it.each([
    // [inventory, ci, direct upstream, direct downstream]
    ['outward', 'b2', ['s2'], []], // a base station hangs off its site router, whichever end stored the link
    ['outward', 's2', ['p2', 's1'], ['b2']], // the chain's last site needs the one before it (and its power)
    ['outward', 's1', ['agg'], ['b1', 's2']],
    ['outward', 'agg', [], ['cr1', 'cr2', 's1']], // the meshed core (a triangle) ties: read as stored, here outward (a limit)
    ['outward', 'cr1', ['agg', 'cr2'], []],
    ['inward', 's2', ['p2', 's1'], ['b2']], // stored inward: as stored
    ['inward', 'cr2', [], ['agg', 'cr1']],
  ] as const)('%s: %s upstream %j, downstream %j', (inv, id, up, down) => {
    const topo = createCausalTopology(createCmdbGraph(inv === 'outward' ? outward : inward), [], [], 'peel');
    expect(ids(topo.upstreamOf(id))).toEqual(up);
    expect(ids(topo.downstreamOf(id))).toEqual(down);
  });
  it('re-reads the layering when the graph changes', () => {
    const g = createCmdbGraph(outward);
    const topo = createCausalTopology(g, [], [], 'peel');
    expect(ids(topo.upstreamOf('s2'))).toEqual(['p2', 's1']);
    g.upsert(ci('s2', 'network', [['connected_to', 'b2'], ['depends_on', 'p2'], ['connected_to', 'agg']])); // the chain closed into a ring
    expect(ids(topo.upstreamOf('s2'))).toEqual(['agg', 'p2']); // ring members tie with the core (as stored); b2 still hangs off s2
  });
});
