import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig, type CorrelateConfigInput } from './config.js';
import { createCorrelationEngine, type EngineOutput } from './engine.js';
import { finalGroups } from './evaluate.js';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

function ci(id: string, type: string, rel: Array<[string, string]> = []): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'depends_on', target })) };
}

/**
 * A Kubernetes import: cluster c1 with namespaces shop and kube-system; workloads w1..w8 in shop (and
 * 30 quiet ones, each running on the cluster as some discoveries record), one pod each; w1..w4 have their pod on node-1, the
 * others on node-2; w6..w8 need the database db-x, w9 calls w10; coredns in kube-system, its pod on node-2. No
 * workload records a relation to coredns.
 */
function cluster(): ConfigurationItem[] {
  const items = [ci('c1', 'k8s_cluster'), ci('shop', 'k8s_namespace', [['part_of', 'c1']]), ci('kube-system', 'k8s_namespace', [['part_of', 'c1']]), ci('db-x', 'database')];
  for (const n of ['node-1', 'node-2']) items.push(ci(n, 'host', [['part_of', 'c1']]));
  for (let i = 1; i <= 38; i++) {
    items.push(ci(`w${i}`, 'k8s_workload', [['part_of', 'shop'], ['runs_on', 'c1'], ...(i >= 6 && i <= 8 ? [['depends_on', 'db-x'] as [string, string]] : []), ...(i === 9 ? [['depends_on', 'w10'] as [string, string]] : [])]));
    items.push(ci(`w${i}-pod`, 'k8s_pod', [['part_of', `w${i}`], ['runs_on', i <= 4 ? 'node-1' : 'node-2']]));
  }
  items.push(ci('coredns', 'k8s_workload', [['part_of', 'kube-system']]), ci('coredns-pod', 'k8s_pod', [['part_of', 'coredns'], ['runs_on', 'node-2']]));
  return items;
}

let seq = 0;
const on = (fp: string, ciId: string, at: number): Event => ({
  id: `ev-${fp}-${at}-${++seq}`, source: 'test', fingerprint: fp, status: 'firing', severity: 'critical', title: `alert ${fp}`, description: '',
  labels: { alertname: fp }, annotations: {}, resource: { ci: ciId }, occurredAt: T0 + at, receivedAt: T0 + at,
});

function run(cfg: CorrelateConfigInput, events: readonly Event[]): { groups: string[][]; roots: Map<string, string | undefined> } {
  const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, ...cfg }), { cmdb: createCmdbGraph(cluster()) });
  const out: EngineOutput = { alerts: [], groups: [] };
  for (const x of events) {
    out.groups.push(...e.advance(x.receivedAt).groups);
    out.groups.push(...e.process([x]).groups);
  }
  const final = finalGroups(out.groups);
  const roots = new Map<string, string | undefined>();
  for (const g of final) roots.set(g.members.map((m) => m.fingerprint).sort().join(','), g.rootCause?.ciId);
  return { groups: final.map((g) => g.members.map((m) => m.fingerprint).sort()).sort(), roots };
}

