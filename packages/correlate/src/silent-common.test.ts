import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, CorrelationGroup, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig, type CorrelateConfigInput } from './config.js';
import { createCorrelationEngine } from './engine.js';
import { finalGroups } from './evaluate.js';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

function ci(id: string, type: string, rel: Array<[string, string]> = []): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'depends_on', target })) };
}

/** A hypervisor (esx, no alert source of its own here) running six VMs, each VM running three apps (24 dependents). */
function estate(): ConfigurationItem[] {
  const items = [ci('esx', 'host')];
  for (let i = 1; i <= 6; i++) {
    items.push(ci(`vm-${i}`, 'vm', [['runs_on', 'esx']]));
    for (const x of ['a', 'b', 'c']) items.push(ci(`app-${i}${x}`, 'application', [['runs_on', `vm-${i}`]]));
  }
  return items;
}

let seq = 0;
const on = (c: string, at: number): Event => ({
  id: `ev-${c}-${++seq}`, source: 'test', fingerprint: `${c}-alert`, status: 'firing', severity: 'critical', title: `${c} down`, description: '',
  labels: { alertname: 'down' }, annotations: {}, resource: { ci: c }, occurredAt: T0 + at, receivedAt: T0 + at,
});

function report(cfg: CorrelateConfigInput, alerts: ReadonlyArray<readonly [string, number]>): { root: string | undefined; groups: number } {
  const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, ...cfg }), { cmdb: createCmdbGraph(estate()) });
  const out: CorrelationGroup[] = [];
  for (const [c, at] of alerts) out.push(...e.advance(T0 + at).groups, ...e.process([on(c, at)]).groups);
  const last = finalGroups(out);
  const g = last.reduce<CorrelationGroup | undefined>((a, b) => (a === undefined || b.members.length > a.members.length ? b : a), undefined);
  return { root: g?.rootCause?.ciId, groups: last.length };
}

describe('silentCommonCause', () => {
  // three VMs down, the apps of one of them alerting: vm-1 explains four of the six CIs, only the silent
  // hypervisor explains all of them (6 of its 24 dependents alert)
  const threeVms = [['vm-1', 0], ['vm-2', 10_000], ['vm-3', 20_000], ['app-1a', 40_000], ['app-1b', 50_000], ['app-1c', 60_000]] as const;
  // the same alerts over nine minutes: no longer one blow (two failures may share only deep infrastructure)
  const apart = [['vm-1', 0], ['vm-2', 10_000], ['vm-3', 20_000], ['app-1a', 40_000], ['app-1b', 50_000], ['app-1c', 9 * MIN]] as const;
  // one VM and its apps: the VM explains the whole group
  const oneVm = [['vm-1', 0], ['app-1a', 20_000], ['app-1b', 30_000]] as const;
  it.each([
    ['three VMs and one VM\'s apps start together', true, 0.2, threeVms, 'esx', 1],
    ['three VMs and one VM\'s apps start together, off', false, 0.2, threeVms, 'vm-1', 1],
    ['the same alerts over nine minutes', true, 0.2, apart, 'vm-1', 1],
    ['one VM explains the group', true, 0.2, oneVm, 'vm-1', 1],
    // six of the hypervisor's 24 dependents alert: below a share of one half its silence says it is up
    ['too few of its dependents alert (suspectMinFraction 0.5)', true, 0.5, threeVms, 'vm-1', 1],
  ] as const)('%s: reported root %s', (_name, silentCommonCause, suspectMinFraction, alerts, root, groups) => {
    const r = report({ grouping: { silentCommonCause, suspectMinFraction } }, alerts);
    expect(r.groups).toBe(groups);
    expect(r.root).toBe(root);
  });
});
