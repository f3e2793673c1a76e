import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig } from './config.js';
import { createSuppression } from './suppression.js';
import { createTopologyView } from './topology-view.js';
import type { AlertState, DomainState, GroupState } from './state.js';

function ci(id: string, type: string, rel: Array<[string, string]> = []): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'depends_on', target })) };
}

/** web -> db -> host-db; web -> host-web; both hosts on sw. */
const cis = [
  ci('web', 'application', [['depends_on', 'db'], ['runs_on', 'host-web']]),
  ci('db', 'database', [['runs_on', 'host-db']]),
  ci('host-web', 'host', [['connected_to', 'sw']]),
  ci('host-db', 'host', [['connected_to', 'sw']]),
  ci('sw', 'network'),
];

function alert(fp: string, ciId: string, sev: AlertState['sev'], onset: number, status: AlertState['status'] = 'firing'): AlertState {
  return {
    id: `al_${fp}`, fp, source: 't', title: fp, desc: '', template: fp, sev, status, firstSeen: onset, lastSeen: onset, onset, resolvedAt: undefined,
    count: 1, episode: 1, flapping: false, flips: [], sup: null, ci: { id: ciId, method: 'explicit_id', hint: ciId }, service: null, keys: [],
    labels: {}, resource: {}, groupId: 'g1', version: 0, lastEventId: '', recent: [], named: [],
  };
}

describe('inhibition: the group sources evaluated once give the same inhibitor as the scan per member', () => {
  const config = correlateConfig.parse({});
  const cmdb = createCmdbGraph(cis);
  const sup = createSuppression(config, cmdb, createTopologyView(cmdb, null, config.grouping));
  it.each([
    { name: 'earliest upstream critical wins', sources: [['s-db', 'db', 'critical', 20], ['s-sw', 'sw', 'critical', 10], ['s-hdb', 'host-db', 'critical', 10]], web: 'al_s-hdb' },
    { name: 'resolved and non-critical sources do not inhibit', sources: [['s-db', 'db', 'critical', 20, 'resolved'], ['s-sw', 'sw', 'major', 10]], web: null },
    { name: 'a source on the same CI does not inhibit', sources: [['s-web', 'web', 'critical', 1], ['s-db', 'db', 'critical', 30]], web: 'al_s-db' },
    { name: 'equal onsets: the smaller id', sources: [['s-b', 'host-db', 'critical', 5], ['s-a', 'sw', 'critical', 5]], web: 'al_s-a' },
  ] as Array<{ name: string; sources: Array<[string, string, AlertState['sev'], number, AlertState['status']?]>; web: string | null }>)('$name', ({ sources, web }) => {
    const alerts = new Map<string, AlertState>();
    for (const [fp, c, sev, onset, status] of sources) alerts.set(fp, alert(fp, c, sev, onset, status));
    const members = [alert('m-web', 'web', 'warning', 40), alert('m-db', 'db', 'warning', 40), alert('m-host', 'host-web', 'minor', 40)];
    for (const m of members) alerts.set(m.fp, m);
    const grp = { id: 'g1', sources: new Set([...alerts.values()].filter((a) => a.sev === 'critical').map((a) => a.fp)) } as unknown as GroupState;
    // byCi as the engine keeps it (every alert with a CI under its CI): a group with more sources than an alert's CI has upstream CIs is searched through it
    const byCi = new Map<string, string[]>();
    for (const a of alerts.values()) if (a.ci) byCi.set(a.ci.id, [...(byCi.get(a.ci.id) ?? []), a.fp]);
    const d = { alerts, groups: new Map([['g1', grp]]), byCi } as unknown as DomainState;
    const once = sup.groupSources(d, grp);
    expect(sup.evalSuppression(d, members[0] as AlertState, 50, [], [], once)?.id ?? null).toBe(web);
    for (const a of [...members, ...alerts.values()]) {
      expect(sup.evalSuppression(d, a, 50, [], [], once)).toEqual(sup.evalSuppression(d, a, 50, [], []));
    }
  });
});