describe('cluster shared services (clusterSharedNamespaces)', () => {
  const ON = { grouping: { clusterSharedNamespaces: ['kube-system'] } };
  const OFF = { grouping: { clusterSharedNamespaces: [] } };
  // w1..w3 burn their budgets, coredns alerts 3.5 min after the first (a longer `for:`), w4 notices at
  // 5 min, w5 at 8.5 min: a group is taken once lateCauseMs old, at the next alert of the cluster (w5 stays)
  const dns = [on('w1', 'w1', 0), on('w2', 'w2', 0.5 * MIN), on('w3', 'w3', 1 * MIN), on('dns', 'coredns', 3.5 * MIN), on('w4', 'w4', 5 * MIN), on('w5', 'w5', 8.5 * MIN)];
  it.each([
    ['off: every workload alone (no relation to coredns)', OFF, dns, [['dns'], ['w1'], ['w2'], ['w3'], ['w4'], ['w5']], null],
    ['on: the effects before and after the DNS alert join it, root coredns', ON, dns, [['dns', 'w1', 'w2', 'w3', 'w4'], ['w5']], 'coredns'],
    ['default: as on', {}, dns, [['dns', 'w1', 'w2', 'w3', 'w4'], ['w5']], 'coredns'],
    ['on: a callee failing with its caller is a failure of its own', ON, [...dns.slice(0, 3), on('w10', 'w10', 0.8 * MIN), on('w9', 'w9', 1 * MIN), ...dns.slice(3)], [['dns', 'w1', 'w2', 'w3', 'w4'], ['w10', 'w9'], ['w5']], 'coredns'],
    ['on: the workloads of a database failing with it keep their own (silent) root', ON, [...dns.slice(0, 3), on('w6', 'w6', 0.8 * MIN), on('w7', 'w7', 1 * MIN), on('w8', 'w8', 1.2 * MIN), ...dns.slice(3)], [['dns', 'w1', 'w2', 'w3', 'w4'], ['w5'], ['w6', 'w7', 'w8']], 'coredns'],
    ['on: a DNS alert more than suspectWindowMs after the effects explains none of them', ON, [on('w1', 'w1', 0), on('w2', 'w2', 0.5 * MIN), on('dns', 'coredns', 8 * MIN)], [['dns'], ['w1'], ['w2']], null],
    ['on: another namespace is no shared service', { grouping: { clusterSharedNamespaces: ['monitoring'] } }, dns, [['dns'], ['w1'], ['w2'], ['w3'], ['w4'], ['w5']], null],
  ] as const)('%s', (_name, cfg, events, groups, root) => {
    const r = run(cfg, events);
    expect(r.groups).toEqual(groups);
    if (root !== null) expect(r.roots.get('dns,w1,w2,w3,w4')).toBe(root);
  });
});

describe('a host alerting after its workloads (lateHostCauseMs)', () => {
  const ON = { grouping: { lateHostCauseMs: 20 * MIN } };
  const OFF = { grouping: { lateHostCauseMs: -1 } };
  // w1..w3 (pods on node-1) burn within a minute; node-1's NotReady (for: 15m) comes 16 min later
  const loss = [on('w1', 'w1', 0), on('w2', 'w2', 0.3 * MIN), on('w3', 'w3', 0.7 * MIN), on('node', 'node-1', 16 * MIN)];
  it.each([
    ['off: each workload alone, the node alone', OFF, loss, [['node'], ['w1'], ['w2'], ['w3']]],
    ['default: as on', {}, loss, [['node', 'w1', 'w2', 'w3']]],
    ['on: the node takes the groups of the workloads with a pod on it', ON, loss, [['node', 'w1', 'w2', 'w3']]],
    ['on: two workloads are not enough (suspectMinDependents 3)', ON, [loss[0], loss[1], loss[3]] as Event[], [['node'], ['w1'], ['w2']]],
    ['on: workloads failing far apart (> suspectWindowMs) are not one event', ON, [on('w1', 'w1', 0), on('w2', 'w2', 6 * MIN), on('w3', 'w3', 12 * MIN), on('node', 'node-1', 16 * MIN)], [['node'], ['w1'], ['w2'], ['w3']]],
    ['on: a workload on another node is not taken', ON, [...loss.slice(0, 3), on('w5', 'w5', 0.5 * MIN), loss[3]] as Event[], [['node', 'w1', 'w2', 'w3'], ['w5']]],
    ['on: older than lateHostCauseMs is not taken', ON, [...loss.slice(0, 3), on('node', 'node-1', 25 * MIN)] as Event[], [['node'], ['w1'], ['w2'], ['w3']]],
  ] as const)('%s', (_name, cfg, events, groups) => {
    expect(run(cfg, events).groups).toEqual(groups);
  });
});
