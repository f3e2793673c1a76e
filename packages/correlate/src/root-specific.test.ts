import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, CorrelationGroup, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig, type CorrelateConfigInput } from './config.js';
import { createCorrelationEngine } from './engine.js';
import { finalGroups } from './evaluate.js';

const T0 = 1_700_000_000_000;

function ci(id: string, type: string, rel: Array<[string, string]> = []): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'depends_on', target })) };
}

/**
 * A core switch carrying 60 quiet hosts and two hypervisors (esx-a, esx-b), each running ten VMs;
 * fw-small carries a load balancer (in front of app-1) and five quiet apps: not a hub.
 */
function estate(): ConfigurationItem[] {
  const items = [ci('core', 'network'), ci('esx-a', 'host', [['connected_to', 'core']]), ci('esx-b', 'host', [['connected_to', 'core']]), ci('fw-small', 'network')];
  for (const h of ['a', 'b']) for (let i = 1; i <= 10; i++) items.push(ci(`vm-${h}${i}`, 'vm', [['runs_on', `esx-${h}`]]));
  for (let i = 1; i <= 60; i++) items.push(ci(`quiet-${i}`, 'host', [['connected_to', 'core']]));
  items.push(ci('lb', 'load_balancer', [['depends_on', 'fw-small']]), ci('app-1', 'application', [['depends_on', 'lb']]));
  for (let i = 1; i <= 5; i++) items.push(ci(`quiet-app-${i}`, 'application', [['depends_on', 'fw-small']]));
  return items;
}

let seq = 0;
const on = (fp: string, ciId: string, at: number, severity: Event['severity']): Event => ({
  id: `ev-${fp}-${++seq}`, source: 'test', fingerprint: fp, status: 'firing', severity, title: `alert ${fp}`, description: '',
  labels: { alertname: fp }, annotations: {}, resource: { ci: ciId }, occurredAt: at, receivedAt: at,
});

function rootOf(cfg: CorrelateConfigInput, alerts: ReadonlyArray<readonly [string, number, Event['severity']?]>): { root: string | undefined; reason: string | undefined; groups: number } {
  const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, ...cfg }), { cmdb: createCmdbGraph(estate()) });
  const out: CorrelationGroup[] = [];
  for (const [c, at, sev = 'critical'] of alerts) {
    out.push(...e.advance(T0 + at).groups, ...e.process([on(`${c}-alert`, c, T0 + at, sev)]).groups);
  }
  const last = finalGroups(out);
  const g = last.reduce<CorrelationGroup | undefined>((a, b) => (a === undefined || b.members.length > a.members.length ? b : a), undefined);
  return { root: g?.rootCause?.ciId, reason: g?.rootCause?.reason, groups: last.length };
}

describe('rootYieldsToSpecific', () => {
  const below = [['esx-a', 20_000], ['vm-a1', 30_000], ['vm-a2', 40_000], ['vm-a3', 50_000]] as const;
  const oneBranch = [...below, ['core', 55_000, 'warning']] as const;
  const coreDown = [['core', 0, 'critical'], ...below] as const;
  const twoBranches = [...oneBranch, ['esx-b', 25_000], ['vm-b1', 35_000], ['vm-b2', 45_000]] as const;
  const smallChain = [['fw-small', 0, 'warning'], ['lb', 20_000], ['app-1', 30_000]] as const;
  it.each([
    // the switch (a CPU warning) adds only esx-a to what esx-a explains, and 80 of its dependents stay quiet: esx-a is the narrower cause
    ['one branch under a hub', 2, oneBranch, 'esx-a'],
    ['one branch under a hub, off', 0, oneBranch, 'core'],
    // a critical alert on the switch itself says it failed (weak-hub reading): it keeps the lead
    ['one branch under a hub that reports itself down', 2, coreDown, 'core'],
    // two hypervisors' VMs alert: only the switch explains both branches
    ['two branches under a hub', 2, twoBranches, 'core'],
    // fw-small has seven dependents, five quiet: too few for its silence to say much, it keeps the lead
    ['a chain under a small CI', 2, smallChain, 'fw-small', 10],
    // the floor is weakHubMinDependents: with none, five quiet dependents are enough for lb to take the lead
    ['a chain under a small CI, no hub floor', 2, smallChain, 'lb', 0],
  ] as const)('%s (rootYieldsToSpecific %d): root %s', (_name, rootYieldsToSpecific, alerts, root, weakHubMinDependents = 10) => {
    const r = rootOf({ grouping: { rootYieldsToSpecific, weakHubMinDependents } }, alerts);
    expect(r.groups).toBe(1);
    expect(r.root).toBe(root);
    if (root === 'esx-a') expect(r.reason).toMatch(/core above it explains no other alerting CI/);
  });
});

describe('rootYieldsReportOnly', () => {
  const oneBranch = [['esx-a', 20_000], ['vm-a1', 30_000], ['vm-a2', 40_000], ['vm-a3', 50_000], ['core', 55_000, 'warning']] as const;
  // the output names esx-a either way; report-only keeps the hub as the working root that joins and merges read
  it.each([
    [true, 'esx-a', 'core'],
    [false, 'esx-a', 'esx-a'],
  ] as const)('rootYieldsReportOnly %s: reported %s, working %s', (rootYieldsReportOnly, reported, working) => {
    const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, grouping: { rootYieldsToSpecific: 2, rootYieldsReportOnly } }), { cmdb: createCmdbGraph(estate()) });
    const out: CorrelationGroup[] = [];
    for (const [c, at, sev] of oneBranch) out.push(...e.advance(T0 + at).groups, ...e.process([on(`${c}-alert`, c, T0 + at, sev ?? 'critical')]).groups);
    const last = finalGroups(out);
    expect(last).toHaveLength(1);
    expect(last[0]?.rootCause?.ciId).toBe(reported);
    const snap = e.snapshotAll().flatMap((d) => d.groups);
    expect(snap.map((g) => g.rootCause?.ciId)).toEqual([working]);
  });
});
