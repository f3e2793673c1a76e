import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig, type CorrelateConfigInput } from './config.js';
import { createCorrelationEngine, type CorrelationEngine, type EngineOutput } from './engine.js';
import { finalGroups as lastVersions } from './evaluate.js';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

function ci(id: string, type: string, rel: Array<[string, string]> = [], extra: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'depends_on', target })), ...extra };
}

/** web -> cart -> db-main -> host-4 ; pay -> db-pay ; every host connected to a core switch (a hub). */
function shop(): ConfigurationItem[] {
  const items = [
    ci('bs-shop', 'business_service'),
    ci('bs-pay', 'business_service'),
    ci('app-web', 'application', [['part_of', 'bs-shop'], ['depends_on', 'app-cart'], ['runs_on', 'host-1']]),
    ci('app-cart', 'application', [['part_of', 'bs-shop'], ['depends_on', 'db-main'], ['runs_on', 'host-2']]),
    ci('app-pay', 'application', [['part_of', 'bs-pay'], ['depends_on', 'db-pay'], ['runs_on', 'host-3']]),
    ci('app-report', 'application', [['part_of', 'bs-shop'], ['depends_on', 'db-main'], ['runs_on', 'host-6']]),
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
    labels: { alertname: fp },
    annotations: {},
    resource: {},
    occurredAt: at,
    receivedAt: at,
    ...over,
  };
}
const on = (fp: string, ciId: string, at: number, over: Partial<Event> = {}) => ev(fp, at, { resource: { ci: ciId }, ...over });
const off = (fp: string, ciId: string, at: number) => ev(fp, at, { resource: { ci: ciId }, status: 'resolved' });

function engineFor(cfg: CorrelateConfigInput = {}, items: ConfigurationItem[] = shop()): CorrelationEngine {
  return createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, ...cfg }), { cmdb: createCmdbGraph(items) });
}

/** run feeds events one by one (advancing the clock to each), then advances far; returns all outputs. */
function run(e: CorrelationEngine, events: readonly Event[], endAt?: number): EngineOutput {
  const out: EngineOutput = { alerts: [], groups: [] };
  const add = (o: EngineOutput) => {
    out.alerts.push(...o.alerts);
    out.groups.push(...o.groups);
  };
  for (const x of events) {
    add(e.advance(x.receivedAt));
    add(e.process([x]));
  }
  if (endAt !== undefined) add(e.advance(endAt));
  return out;
}

/** finalGroups: last version of each non-merged group (evaluate.ts) -> sorted fingerprints, sorted. */
function finalGroups(out: EngineOutput): string[][] {
  return lastVersions(out.groups).map((g) => g.members.map((m) => m.fingerprint).sort()).sort();
}

function lastAlert(out: EngineOutput, fp: string) {
  return out.alerts.filter((a) => a.fingerprint === fp).at(-1);
}

describe('time window', () => {
  it.each([
    ['inside the window', 5 * MIN, [['cart', 'db']]],
    ['after the window', 25 * MIN, [['cart'], ['db']]],
  ])('an alert %s joins or opens a group', (_name, delta, expected) => {
    const out = run(engineFor(), [on('db', 'db-main', T0), on('cart', 'app-cart', T0 + (delta as number))]);
    expect(finalGroups(out)).toEqual(expected);
  });
  it.each([
    ['without topology, inside noTopologyWindowMs', 4 * MIN, {}, [['a', 'b']]],
    ['without topology, past noTopologyWindowMs (inside windowMs)', 8 * MIN, {}, [['a'], ['b']]],
    ['without topology, with noTopologyWindowMs = windowMs', 8 * MIN, { noTopologyWindowMs: 15 * MIN }, [['a', 'b']]],
  ])('%s', (_name, delta, grouping, expected) => {
    const host = (fp: string, at: number) => ev(fp, at, { title: `check ${fp} failed`, labels: { alertname: fp, host: 'web-01' } });
    const out = run(engineFor({ grouping: { similarity: false, ...grouping } }, []), [host('a', T0), host('b', T0 + delta)]);
    expect(finalGroups(out)).toEqual(expected);
  });
  it('a CMDB-matched alert keeps windowMs', () => {
    const out = run(engineFor({ grouping: { noTopologyWindowMs: MIN } }), [on('db', 'db-main', T0), on('cart', 'app-cart', T0 + 8 * MIN)]);
    expect(finalGroups(out)).toEqual([['cart', 'db']]);
  });
});

describe('topology hops', () => {
  it.each([
    [1, [['db'], ['web']]],
    [2, [['db', 'web']]],
    [3, [['db', 'web']]],
  ])('maxHops %i: web -> cart -> db is 2 hops', (maxHops, expected) => {
    const out = run(engineFor({ grouping: { maxHops } }), [on('db', 'db-main', T0), on('web', 'app-web', T0 + 1000)]);
    expect(finalGroups(out)).toEqual(expected);
  });

  it('records the rule and the CI path as evidence', () => {
    const out = run(engineFor(), [on('db', 'db-main', T0), on('web', 'app-web', T0 + 1000)]);
    const m = out.groups.at(-1)?.members.find((x) => x.fingerprint === 'web');
    expect(m?.rule).toBe('topology');
    expect(m?.evidence.path).toEqual(['app-web', 'app-cart', 'db-main']);
    expect(m?.evidence.hops).toBe(2);
  });

  it('does not glue unrelated failures through a hub (both hosts hang off the core switch)', () => {
    const out = run(engineFor({ grouping: { siblingMaxHops: 2, hubDegree: 20 } }), [on('h1', 'host-1', T0), on('h9', 'host-9', T0 + 1000)]);
    expect(finalGroups(out)).toEqual([['h1'], ['h9']]);
  });

  it('merges the groups a late root alert explains', () => {
    const out = run(engineFor(), [on('cart', 'app-cart', T0), on('report', 'app-report', T0 + 1000), on('db', 'db-main', T0 + 2000)]);
    expect(finalGroups(out)).toEqual([['cart', 'db', 'report']]);
    expect(out.groups.some((g) => g.closeReason === 'merged')).toBe(true);
  });
});

describe('causal timing', () => {
  // db-main fails and recovers; app-cart (which needs it) starts failing after that: a new failure
  it.each([
    ['cause still firing', [on('db', 'db-main', T0), on('cart', 'app-cart', T0 + 4 * MIN)], {}, [['cart', 'db']]],
    ['cause resolved within the grace', [on('db', 'db-main', T0), off('db', 'db-main', T0 + 3 * MIN), on('cart', 'app-cart', T0 + 4 * MIN)], {}, [['cart', 'db']]],
    ['cause resolved before the grace', [on('db', 'db-main', T0), off('db', 'db-main', T0 + MIN), on('cart', 'app-cart', T0 + 4 * MIN)], {}, [['cart'], ['db']]],
    ['... unless the rule is off', [on('db', 'db-main', T0), off('db', 'db-main', T0 + MIN), on('cart', 'app-cart', T0 + 4 * MIN)], { causeGraceMs: -1 }, [['cart', 'db']]],
  ] as const)('an effect joins its cause only while the cause is active: %s', (_n, events, grouping, expected) => {
    expect(finalGroups(run(engineFor({ grouping }), events))).toEqual(expected);
  });
  // db-main is failing (still firing); app-cart, which needs it, starts failing later
  it.each([
    ['4 min after: its effect', 4 * MIN, {}, [['cart', 'db']]],
    ['9 min after: still its effect (slow cascades: retries, pools, caches)', 9 * MIN, {}, [['cart', 'db']]],
    ['12 min after: a new failure downstream of a long outage', 12 * MIN, {}, [['cart'], ['db']]],
    ['12 min after, rule off', 12 * MIN, { effectLagMs: -1 }, [['cart', 'db']]],
  ] as const)('a dependent that starts failing %s', (_n, delay, grouping, expected) => {
    expect(finalGroups(run(engineFor({ grouping }), [on('db', 'db-main', T0), on('cart', 'app-cart', T0 + delay)]))).toEqual(expected);
  });
  it.each([
    [true, [['cart', 'db'], ['host2']]],
    [false, [['cart', 'db', 'host2']]],
  ])('rivalCauses %s: a failing host under a symptom the root already explains is another failure', (rivalCauses, expected) => {
    const out = run(engineFor({ grouping: { rivalCauses } }), [on('db', 'db-main', T0), on('cart', 'app-cart', T0 + 1000), on('host2', 'host-2', T0 + 30_000)]);
    expect(finalGroups(out)).toEqual(expected);
  });
  it.each([
    ['detected 2 min after its effects: their cause', 2 * MIN, { lateCauseMs: 3 * MIN }, [['cart', 'db', 'report']]],
    ['10 min after: a new failure, no merge', 10 * MIN, { lateCauseMs: 3 * MIN }, [['cart', 'report'], ['db']]],
    ['10 min after, rule off', 10 * MIN, { lateCauseMs: -1 }, [['cart', 'db', 'report']]],
  ] as const)('an upstream alert %s', (_n, delay, grouping, expected) => {
    const out = run(engineFor({ grouping: { ...grouping, suspectMinDependents: 2, suspectMinFraction: 0 } }), [on('cart', 'app-cart', T0), on('report', 'app-report', T0 + 1000), on('db', 'db-main', T0 + delay)]);
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('root chains', () => {
  // a SAN, a hypervisor on it (silent), three VMs on the hypervisor; maxHops 1 so VMs do not reach the SAN directly
  const san = [ci('san', 'storage'), ci('hv', 'host', [['depends_on', 'san']]), ...[1, 2, 3].map((i) => ci(`vm${i}`, 'vm', [['runs_on', 'hv']]))];
  it.each([
    [true, 0, [['san', 'vm1', 'vm2', 'vm3']]],
    [false, 0, [['san'], ['vm1', 'vm2', 'vm3']]],
    [true, 20 * MIN, [['san'], ['vm1', 'vm2', 'vm3']]], // not started together: two failures
  ])('mergeRootChains %s (VMs %i ms later): the group rooted at the silent hypervisor joins the SAN group', (mergeRootChains, later, expected) => {
    const e = engineFor({ grouping: { maxHops: 1, mergeRootChains, windowMs: 60 * MIN } }, san);
    const out = run(e, [on('san', 'san', T0), ...[1, 2, 3].map((i) => on(`vm${i}`, `vm${i}`, T0 + later + i * 10_000))]);
    expect(finalGroups(out)).toEqual(expected);
    const last = out.groups.filter((g) => g.status === 'open').at(-1);
    if (expected.length === 1) expect(last?.members.find((m) => m.fingerprint === 'vm1')?.evidence.detail).toMatch(/root candidate hv needs san/);
  });
});

describe('silent roots meet alerting roots', () => {
  // h1..h3 need switch sw and the SAN; 27 more hosts need the SAN and sw2. h1..h3 group through their
  // silent switch; the SAN's alert lands in the older group of h4: the sw group follows it there.
  const hosts = [ci('san', 'storage'), ci('sw', 'network'), ci('sw2', 'network'),
    ...[1, 2, 3].map((i) => ci(`h${i}`, 'host', [['depends_on', 'san'], ['depends_on', 'sw']])),
    ...Array.from({ length: 27 }, (_x, k) => ci(`h${k + 4}`, 'host', [['depends_on', 'san'], ['depends_on', 'sw2']]))];
  it.each([
    [true, [['h1', 'h2', 'h3', 'h4', 'san']]],
    [false, [['h1', 'h2', 'h3'], ['h4', 'san']]],
  ])('mergeRootChains %s', (mergeRootChains, expected) => {
    const out = run(engineFor({ grouping: { mergeRootChains } }, hosts), [on('h4', 'h4', T0), on('h1', 'h1', T0 + MIN), on('h2', 'h2', T0 + MIN + 1000), on('h3', 'h3', T0 + MIN + 2000), on('san', 'san', T0 + MIN + 10_000)]);
    expect(finalGroups(out)).toEqual(expected);
    if (mergeRootChains) expect(out.groups.at(-1)?.members.find((m) => m.fingerprint === 'h1')?.evidence.detail).toMatch(/most of its CIs need san.*its own root sw has no alert/);
  });
});

describe('root cause', () => {
  it('ranks the CI the others depend on, whatever the arrival order', () => {
    const out = run(engineFor(), [on('web', 'app-web', T0), on('cart', 'app-cart', T0 + 1000), on('db', 'db-main', T0 + 2000)]);
    const g = out.groups.filter((x) => x.closeReason !== 'merged').at(-1);
    expect(g?.rootCause?.ciId).toBe('db-main');
    expect(g?.candidates.length).toBeGreaterThan(1);
  });

  it('names a silent common upstream when no alerting CI explains the group', () => {
    const out = run(engineFor({ grouping: { siblingMaxHops: 2 } }), [on('cart', 'app-cart', T0), on('report', 'app-report', T0 + 1000)]);
    const g = out.groups.at(-1);
    expect(finalGroups(out)).toEqual([['cart', 'report']]);
    expect(g?.rootCause?.ciId).toBe('db-main');
    expect(g?.rootCause?.reason).toMatch(/no alert/);
  });
});

describe('named causes', () => {
  it.each([
    [true, 'Connection refused to db-main:5432', {}, 'db-main'],
    [false, 'Connection refused to db-main:5432', {}, 'app-cart'],
    [true, 'Error rate high', {}, 'app-cart'],
    // a title naming the alert's own host (Zabbix style) names its subject, not a dependency
    [true, 'Disk full on host-2', { host: 'host-2' }, 'app-cart'],
  ])('namedCauses %s, "%s": root %s', (namedCauses, title, labels, root) => {
    const out = run(engineFor({ grouping: { namedCauses } }), [on('cart', 'app-cart', T0, { title, labels: { alertname: 'x', ...labels } })]);
    expect(out.groups.at(-1)?.rootCause?.ciId).toBe(root);
    if (root === 'db-main') expect(out.groups.at(-1)?.rootCause?.reason).toMatch(/named as the failing dependency by 1 alert \(no alert on it\)/);
  });
});

describe('named causes under an alerting upstream', () => {
  // a VM carrying a database and 20 quiet apps goes down; three callers of the database name it
  const items = [ci('vm', 'vm'), ci('pg-main', 'database', [['runs_on', 'vm']]),
    ...[1, 2, 3].map((i) => ci(`app${i}`, 'application', [['depends_on', 'pg-main']])),
    ...Array.from({ length: 20 }, (_x, i) => ci(`quiet${i}`, 'application', [['runs_on', 'vm']]))];
  it.each([
    [true, 'vm'],
    [false, 'pg-main'],
  ])('namedYieldsToUpstream %s: root %s', (namedYieldsToUpstream, root) => {
    const e = engineFor({ grouping: { namedYieldsToUpstream } }, items);
    const out = run(e, [on('vm', 'vm', T0, { title: 'Host vm is down' }), ...[1, 2, 3].map((i) => on(`app${i}`, `app${i}`, T0 + i * 10_000, { title: 'Connection refused to pg-main:5432' }))]);
    expect(finalGroups(out)).toEqual([['app1', 'app2', 'app3', 'vm']]);
    expect(out.groups.at(-1)?.rootCause?.ciId).toBe(root);
  });
});

describe('similarity (no CMDB)', () => {
  const a = ev('a', T0, { title: 'Disk space low on /var (91% used) on node-1', labels: { alertname: 'DiskLow' } });
  const b = ev('b', T0 + 1000, { title: 'Disk space low on /data partition (97% used) on node-7', labels: { alertname: 'DiskLow' } });
  const c = ev('c', T0 + 2000, { title: 'Certificate expires in 3 days', labels: { alertname: 'Cert' } });
  it.each([
    // masked template tokens {disk low node space used var} vs {data disk low node partition space used}: cosine 0.77
    [0.7, [['a', 'b'], ['c']]],
    [0.8, [['a'], ['b'], ['c']]],
  ])('threshold %f joins same-template alerts only', (threshold, expected) => {
    const out = run(engineFor({ grouping: { similarityThreshold: threshold } }, []), [a, b, c]);
    expect(finalGroups(out)).toEqual(expected);
    if (expected.length === 3) return;
    const withB = out.groups.filter((g) => g.members.some((m) => m.fingerprint === 'b')).at(-1);
    expect(withB?.members.find((m) => m.fingerprint === 'b')?.rule).toBe('similarity');
  });
  it.each([
    // a is 5 min old; the group is only "recent" because of x, an unrelated alert on a's host
    [true, [['a', 'x'], ['b']]],
    [false, [['a', 'b', 'x']]],
  ])('burstFromMember %s: a later look-alike joins only through a member of its own burst', (burstFromMember, expected) => {
    const host = (e: Event, h: string) => ({ ...e, labels: { ...e.labels, host: h } });
    const x = ev('x', T0 + 5 * MIN, { title: 'CPU high', labels: { alertname: 'CPU', host: 'node-1' } });
    const late = { ...host(b, 'node-7'), occurredAt: T0 + 5 * MIN + 20_000, receivedAt: T0 + 5 * MIN + 20_000 };
    const out = run(engineFor({ grouping: { similarityThreshold: 0.7, burstFromMember, noTopologyWindowMs: 15 * MIN } }, []), [host(a, 'node-1'), x, late]);
    expect(finalGroups(out)).toEqual(expected);
  });
  it('is off when disabled', () => {
    const out = run(engineFor({ grouping: { similarity: false } }, []), [a, b]);
    expect(finalGroups(out)).toEqual([['a'], ['b']]);
  });
  it('joins alerts that share a host label, without a CMDB', () => {
    const x = ev('x', T0, { title: 'CPU high', labels: { alertname: 'CPU', instance: 'db-7.example.net:9100' } });
    const y = ev('y', T0 + 1000, { title: 'Postgres down', labels: { alertname: 'PG', host: 'db-7' } });
    const out = run(engineFor({}, []), [x, y]);
    expect(finalGroups(out)).toEqual([['x', 'y']]);
    expect(out.groups.at(-1)?.members[1]?.rule).toBe('same_ci');
  });
});

describe('onset bursts (no CMDB)', () => {
  // a quiet hour (one unrelated alert every 10 min), then four services fail within 30 s sharing nothing but timing
  const bg = Array.from({ length: 6 }, (_, i) => ev(`bg${i}`, T0 + i * 10 * MIN, { title: `Backup job ${i} failed`, labels: { alertname: `Backup${i}`, service: `batch-${i}` } }));
  const start = T0 + 61 * MIN;
  const burst = [
    ev('s1', start, { title: 'Vault sealed', labels: { alertname: 'VaultSealed', service: 'vault' } }),
    ev('s2', start + 5_000, { title: 'Login errors above 5%', labels: { alertname: 'LoginErrors', service: 'sso' } }),
    ev('s3', start + 10_000, { title: 'p99 latency above 2s', labels: { alertname: 'Latency', service: 'orders' } }),
    ev('s4', start + 20_000, { title: 'health check failing', labels: { alertname: 'Health', service: 'cart' } }),
    ev('s5', start + 30_000, { title: 'queue depth rising', labels: { alertname: 'Queue', service: 'billing' } }),
  ];
  const of = (out: EngineOutput) => finalGroups(out).filter((g) => g.some((fp) => fp.startsWith('s')));
  it.each([
    ['off: timing alone joins nothing', { burstScore: 0 }, bg, [['s1', 's2'], ['s3'], ['s4'], ['s5']]],
    // s1..s3 open their own groups; s4 is the 4th onset in a minute, yet no group holds two of them
    ['on, three alerts and no group holding two of the burst: nothing to join', { burstScore: 0.5 }, bg, [['s1'], ['s2'], ['s3'], ['s4'], ['s5']]],
    // s3 is the third onset of the minute (below burstMinOnsets): its own group; s4 and s5 join the burst's group
    ['on, a burst whose alerts went to one group: later ones join it', { burstScore: 0.5 }, bg, [['s1', 's2', 's4', 's5'], ['s3']]],
    ['on, over a background as busy as the burst (three onsets a minute): no join', { burstScore: 0.5 }, Array.from({ length: 180 }, (_, i) => ev(`bg${i}`, T0 + i * 20_000, { title: `Backup job ${i} failed`, labels: { alertname: `Backup${i}`, service: `batch-${i}` } })), [['s1', 's2'], ['s3'], ['s4'], ['s5']]],
  ])('%s', (why, grouping, background, expected) => {
    // s1 and s2 share a host (same_ci), so that the burst has a group holding two of its alerts; the third case
    const pair = why.includes('nothing to join') ? burst : burst.map((e) => (e.fingerprint === 's1' || e.fingerprint === 's2' ? { ...e, labels: { ...e.labels, host: 'vm-7' } } : e));
    const out = run(engineFor({ grouping }, []), [...background, ...pair]);
    expect(of(out)).toEqual(expected);
  });
  it('records the burst as the join rule', () => {
    const pair = burst.map((e) => (e.fingerprint === 's1' || e.fingerprint === 's2' ? { ...e, labels: { ...e.labels, host: 'vm-7' } } : e));
    const out = run(engineFor({ grouping: { burstScore: 0.5 } }, []), [...bg, ...pair]);
    const m = out.groups.filter((g) => g.members.some((x) => x.fingerprint === 's4')).at(-1)?.members.find((x) => x.fingerprint === 's4');
    expect(m?.rule).toBe('burst');
    expect(m?.evidence.detail).toMatch(/onset burst: \d+ alerts started within 60 s/);
  });
});

describe('scope labels (no CMDB)', () => {
  // the same check fails on two instances 20 s apart: look-alike texts, nothing else shared but where they are
  const pair = (a: Record<string, string>, b: Record<string, string>) => [
    ev('i1', T0, { title: 'Instance status check failed', labels: { alertname: 'StatusCheckFailed', host: 'i-01', ...a } }),
    ev('i2', T0 + 20_000, { title: 'Instance status check failed', labels: { alertname: 'StatusCheckFailed', host: 'i-02', ...b } }),
  ];
  it.each([
    ['different regions: two places, two groups', undefined, { Region: 'eu-west-1' }, { Region: 'us-east-1' }, [['i1'], ['i2']]],
    ['scopeLabels [] (off): one group', [], { Region: 'eu-west-1' }, { Region: 'us-east-1' }, [['i1', 'i2']]],
    ['same region, label names in other case: one group', undefined, { Region: 'eu-west-1' }, { region: 'eu-west-1' }, [['i1', 'i2']]],
    ['only one says where it is: one group', undefined, { region: 'eu-west-1' }, {}, [['i1', 'i2']]],
    ['different clusters: two groups', undefined, { cluster: 'prod-a' }, { cluster: 'prod-b' }, [['i1'], ['i2']]],
  ])('%s', (_why, scopeLabels: string[] | undefined, a: Record<string, string>, b: Record<string, string>, expected) => {
    const out = run(engineFor({ grouping: scopeLabels ? { scopeLabels } : {} }, []), pair(a, b));
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('flapping', () => {
  it('marks an alert flapping after too many flips and holds its notifications until it settles', () => {
    const evs: Event[] = [];
    for (let i = 0; i < 6; i++) evs.push(i % 2 === 0 ? on('f', 'app-pay', T0 + i * MIN) : off('f', 'app-pay', T0 + i * MIN));
    const out = run(engineFor({ flapping: { windowMs: 10 * MIN, maxFlips: 3, settleMs: 5 * MIN } }), evs, T0 + 40 * MIN);
    const changes = out.alerts.map((a) => a.change);
    // flips 1..3 are notified; the 4th (> maxFlips) starts flapping; flips 5.. are held back
    expect(changes).toEqual(['opened', 'resolved', 'reopened', 'resolved', 'flapping_started', 'flapping_stopped']);
    expect(out.alerts.find((a) => a.change === 'flapping_started')?.flapping).toBe(true);
  });
});

describe('silences', () => {
  it.each([
    ['equal matcher', { name: 'alertname', value: 'x', isRegex: false, isEqual: true }, true],
    ['regex matcher', { name: 'alertname', value: 'x|y', isRegex: true, isEqual: true }, true],
    ['negative matcher', { name: 'alertname', value: 'x', isRegex: false, isEqual: false }, false],
    ['other label', { name: 'team', value: 'a', isRegex: false, isEqual: true }, false],
  ])('%s', (_n, matcher, silenced) => {
    const e = engineFor({ silences: [{ id: 's1', matchers: [matcher], startsAt: T0 - 1, endsAt: T0 + 10 * MIN }] });
    const out = run(e, [on('x', 'app-pay', T0)]);
    expect(out.alerts[0]?.suppressedBy?.kind === 'silence').toBe(silenced);
  });

  it('expires at its end time and the alert is unsuppressed', () => {
    const e = engineFor({ silences: [{ id: 's1', matchers: [{ name: 'alertname', value: 'x' }], startsAt: T0 - 1, endsAt: T0 + 2 * MIN }] });
    const out = run(e, [on('x', 'app-pay', T0), on('x', 'app-pay', T0 + MIN)], T0 + 5 * MIN);
    expect(out.alerts.at(-1)?.change).toBe('unsuppressed');
    expect(out.alerts.at(-1)?.suppressedBy).toBeNull();
  });

  it('setSilences applies to alerts already open', () => {
    const e = engineFor();
    const out = run(e, [on('x', 'app-pay', T0)]);
    e.setSilences([correlateConfig.parse({ silences: [{ id: 's2', matchers: [{ name: 'alertname', value: 'x' }], startsAt: T0, endsAt: T0 + 10 * MIN }] }).silences[0]!]);
    const later = e.advance(T0 + 1000);
    expect(out.alerts[0]?.suppressedBy).toBeNull();
    expect(later.alerts[0]?.change).toBe('suppressed');
  });
});

describe('maintenance', () => {
  it.each([
    ['the CI itself', { ciIds: ['app-pay'] }, 'app-pay', true],
    ['a host the app runs on', { ciIds: ['host-3'] }, 'app-pay', true],
    ['a host, dependents excluded', { ciIds: ['host-3'], includeDependents: false }, 'app-pay', false],
    ['its business service', { services: ['bs-pay'] }, 'app-pay', true],
    ['another service', { services: ['bs-shop'] }, 'app-pay', false],
  ])('window on %s', (_n, w, ciId, suppressed) => {
    const e = engineFor({ maintenance: [{ id: 'm1', startsAt: T0 - 1, endsAt: T0 + MIN, ...w }] });
    const out = run(e, [on('x', ciId, T0)]);
    expect(out.alerts[0]?.suppressedBy?.kind === 'maintenance').toBe(suppressed);
    expect(finalGroups(out)).toEqual([['x']]);
  });
});

describe('inhibition', () => {
  it('a critical alert upstream suppresses dependents, which still join its group; resolving it lifts that', () => {
    const out = run(engineFor(), [
      on('db', 'db-main', T0, { severity: 'critical' }),
      on('cart', 'app-cart', T0 + 1000),
      off('db', 'db-main', T0 + 2 * MIN),
    ]);
    const cart = out.alerts.filter((a) => a.fingerprint === 'cart');
    expect(cart[0]?.suppressedBy).toMatchObject({ kind: 'inhibition' });
    expect(cart.at(-1)?.change).toBe('unsuppressed');
    expect(finalGroups(out)).toEqual([['cart', 'db']]);
  });
  it('a non-critical upstream alert does not inhibit', () => {
    const out = run(engineFor(), [on('db', 'db-main', T0, { severity: 'major' }), on('cart', 'app-cart', T0 + 1000)]);
    expect(lastAlert(out, 'cart')?.suppressedBy).toBeNull();
  });
});

describe('group lifecycle', () => {
  it('closes after all alerts resolved and the quiet period, at a deterministic time', () => {
    const out = run(engineFor({ grouping: { quietMs: 5 * MIN } }), [on('db', 'db-main', T0), off('db', 'db-main', T0 + MIN)], T0 + 30 * MIN);
    const closed = out.groups.find((g) => g.status === 'closed');
    expect(closed?.closeReason).toBe('resolved_quiet');
    expect(closed?.closedAt).toBe(T0 + 6 * MIN);
  });
  it('closes at the maximum lifetime even while firing', () => {
    const out = run(engineFor({ grouping: { maxLifetimeMs: 60 * MIN } }), [on('db', 'db-main', T0)], T0 + 2 * 60 * MIN);
    expect(out.groups.find((g) => g.status === 'closed')?.closeReason).toBe('max_lifetime');
  });
  it('a re-fire after the group closed opens a new group (new deterministic id)', () => {
    const out = run(engineFor({ grouping: { quietMs: MIN } }), [on('db', 'db-main', T0), off('db', 'db-main', T0 + MIN), on('db', 'db-main', T0 + 10 * MIN)], T0 + 11 * MIN);
    expect(new Set(out.groups.map((g) => g.id)).size).toBe(2);
    expect(lastAlert(out, 'db')?.episode).toBe(2);
  });
});

describe('event time, reordering, replay, restore', () => {
  function storm(): Event[] {
    const evs: Event[] = [];
    const cis = ['db-main', 'app-cart', 'app-web', 'app-report', 'db-pay', 'app-pay', 'host-9'];
    for (let i = 0; i < 60; i++) {
      const c = cis[(i * 7) % cis.length] as string;
      const at = T0 + i * 20_000 + (i % 3) * 500;
      evs.push(i % 11 === 10 ? off(`a-${c}`, c, at) : on(`a-${c}`, c, at, { receivedAt: at + 1000 }));
    }
    return evs;
  }
  const cfg = { time: { reorderToleranceMs: 5000 } };

  it('out-of-order arrival within the tolerance gives the same groups and alert versions', () => {
    const inOrder = run(engineFor(cfg), storm(), T0 + 5 * 3600_000);
    // transport delays of up to 4 s (< tolerance) reorder arrivals
    const shuffled = storm()
      .map((e, i) => ({ ...e, receivedAt: e.receivedAt + ((i * 7919) % 4000) }))
      .sort((x, y) => x.receivedAt - y.receivedAt);
    expect(shuffled.map((e) => e.id)).not.toEqual(storm().map((e) => e.id));
    const out = run(engineFor(cfg), shuffled, T0 + 5 * 3600_000);
    expect(finalGroups(out)).toEqual(finalGroups(inOrder));
    expect(out.groups.map((g) => [g.id, g.version, g.change])).toEqual(inOrder.groups.map((g) => [g.id, g.version, g.change]));
  });

  it('a replay ten times faster (later arrival clock) gives the same groups', () => {
    const real = run(engineFor(cfg), storm(), T0 + 5 * 3600_000);
    const base = T0 + 24 * 3600_000;
    const fast = storm().map((e) => ({ ...e, receivedAt: base + Math.round((e.receivedAt - T0) / 10) }));
    const out = run(engineFor(cfg), fast, base + 5 * 3600_000);
    expect(finalGroups(out)).toEqual(finalGroups(real));
    expect(new Set(out.groups.map((g) => g.id))).toEqual(new Set(real.groups.map((g) => g.id)));
  });

  it('snapshot + restore mid-storm continues exactly like an uninterrupted run', () => {
    const evs = storm();
    const whole = run(engineFor(cfg), evs, T0 + 5 * 3600_000);
    const first = engineFor(cfg);
    const a = run(first, evs.slice(0, 30));
    const snaps = JSON.parse(JSON.stringify(first.snapshotAll())) as ReturnType<CorrelationEngine['snapshotAll']>;
    const second = engineFor(cfg);
    for (const s of snaps) second.restore(s);
    const b = run(second, evs.slice(30), T0 + 5 * 3600_000);
    expect([...a.groups, ...b.groups].map((g) => [g.id, g.version, g.members.length])).toEqual(whole.groups.map((g) => [g.id, g.version, g.members.length]));
    expect([...a.alerts, ...b.alerts].map((x) => [x.id, x.version, x.count])).toEqual(whole.alerts.map((x) => [x.id, x.version, x.count]));
  });

  it('a source clock in the future is bounded by arrival time', () => {
    const out = run(engineFor(), [on('db', 'db-main', T0 + 3600_000, { receivedAt: T0 })]);
    expect(out.alerts[0]?.firstSeen).toBe(T0);
  });
});

describe('state size', () => {
  it('keeps at most ~1 KB of state per active alert', () => {
    const e = engineFor();
    const evs: Event[] = [];
    for (let i = 0; i < 2000; i++) {
      evs.push(ev(`fp-${i}`, T0 + i * 100, { title: `High latency on checkout-api-${i % 50} p99 ${i} ms`, labels: { alertname: 'HighLatency', instance: `10.0.${i % 250}.${i % 7}:9100`, job: 'checkout-api', severity: 'warning' }, resource: { instance: `10.0.${i % 250}.${i % 7}`, job: 'checkout-api' } }));
    }
    e.process(evs);
    const bytes = JSON.stringify(e.snapshotAll()).length;
    expect(e.stats().alertsActive).toBe(2000);
    expect(bytes / 2000).toBeLessThan(1024);
  });
});

describe('suspected upstream and name families', () => {
  it('groups dependents of one CI that start alerting together, and names it as root even if silent', () => {
    const items = shop();
    for (let i = 1; i <= 4; i++) items.push(ci(`vm-${i}`, 'vm', [['runs_on', 'esx-1']]));
    items.push(ci('esx-1', 'host'));
    const out = run(engineFor({}, items), [1, 2, 3, 4].map((i) => on(`vm${i}`, `vm-${i}`, T0 + i * 5000)));
    expect(finalGroups(out)).toEqual([['vm1', 'vm2', 'vm3', 'vm4']]);
    const g = out.groups.filter((x) => x.closeReason !== 'merged').at(-1);
    expect(g?.rootCause?.ciId).toBe('esx-1');
    // the siblings' groups merged because they share esx-1: the reason says so (no VM is upstream of another)
    const merged = (g?.members ?? []).map((m) => m.evidence.detail ?? '').filter((x) => x.startsWith('merged from'));
    expect(merged.length).toBeGreaterThan(0);
    for (const why of merged) expect(why).toMatch(/both need esx-1, whose dependents are alerting together$/);
  });
  it('without a CMDB, a distinctive word shared by host/service names joins a burst', () => {
    const x = ev('x', T0, { title: 'Replication lag high', labels: { alertname: 'Lag', service: 'mongodb-fraud3' } });
    const y = ev('y', T0 + 10_000, { title: 'Upstream timeout', labels: { alertname: 'Timeout', service: 'fraud3-sync' } });
    const z = ev('z', T0 + 20_000, { title: 'Upstream timeout', labels: { alertname: 'Timeout', service: 'orders-sync' } });
    const out = run(engineFor({ grouping: { similarity: false } }, []), [x, y, z]);
    expect(finalGroups(out)).toEqual([['x', 'y'], ['z']]);
  });
});

describe('entities named in texts (no CMDB)', () => {
  const caller = (fp: string, at: number, service: string, title: string) => ev(fp, at, { title, labels: { alertname: 'Upstream', service, instance: `${service}-01:8080` } });
  it.each([
    ['the callee alerts after its caller', [caller('c1', T0, 'checkout', 'Connection refused to pg-orders:5432'), ev('db', T0 + 20_000, { title: 'Postgres down', labels: { alertname: 'PgDown', service: 'pg-orders' } })], [['c1', 'db']], 'pg-orders'],
    ['the callee alerts first', [ev('db', T0, { title: 'Postgres down', labels: { alertname: 'PgDown', service: 'pg-orders' } }), caller('c1', T0 + 20_000, 'checkout', 'Connection refused to pg-orders:5432')], [['c1', 'db']], 'pg-orders'],
    ['two callers of a silent dependency', [caller('c1', T0, 'checkout', 'Upstream payments-api timeout'), caller('c2', T0 + 20_000, 'refunds', 'Connection refused to payments-api:443')], [['c1', 'c2']], 'payments-api'],
    ['callers of different dependencies stay apart, however alike the texts', [caller('c1', T0, 'checkout', 'Upstream claims-db timeout after 3s'), caller('c2', T0 + 20_000, 'refunds', 'Upstream orders-db timeout after 5s')], [['c1'], ['c2']], null],
  ])('%s', (_why, events, expected, root) => {
    const out = run(engineFor({}, []), events);
    expect(finalGroups(out)).toEqual(expected);
    if (root === null) return;
    const g = out.groups.at(-1);
    expect(g?.rootCause?.ciId).toBe(root);
    const joined = g?.members[1];
    expect(joined?.rule).toBe('topology');
    expect(joined?.evidence.detail).toMatch(/^learned from text: /);
  });
  it.each([
    [0.8, [['db', 'h1', 'x']]],
    [0, [['db'], ['h1', 'x']]],
  ])('linkMinScore %f: an alert with strong evidence for two groups merges them', (linkMinScore, expected) => {
    const h1 = ev('h1', T0, { title: 'CPU high', labels: { alertname: 'CPU', host: 'web-01' } });
    const db = ev('db', T0 + 5000, { title: 'Postgres down', labels: { alertname: 'PgDown', service: 'pg-orders' } });
    const x = ev('x', T0 + 10_000, { title: 'Connection refused to pg-orders:5432', labels: { alertname: 'Upstream', host: 'web-01' } });
    const out = run(engineFor({ grouping: { linkMinScore } }, []), [h1, db, x]);
    expect(finalGroups(out)).toEqual(expected);
    if (linkMinScore === 0) return;
    const merged = out.groups.filter((g) => g.closeReason !== 'merged').at(-1)?.members.find((m) => m.fingerprint === 'db');
    expect(merged?.evidence.detail).toMatch(/^merged from .*: al_.* belongs to both \(topology: learned from text/);
  });
  it('is off when disabled (and then the named entity is not the root)', () => {
    const events = [caller('c1', T0, 'checkout', 'Connection refused to pg-orders:5432'), ev('db', T0 + 20_000, { title: 'Postgres down', labels: { alertname: 'PgDown', service: 'pg-orders' } })];
    const out = run(engineFor({ grouping: { mentions: false } }, []), events);
    expect(finalGroups(out)).toEqual([['c1'], ['db']]);
  });
  it.each([
    ['a free-text label (a dataset\'s message column) names the dependency', ['message'], [['c1', 'db']], 'db-01'],
    ['not read when the label is not listed', [], [['c1'], ['db']], null],
  ])('mentionLabels: %s', (_why, mentionLabels, expected, root) => {
    const events = [
      ev('db', T0, { title: 'DiskFull', labels: { alertname: 'DiskFull', host: 'db-01', service: 'orders-db' } }),
      ev('c1', T0 + 15_000, { title: 'DBConnectionErrors', labels: { alertname: 'DBConnectionErrors', host: 'app-02', service: 'orders', message: 'connection refused db-01:5432' } }),
    ];
    const out = run(engineFor({ grouping: { mentionLabels, similarity: false, nameFamilies: false } }, []), events);
    expect(finalGroups(out)).toEqual(expected);
    if (root !== null) expect(out.groups.at(-1)?.rootCause?.ciId).toBe(root);
  });
  it.each([
    ['several services on one host: the host', true, [['orders', 'h1'], ['billing', 'h1'], ['mail', 'h1']], 'h1'],
    ['several hosts of one service: the service', true, [['orders', 'h1'], ['orders', 'h2'], ['orders', 'h3']], 'orders'],
    ['off: the first alert\'s service', false, [['orders', 'h1'], ['billing', 'h1'], ['mail', 'h1']], 'orders'],
  ])('rootByCover: %s', (_why, rootByCover, rows, root) => {
    const events = rows.map(([service, host], i) => ev(`a${i}`, T0 + i * 5000, { title: `probe ${i} failed`, labels: { alertname: `P${i}`, service: service as string, host: host as string } }));
    const out = run(engineFor({ grouping: { rootByCover, similarity: false, nameFamilies: false } }, []), events);
    expect(finalGroups(out)).toEqual([['a0', 'a1', 'a2']]);
    expect(out.groups.at(-1)?.rootCause?.ciId).toBe(root);
  });
  it.each([
    ['on: two pods of a headless Service are named by the Service', true, 'pg-orders'],
    ['off: by the first pod\'s host name', false, 'pg-orders-0.pg-orders.data.svc'],
  ])('k8sDnsNames: %s', (_why, k8sDnsNames, root) => {
    const pg = (fp: string, at: number, pod: string) => ev(fp, at, { title: 'connections above 80% of max_connections', labels: { alertname: 'PgTooManyConnections', instance: `${pod}.pg-orders.data.svc:9187` } });
    const out = run(engineFor({ grouping: { k8sDnsNames } }, []), [pg('a', T0, 'pg-orders-0'), pg('b', T0 + 5000, 'pg-orders-1')]);
    expect(finalGroups(out)).toEqual([['a', 'b']]);
    expect(out.groups.at(-1)?.rootCause?.ciId).toBe(root);
  });
  it.each([
    ['on: a service value with slashes names the alert whole', true, 'app/shop-alb/50dc6c49'],
    ['off: only its last segment (the old reading)', false, '50dc6c49'],
  ])('wholeServiceNames: %s', (_why, wholeServiceNames, root) => {
    const events = [ev('a', T0, { title: 'ALARM: "shop-alb-UnHealthyHostCount" in EU (Ireland)', labels: { AlarmName: 'shop-alb-UnHealthyHostCount', service: 'app/shop-alb/50dc6c49' } })];
    const out = run(engineFor({ grouping: { wholeServiceNames } }, []), events);
    expect(out.groups.at(-1)?.rootCause?.ciId).toBe(root);
  });
  it.each([
    ['off: an alert with no host/workload/service label is named by its namespace key', false, 'prod/giftcards'],
    ['on: by the label value its title spells (the SLO\'s service)', true, 'giftcards-admin'],
  ])('titleSubject: %s', (_why, titleSubject, root) => {
    const slo = (fp: string, at: number, svc: string, ns: string) => ev(fp, at, { title: `${svc} requests-availability error budget burn rate is too high`, labels: { alertname: 'ErrorBudgetBurn', cluster: 'prod', namespace: ns, slo_service: svc, slo_name: 'requests-availability' } });
    const events = [slo('a', T0, 'giftcards-admin', 'giftcards'), slo('b', T0 + 5000, 'returns-bff', 'returns')];
    const out = run(engineFor({ grouping: { titleSubject, burstScore: 0, scopeLabels: [] } }, []), events);
    expect(finalGroups(out)).toEqual([['a', 'b']]);
    expect(out.groups.at(-1)?.rootCause?.ciId).toBe(root);
  });
  it.each([
    ['on: an alert with a service label keeps it', true, 'orders'],
    ['off: the same', false, 'orders'],
  ])('titleSubject with a service label: %s', (_why, titleSubject, root) => {
    const events = [ev('a', T0, { title: 'Job ORDJ0042 ended NOTOK', labels: { alertname: 'JobFailed', service: 'orders', job_name: 'ORDJ0042' } })];
    const out = run(engineFor({ grouping: { titleSubject } }, []), events);
    expect(out.groups.at(-1)?.rootCause?.ciId).toBe(root);
  });
  it.each([
    ['off: a shared namespace joins', 0, [['a', 'x']]],
    ['on: a namespace twenty other workloads carried this hour is no evidence', 16, [['a'], ['x']]],
  ])('keySpreadHub: %s', (_why, keySpreadHub, expected) => {
    const pod = (fp: string, at: number, wl: string) => ev(fp, at, { title: `workload ${fp} degraded`, labels: { alertname: `W${fp}`, namespace: 'shop', deployment: wl } });
    const background = Array.from({ length: 20 }, (_, i) => ev(`b${i}`, T0 + i * 2 * MIN, { title: `background ${i}`, labels: { alertname: `B${i}`, namespace: 'shop', deployment: `bg-${i}` }, status: 'firing' }));
    const a = pod('a', T0 + 50 * MIN, 'cart');
    const x = pod('x', T0 + 50 * MIN + 30_000, 'orders');
    const out = run(engineFor({ grouping: { keySpreadHub, similarity: false, nameFamilies: false } }, []), [...background, a, x]);
    const groups = finalGroups(out).filter((grp) => grp.includes('a') || grp.includes('x'));
    expect(groups).toEqual(expected);
  });
  const ksmHostKeys = [{ name: 'host', labels: ['host', 'hostname', 'node', 'nodename', 'instance', 'ip'], rule: 'same_ci' as const, score: 0.9, normalize: 'host' as const }];
  it.each([
    ['default: two pods of two workloads that one kube-state-metrics reports stay apart', undefined, { pod: 'cart-7d9f-x1', namespace: 'shop' }, { pod: 'orders-5c2a-k9', namespace: 'billing' }, [['p1'], ['p2']]],
    ['skipWhen {} (old behaviour): the exporter address joins them as one host', ksmHostKeys, { pod: 'cart-7d9f-x1', namespace: 'shop' }, { pod: 'orders-5c2a-k9', namespace: 'billing' }, [['p1', 'p2']]],
    ['default: without a pod or workload label the instance is the host', undefined, {}, {}, [['p1', 'p2']]],
    ['default: a node label still names the host of a pod alert', undefined, { pod: 'cart-7d9f-x1', namespace: 'shop', node: 'node-7' }, { pod: 'orders-5c2a-k9', namespace: 'billing', node: 'node-7' }, [['p1', 'p2']]],
  ])('host key, `instance` of an alert naming its pod (skipWhen): %s', (_why, labelKeys, l1, l2, expected) => {
    const ksm = (fp: string, at: number, extra: Record<string, string>) => ev(fp, at, { title: `alert ${fp} ${at}`, labels: { alertname: `A${fp}`, job: 'kube-state-metrics', instance: '100.64.3.7:8080', ...extra } });
    const grouping = { similarity: false, nameFamilies: false, burstScore: 0, ...(labelKeys ? { labelKeys } : {}) };
    const out = run(engineFor({ grouping }, []), [ksm('p1', T0, l1), ksm('p2', T0 + 20_000, l2)]);
    expect(finalGroups(out)).toEqual(expected);
  });
  const ksmServiceKeys = [{ name: 'service', labels: ['service', 'application', 'app', 'app_kubernetes_io_name', 'service_name'], rule: 'same_service' as const, score: 0.7, normalize: 'none' as const, unlessLabels: ['check_command'] }];
  it.each([
    ['default: two pods that one kube-state-metrics Service reports stay apart', undefined, { pod: 'cart-7d9f-x1', namespace: 'shop' }, { pod: 'orders-5c2a-k9', namespace: 'billing' }, [['p1'], ['p2']]],
    ['skipWhen {} (old behaviour): the exporter\'s Service joins them as one application', ksmServiceKeys, { pod: 'cart-7d9f-x1', namespace: 'shop' }, { pod: 'orders-5c2a-k9', namespace: 'billing' }, [['p1', 'p2']]],
    ['default: without a pod or workload label the service is the application', undefined, {}, {}, [['p1', 'p2']]],
  ])('service key, `service` of an alert naming its pod (skipWhen): %s', (_why, labelKeys, l1, l2, expected) => {
    const ksm = (fp: string, at: number, extra: Record<string, string>) => ev(fp, at, { title: `alert ${fp} ${at}`, labels: { alertname: `A${fp}`, service: 'kube-prometheus-stack-kube-state-metrics', ...extra } });
    const grouping = { similarity: false, nameFamilies: false, burstScore: 0, ...(labelKeys ? { labelKeys } : {}) };
    const out = run(engineFor({ grouping }, []), [ksm('p1', T0, l1), ksm('p2', T0 + 20_000, l2)]);
    expect(finalGroups(out)).toEqual(expected);
  });
  it('an Icinga check name in `service` is not an application: two disk checks on two hosts stay apart', () => {
    const icinga = (fp: string, at: number, host: string) => ev(fp, at, { title: `disk on ${host} is CRITICAL`, labels: { host, service: 'disk', check_command: 'disk' } });
    const out = run(engineFor({ grouping: { similarity: false } }, []), [icinga('i1', T0, 'web-01'), icinga('i2', T0 + 5000, 'db-02')]);
    expect(finalGroups(out)).toEqual([['i1'], ['i2']]);
  });
});

describe('learned patterns', () => {
  it('joins alert kinds that co-occurred in past groups, and says which pattern and when it was trained', () => {
    const model = {
      id: 'pat_test', trainedAt: 123, k: 3, seed: 1, vocabulary: [], idf: [], centroids: [[], [], []],
      templates: { 'Postgres replication lag high': 0, 'Checkout API error rate above <n>%': 1, 'Certificate expires soon': 2 },
      links: [[0, 1, 5]] as Array<[number, number, number]>,
      examples: {},
    };
    const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, grouping: { similarity: false, nameFamilies: false, burstScore: 0 } }), { cmdb: createCmdbGraph([]), patterns: model });
    const out = run(e, [
      ev('pg', T0, { title: 'Postgres replication lag high' }),
      ev('api', T0 + 1000, { title: 'Checkout API error rate above 7%' }),
      ev('cert', T0 + 2000, { title: 'Certificate expires soon' }),
    ]);
    expect(finalGroups(out)).toEqual([['api', 'pg'], ['cert']]);
    const api = out.groups.filter((g) => g.members.some((m) => m.fingerprint === 'api')).at(-1)?.members.find((m) => m.fingerprint === 'api');
    expect(api?.rule).toBe('pattern');
    expect(api?.evidence.patternId).toBe('pat_test#0-1');
    expect(api?.evidence.detail).toContain('trained at 123');
    e.setPatterns(null);
    const out2 = run(e, [ev('pg2', T0 + 3000, { title: 'Postgres replication lag high' }), ev('api2', T0 + 4000, { title: 'Checkout API error rate above 9%' })]);
    expect(finalGroups(out2)).toEqual([['api2'], ['pg2']]);
  });
});

/** A cluster: nodes part_of the cluster; workloads part_of a namespace; pods part_of their workload, runs_on a node; web -> api. */
function k8sShop(): ConfigurationItem[] {
  const items = [
    ci('cluster', 'k8s_cluster'),
    ci('ns', 'k8s_namespace', [['part_of', 'cluster']]),
    ci('api', 'k8s_workload', [['part_of', 'ns']]),
    ci('web', 'k8s_workload', [['part_of', 'ns'], ['depends_on', 'api']]),
    ci('other', 'k8s_workload', [['part_of', 'ns']]),
  ];
  for (let n = 1; n <= 4; n++) items.push(ci(`node-${n}`, 'host', [['part_of', 'cluster']]));
  for (let p = 1; p <= 4; p++) items.push(ci(`api-${p}`, 'k8s_pod', [['part_of', 'api'], ['runs_on', `node-${p}`]]));
  items.push(ci('other-1', 'k8s_pod', [['part_of', 'other'], ['runs_on', 'node-1']]));
  items.push(ci('other-2', 'k8s_pod', [['part_of', 'other'], ['runs_on', 'node-2']]));
  return items;
}

describe('Kubernetes: part_of read by the kind of whole (partOfFlow composite)', () => {
  const root = (out: EngineOutput) => out.groups.filter((x) => x.closeReason !== 'merged').at(-1)?.rootCause?.ciId;
  it.each([
    // [case, events, expected groups, expected root of the last group]
    ['a workload alert joins the group of its pod on a failed node; the node is the root',
      [on('node', 'node-1', T0), on('pod', 'api-1', T0 + 1000), on('wl', 'api', T0 + 30_000)], [['node', 'pod', 'wl']], 'node-1'],
    ['a caller of that workload joins through it',
      [on('node', 'node-1', T0), on('pod', 'api-1', T0 + 1000), on('wl', 'api', T0 + 30_000), on('web', 'web', T0 + 60_000)], [['node', 'pod', 'web', 'wl']], 'node-1'],
    ['replicas of one workload crash-looping on different nodes join; the workload is named (no alert on it)',
      [on('p1', 'api-1', T0), on('p2', 'api-2', T0 + 5000), on('p3', 'api-3', T0 + 9000)], [['p1', 'p2', 'p3']], 'api'],
    ['two failed nodes hosting pods of one workload stay apart (a shared whole is not a path between its parts)',
      [on('n1', 'node-1', T0), on('a1', 'api-1', T0 + 1000), on('n2', 'node-2', T0 + 2000), on('a2', 'api-2', T0 + 3000)], [['a1', 'n1'], ['a2', 'n2']], undefined],
    ['a namespace or cluster is never the upstream of what is in it',
      [on('pod', 'other-1', T0), on('ns', 'ns', T0 + 1000), on('cl', 'cluster', T0 + 2000)], [['cl'], ['ns'], ['pod']], undefined],
  ] as const)('%s', (_name, events, expected, wantRoot) => {
    const out = run(engineFor({}, k8sShop()), events);
    expect(finalGroups(out)).toEqual(expected);
    if (wantRoot !== undefined) expect(root(out)).toBe(wantRoot);
  });

  it.each([
    ['composite', [['p1', 'p2', 'p3']]],
    ['stored', [['p1'], ['p2'], ['p3']]], // as stored, pods of one workload do not meet
  ] as const)('partOfFlow %s', (partOfFlow, expected) => {
    const out = run(engineFor({ grouping: { partOfFlow } }, k8sShop()), [on('p1', 'api-1', T0), on('p2', 'api-2', T0 + 5000), on('p3', 'api-3', T0 + 9000)]);
    expect(finalGroups(out)).toEqual(expected);
  });

  it.each([
    [0.7, 2, [['p1', 'p2']], 'api'],
    [0, 2, [['p1'], ['p2']], 'api-2'], // sibling join off
    [0.7, 0, [['p1', 'p2']], 'api-1'], // whole ranking off: a part is named
  ] as const)('partSiblingScore %d, wholeRootMinParts %i', (partSiblingScore, wholeRootMinParts, expected, wantRoot) => {
    const out = run(engineFor({ grouping: { partSiblingScore, wholeRootMinParts } }, k8sShop()), [on('p1', 'api-1', T0), on('p2', 'api-2', T0 + 5000)]);
    expect(finalGroups(out)).toEqual(expected);
    expect(root(out)).toBe(wantRoot);
  });
});

describe('a part and its whole: joins (partJoinsWholeScore) and the name reported (rootNamesWhole)', () => {
  // api has four replicas; solo has one
  const shop1 = (): ConfigurationItem[] => [...k8sShop(), ci('solo', 'k8s_workload', [['part_of', 'ns']]), ci('solo-1', 'k8s_pod', [['part_of', 'solo'], ['runs_on', 'node-3']])];
  const last = (out: EngineOutput) => out.groups.filter((x) => x.closeReason !== 'merged').at(-1);
  it.each([
    // [case, partJoinsWholeScore, events, expected groups]
    ['off: the workload alert first, its pod\'s alert in the same second opens a group of its own', 0,
      [on('wl', 'api', T0), on('p', 'api-1', T0)], [['p'], ['wl']]],
    ['on: the pod joins the group its workload leads', 0.9,
      [on('wl', 'api', T0), on('p', 'api-1', T0)], [['p', 'wl']]],
    ['on: a pod starting past lateCauseMs after its workload is a new failure', 0.9,
      [on('wl', 'api', T0), on('p', 'api-1', T0 + 10 * 60_000)], [['p'], ['wl']]],
    ['on: not when the workload is in the group as a victim of another root (a failed node)', 0.9,
      [on('n', 'node-1', T0), on('p1', 'api-1', T0 + 1000), on('wl', 'api', T0 + 2000), on('p2', 'api-2', T0 + 3000)], [['n', 'p1', 'wl'], ['p2']]],
  ] as const)('%s', (_name, partJoinsWholeScore, events, expected) => {
    const out = run(engineFor({ grouping: { partJoinsWholeScore } }, shop1()), events);
    expect(finalGroups(out)).toEqual(expected);
  });

  it.each([
    // [rootNamesWhole, events, reported root, second candidate]
    ['off', 'the only replica alerts: the pod', [on('s', 'solo-1', T0)], 'solo-1', undefined],
    ['sole', 'the only replica alerts: its workload, one failure domain', [on('s', 'solo-1', T0)], 'solo', 'solo-1'],
    ['sole', 'one replica of four: the pod', [on('p', 'api-1', T0)], 'api-1', undefined],
    ['sole', 'one replica of four and its workload alert: the pod', [on('p', 'api-1', T0), on('wl', 'api', T0 + 1000)], 'api-1', undefined],
    ['alerting', 'the workload alerts with its only alerting pod: the workload', [on('p', 'api-1', T0), on('wl', 'api', T0 + 1000)], 'api', 'api-1'],
    ['alerting', 'the only replica alerts, its workload silent: the pod', [on('s', 'solo-1', T0)], 'solo-1', undefined],
    ['either', 'the only replica alerts: its workload', [on('s', 'solo-1', T0)], 'solo', 'solo-1'],
    ['either', 'two pods alert: the workload (wholeRootMinParts)', [on('p1', 'api-1', T0), on('p2', 'api-2', T0 + 1000), on('wl', 'api', T0 + 2000)], 'api', undefined],
    ['either', 'the leader is no part: unchanged', [on('n', 'node-1', T0), on('p', 'api-1', T0 + 1000), on('wl', 'api', T0 + 2000)], 'node-1', undefined],
  ] as const)('rootNamesWhole %s: %s', (rootNamesWhole, _name, events, want, second) => {
    const g = last(run(engineFor({ grouping: { rootNamesWhole } }, shop1()), events));
    expect(g?.rootCause?.ciId).toBe(want);
    if (second !== undefined) expect(g?.candidates[1]?.ciId).toBe(second);
  });
});

describe('a whole failing in its own parts is not merged as explained (grouping.explainedOwnPartsApart)', () => {
  // api, w2 and w3 all need db; api's replicas run on node-1..3, w2's on node-2, w3's on node-4
  const shop2 = (): ConfigurationItem[] => {
    const items = [ci('cluster', 'k8s_cluster'), ci('ns', 'k8s_namespace', [['part_of', 'cluster']]), ci('db', 'database')];
    for (let n = 1; n <= 4; n++) items.push(ci(`node-${n}`, 'host', [['part_of', 'cluster']]));
    for (const w of ['api', 'w2', 'w3']) items.push(ci(w, 'k8s_workload', [['part_of', 'ns'], ['depends_on', 'db']]));
    for (let p = 1; p <= 3; p++) items.push(ci(`api-${p}`, 'k8s_pod', [['part_of', 'api'], ['runs_on', `node-${p}`]]));
    items.push(ci('w2-1', 'k8s_pod', [['part_of', 'w2'], ['runs_on', 'node-2']]), ci('w3-1', 'k8s_pod', [['part_of', 'w3'], ['runs_on', 'node-4']]));
    return items;
  };
  // api and its replicas fail (a bad rollout), node-4 fails, w2 alerts, then w3 (through its pod on node-4): three
  // dependents of db alerting make db a suspect, and w3's alert in node-4's group would take the groups of api and w2
  const rest = [on('n', 'node-4', T0 + 20_000), on('w2', 'w2', T0 + 30_000), on('w3', 'w3', T0 + 60_000)];
  const two = [on('wl', 'api', T0), on('p1', 'api-1', T0 + 5000), on('p2', 'api-2', T0 + 8000), ...rest];
  it.each([
    // [case, explainedOwnPartsApart, events, expected groups]
    ['off: the rollout\'s group follows the node', 0, two, [['n', 'p1', 'p2', 'w2', 'w3', 'wl']]],
    ['two replicas failing across nodes: the workload\'s own failure stays apart', 2, two, [['n', 'w2', 'w3'], ['p1', 'p2', 'wl']]],
    ['fewer replicas alerting than the threshold: merged as before', 3, two, [['n', 'p1', 'p2', 'w2', 'w3', 'wl']]],
  ] as const)('%s', (_name, explainedOwnPartsApart, events, expected) => {
    const out = run(engineFor({ grouping: { explainedOwnPartsApart, partJoinsWholeScore: 0.9 } }, shop2()), events);
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('duplicate CIs under one key (grouping.duplicatesByJoin)', () => {
  // two Deployments named "api" in the same cluster and namespace (a duplicate record): only api-b's pod runs on node-2
  const dupShop = (): ConfigurationItem[] => [
    ci('node-1', 'host'),
    ci('node-2', 'host'),
    ci('api-a', 'k8s_workload', [], { name: 'api', attributes: { namespace: 'ns', cluster: 'c1' } }),
    ci('api-b', 'k8s_workload', [], { name: 'api', attributes: { namespace: 'ns', cluster: 'c1' } }),
    ci('pod-a', 'k8s_pod', [['part_of', 'api-a'], ['runs_on', 'node-1']]),
    ci('pod-b', 'k8s_pod', [['part_of', 'api-b'], ['runs_on', 'node-2']]),
  ];
  const wl = (at: number) => ev('wl', at, { resource: { workload: 'api', namespace: 'ns', cluster: 'c1' } });
  it.each([
    [true, [on('pb', 'pod-b', T0), wl(T0 + 30_000)], 'api-b', [['pb', 'wl']]],
    [false, [on('pb', 'pod-b', T0), wl(T0 + 30_000)], 'api-a', [['pb'], ['wl']]],
    [true, [wl(T0)], 'api-a', [['wl']]], // nothing alerting around: the matcher's choice
  ] as const)('on=%s', (duplicatesByJoin, events, wantCi, expected) => {
    const out = run(engineFor({ grouping: { duplicatesByJoin } }, dupShop()), events);
    expect(lastAlert(out, 'wl')?.ci?.id).toBe(wantCi);
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('suspected root alerting (grouping.suspectedRootScore)', () => {
  // X: two replicas of api crash (api-1 on node-1); Y: three other pods on node-1 fail together (node-1 suspected, silent)
  const items = (): ConfigurationItem[] => [...k8sShop(), ci('solo-1', 'k8s_pod', [['runs_on', 'node-1']]), ci('solo-2', 'k8s_pod', [['runs_on', 'node-1']])];
  const events = () => [
    on('a1', 'api-1', T0), on('a2', 'api-2', T0 + 5000),
    on('o1', 'other-1', T0 + 60_000), on('s1', 'solo-1', T0 + 65_000), on('s2', 'solo-2', T0 + 70_000),
    on('n1', 'node-1', T0 + 90_000),
  ];
  it.each([
    [0.97, [['a1', 'a2'], ['n1', 'o1', 's1', 's2']]], // the node joins the group that already names it
    [0, [['a1', 'a2', 'n1', 'o1', 's1', 's2']]], // off: the older group, where it is merely upstream of api-1 (and, now alerting, it pulls the group that named it silently: mergeRootChains)
  ] as const)('score %d', (suspectedRootScore, expected) => {
    const out = run(engineFor({ grouping: { suspectedRootScore, lateRootOfMemberScore: 0 } }, items()), events());
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('accumulated evidence (grouping.pathBonus)', () => {
  it.each([
    [0.01, [['a1', 'n1', 'wl'], ['a3']]], // api depends on two members of the newer group (api-1 and its node) and one of the older
    [0, [['a1', 'n1'], ['a3', 'wl']]], // off: equal paths, the older group (recentCauseFirst off: it would take the newer one)
  ] as const)('pathBonus %d', (pathBonus, expected) => {
    const events = [on('a3', 'api-3', T0), on('n1', 'node-1', T0 + 10_000), on('a1', 'api-1', T0 + 20_000), on('wl', 'api', T0 + 30_000)];
    const out = run(engineFor({ grouping: { pathBonus, recentCauseFirst: false } }, k8sShop()), events);
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('late root upstream of a composite member only (grouping.lateRootOfMemberScore)', () => {
  // X: two replicas of api crash (root candidate: the api Deployment); Y: a pod of another workload on node-1
  const events = () => [on('a1', 'api-1', T0), on('a2', 'api-2', T0 + 5000), on('o1', 'other-1', T0 + 60_000), on('n1', 'node-1', T0 + 90_000)];
  it.each([
    [0.8, [['a1', 'a2'], ['n1', 'o1']]], // node-1 explains Y's root; in X it only runs one replica of api
    [0, [['a1', 'a2', 'n1', 'o1']]], // off: the older group wins the tie, then swallows Y (node-1 explains it)
  ] as const)('score %d', (lateRootOfMemberScore, expected) => {
    const out = run(engineFor({ grouping: { lateRootOfMemberScore } }, k8sShop()), events());
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('a silent root whose own parts fail elsewhere (grouping.silentRootFollowsCause)', () => {
  // (calleePartsScore off: the callers would join P directly through api's failing pod)
  // P: four pods on node-1 fail (node-1 suspected, silent), api-1 among them. S: three callers of api fail
  // (api suspected, silent). Then api alerts: it is degraded by its own pod in P, so S is P's too.
  const items = (): ConfigurationItem[] => [
    ...k8sShop(), ci('solo-1', 'k8s_pod', [['runs_on', 'node-1']]), ci('solo-2', 'k8s_pod', [['runs_on', 'node-1']]),
    ci('web2', 'k8s_workload', [['depends_on', 'api']]), ci('web3', 'k8s_workload', [['depends_on', 'api']]),
  ];
  const events = (callersAt: number) => [
    on('a1', 'api-1', T0), on('o1', 'other-1', T0 + 2000), on('s1', 'solo-1', T0 + 4000), on('s2', 'solo-2', T0 + 6000),
    on('c1', 'web', T0 + callersAt), on('c2', 'web2', T0 + callersAt + 5000), on('c3', 'web3', T0 + callersAt + 10_000),
    on('wl', 'api', T0 + callersAt + 30_000),
  ];
  const P = ['a1', 'o1', 's1', 's2'];
  const S = ['c1', 'c2', 'c3', 'wl'];
  it.each([
    [true, 20_000, [[...P, ...S].sort()]], // api is degraded by its pod on node-1: its callers' group follows it there
    [false, 20_000, [P, S]], // off: api joins the group that names it
    [true, 6 * MIN, [P, S]], // the callers started long after the node's pods: not one failure
    [false, 6 * MIN, [P, S]],
  ] as const)('on=%s, callers at +%i ms', (silentRootFollowsCause, callersAt, expected) => {
    const out = run(engineFor({ grouping: { silentRootFollowsCause, calleePartsScore: 0 } }, items()), events(callersAt));
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('a whole alerting before the part that ties it to a failure (grouping.partCauseTakesWhole, silentPartCauseTakesWhole)', () => {
  // `other` (pods other-1 on node-1, other-2 on node-2) alerts first; node-1 fails a minute later, and
  // its pod other-1 alerts (or stays silent): the workload's group is an effect of the node's failure
  const events = (podAt: number | null) => [
    on('wl', 'other', T0), on('n1', 'node-1', T0 + MIN), ...(podAt === null ? [] : [on('p1', 'other-1', T0 + podAt)]),
  ];
  it.each([
    [true, false, 90_000, [['n1', 'p1', 'wl']]], // the pod joins the node's group: the workload's group follows
    [false, false, 90_000, [['n1', 'p1'], ['wl']]], // off: one part never merges its whole's group
    [true, false, 4 * MIN, [['n1', 'p1'], ['wl']]], // the part failed more than lateCauseMs after the workload's group opened
    [true, true, null, [['n1', 'wl']]], // the pod stays silent: the node's own alert brings the workload's group
    [true, false, null, [['n1'], ['wl']]],
  ] as const)('part %s, silent part %s, pod at +%s ms', (partCauseTakesWhole, silentPartCauseTakesWhole, podAt, expected) => {
    const out = run(engineFor({ grouping: { partCauseTakesWhole, silentPartCauseTakesWhole } }, k8sShop()), events(podAt));
    expect(finalGroups(out)).toEqual(expected);
  });

  it.each([
    [true, [['a1', 'n1', 'web']]], // web calls api, whose pod on node-1 fails: web's earlier group follows too
    [false, [['a1', 'n1'], ['web']]],
  ] as const)('callers of the whole (partCauseTakesCallers=%s)', (partCauseTakesCallers, expected) => {
    const events = [on('web', 'web', T0), on('n1', 'node-1', T0 + MIN), on('a1', 'api-1', T0 + 90_000)];
    const out = run(engineFor({ grouping: { partCauseTakesCallers, calleePartsScore: 0 } }, k8sShop()), events);
    expect(finalGroups(out)).toEqual(expected);
  });

  it('a whole with another part alerting stays apart from the node\'s group (its own failure: a bad rollout)', () => {
    const events = [on('wl', 'api', T0), on('a2', 'api-2', T0 + 5000), on('n1', 'node-1', T0 + MIN), on('a1', 'api-1', T0 + 90_000)];
    const out = run(engineFor({ grouping: { partCauseTakesWhole: true } }, k8sShop()), events);
    expect(finalGroups(out)).toEqual([['a1', 'n1'], ['a2', 'wl']]); // a2 joins its workload's group (partJoinsWholeScore)
  });
});

describe('a late root of its callers whose own part failed first (grouping.explainedFollowsCause)', () => {
  // node-1 fails (other-1 on it alerts; api-1 on it stays silent); web, which calls api, alerts and opens
  // its own group; then api alerts: it explains web's group, and its own pod's node explains it
  const events = (webAt: number) => [
    on('n1', 'node-1', T0), on('o1', 'other-1', T0 + 1000), on('web', 'web', T0 + webAt), on('api', 'api', T0 + webAt + 30_000),
  ];
  it.each([
    [true, MIN, [['api', 'n1', 'o1', 'web']]], // api joins the node's group, web's group follows
    [false, MIN, [['api', 'web'], ['n1', 'o1']]], // off: api joins the group it is the late root of
    [true, 6 * MIN, [['api', 'web'], ['n1', 'o1']]], // web's group opened more than suspectWindowMs after the node's
  ] as const)('on=%s, web at +%i ms', (explainedFollowsCause, webAt, expected) => {
    const out = run(engineFor({ grouping: { explainedFollowsCause, calleePartsScore: 0 } }, k8sShop()), events(webAt));
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('a caller of a composite whose parts fail (grouping.calleePartsScore, calleePartsMinShare)', () => {
  // node-1 fails with api-1 on it; web calls api, which has no alert of its own (4 replicas)
  const events = () => [on('n1', 'node-1', T0), on('a1', 'api-1', T0 + 1000), on('web', 'web', T0 + 30_000)];
  it.each([
    [0.85, 0, [['a1', 'n1', 'web']]], // web -> api -> api-1 failing in the node's group
    [0, 0, [['a1', 'n1'], ['web']]], // off: a caller does not reach its callee's parts
    [0.85, 0.5, [['a1', 'n1'], ['web']]], // one replica of four is not enough at a 50 % share
  ] as const)('score %d, min share %d', (calleePartsScore, calleePartsMinShare, expected) => {
    const out = run(engineFor({ grouping: { calleePartsScore, calleePartsMinShare } }, k8sShop()), events());
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('a suspected root detected late (grouping.suspectedRootLateMs)', () => {
  // three pods on node-1 fail together (node-1 suspected, silent); node-1's own alert comes 4 minutes later
  const items = (): ConfigurationItem[] => [...k8sShop(), ci('solo-1', 'k8s_pod', [['runs_on', 'node-1']]), ci('solo-2', 'k8s_pod', [['runs_on', 'node-1']])];
  const events = (nodeAt: number) => [on('o1', 'other-1', T0), on('s1', 'solo-1', T0 + 5000), on('s2', 'solo-2', T0 + 10_000), on('n1', 'node-1', T0 + nodeAt)];
  it.each([
    [5 * MIN, 4 * MIN, [['n1', 'o1', 's1', 's2']]], // within the suspicion window: the group's home
    [-1, 4 * MIN, [['n1'], ['o1', 's1', 's2']]], // lateCauseMs (3 min): a new failure of the node
    [5 * MIN, 6 * MIN, [['n1'], ['o1', 's1', 's2']]],
  ] as const)('%i ms, node alert at +%i ms', (suspectedRootLateMs, nodeAt, expected) => {
    const out = run(engineFor({ grouping: { suspectedRootLateMs } }, items()), events(nodeAt));
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('the most recent of several failing upstreams (grouping.recentCauseFirst)', () => {
  // db has been failing for 5 minutes (its own group); then api fails (another group); then front, which calls both
  const items = (): ConfigurationItem[] => [...k8sShop(), ci('db', 'database'), ci('front', 'k8s_workload', [['depends_on', 'api'], ['depends_on', 'db']])];
  const events = () => [on('db', 'db', T0), on('api', 'api', T0 + 5 * MIN), on('front', 'front', T0 + 5 * MIN + 30_000)];
  it.each([
    [true, [['api', 'front'], ['db']]], // front broke right after api did
    [false, [['api'], ['db', 'front']]], // off: equal paths, the older group
  ] as const)('on=%s', (recentCauseFirst, expected) => {
    const out = run(engineFor({ grouping: { recentCauseFirst } }, items()), events());
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('a second failure reaching an alerting CI (grouping.sameCiIsCause)', () => {
  // db fails and front (which calls db and api) alerts with it; 8 minutes later api fails and front raises a new alert
  const items = (): ConfigurationItem[] => [...k8sShop(), ci('db', 'database'), ci('front', 'k8s_workload', [['depends_on', 'api'], ['depends_on', 'db']])];
  const events = () => [on('db', 'db', T0), on('f1', 'front', T0 + 30_000), on('api', 'api', T0 + 8 * MIN), on('f2', 'front', T0 + 8 * MIN + 30_000)];
  it.each([
    [true, true, [['api', 'f2'], ['db', 'f1']]], // api started after front's first alert: the new effect is api's
    [false, true, [['api'], ['db', 'f1', 'f2']]], // off: the same CI wins whatever the timing
    [true, false, [['api'], ['db', 'f1', 'f2']]], // needs recentCauseFirst
  ] as const)('on=%s, recentCauseFirst=%s', (sameCiIsCause, recentCauseFirst, expected) => {
    const out = run(engineFor({ grouping: { sameCiIsCause, recentCauseFirst } }, items()), events());
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('weak hub cause (weakHubMinDependents)', () => {
  const warn = (fp: string, ciId: string, at: number) => on(fp, ciId, at, { severity: 'warning' });
  const crit = (fp: string, ciId: string, at: number) => on(fp, ciId, at, { severity: 'critical' });
  it.each([
    // a warning on the core switch does not explain a critical failure on one host below it
    { why: 'warning hub, one critical host: apart', cfg: { weakHubMinDependents: 10 }, events: [warn('sw', 'sw-core', T0), crit('h4', 'host-4', T0 + MIN)], groups: [['h4'], ['sw']] },
    { why: 'rule off: the host joins the hub', cfg: { weakHubMinDependents: 0 }, events: [warn('sw', 'sw-core', T0), crit('h4', 'host-4', T0 + MIN)], groups: [['h4', 'sw']] },
    // the hub alerts severely: it failed, the host is its effect
    { why: 'critical hub: joins', cfg: { weakHubMinDependents: 10 }, events: [crit('sw', 'sw-core', T0), crit('h4', 'host-4', T0 + MIN)], groups: [['h4', 'sw']] },
    // a mild alert downstream of a mild hub alert: no contrast of severity
    { why: 'warning hub, warning host: joins', cfg: { weakHubMinDependents: 10 }, events: [warn('sw', 'sw-core', T0), warn('h4', 'host-4', T0 + MIN)], groups: [['h4', 'sw']] },
    // three other hosts below the hub went down just before: the hub took them down, whatever its own alert says
    {
      why: 'many dependents down together: the last joins the hub',
      cfg: { weakHubMinDependents: 10 },
      events: [warn('sw', 'sw-core', T0), crit('h1', 'host-1', T0 + 10_000), crit('h2', 'host-2', T0 + 20_000), crit('h3', 'host-3', T0 + 30_000), crit('h4', 'host-4', T0 + 40_000)],
      joined: 'h4',
    },
  ] as const)('$why', (c) => {
    const out = run(engineFor({ grouping: c.cfg }), [...c.events]);
    const groups = finalGroups(out);
    if ('groups' in c) expect(groups).toEqual(c.groups);
    else expect(groups.find((g) => g.includes(c.joined))).toContain('sw');
  });
});

describe('a symptom still spreading (no CMDB, spreadingScore)', () => {
  // one availability zone failing: four instances fail their status check within 2 min, three more
  // trickle in 4.5, 5 and 8 min later; nothing but the symptom is shared (no host, no service in common)
  const at = [0, 0.5, 1, 1.5, 6, 6.5, 9.5].map((m) => T0 + m * MIN);
  const zone = at.map((t, i) => ev(`z${i}`, t, { title: `Instance i-0${i}a7 status check failed`, labels: { alertname: 'StatusCheckFailed', host: `i-0${i}a7` } }));
  const other = ev('x', T0 + 8 * MIN, { title: 'Queue depth above 1000', labels: { alertname: 'QueueDepth', service: 'billing' } });
  it.each([
    ['off (default): past noTopologyWindowMs the later instances open groups of their own', {}, [['x'], ['z0', 'z1', 'z2', 'z3'], ['z4', 'z5'], ['z6']]],
    ['on: the same symptom within spreadingRecentMs keeps joining the group it opened', { spreadingScore: 0.5 }, [['x'], ['z0', 'z1', 'z2', 'z3', 'z4', 'z5', 'z6']]],
    ['on, but the trickle 4.5 min apart exceeds spreadingRecentMs 2 min: split as before', { spreadingScore: 0.5, spreadingRecentMs: 2 * MIN }, [['x'], ['z0', 'z1', 'z2', 'z3'], ['z4', 'z5'], ['z6']]],
  ])('%s', (_why, grouping: CorrelateConfigInput['grouping'], expected) => {
    const out = run(engineFor({ grouping: { burstScore: 0, ...grouping } }, []), [...zone, other].sort((a, b) => a.occurredAt - b.occurredAt));
    expect(finalGroups(out).map((g) => [...g].sort()).sort()).toEqual(expected);
  });
  it('a symptom the group did not open with does not spread (spreadingFirstMembers 1)', () => {
    const evs = [
      ev('a', T0, { title: 'Replication broken on db-7', labels: { alertname: 'Replication', host: 'db-7' } }),
      ev('b', T0 + 30_000, { title: 'Pod cart-1 not ready', labels: { alertname: 'PodNotReady', host: 'db-7' } }),
      ev('c', T0 + 5.5 * MIN, { title: 'Pod orders-2 not ready', labels: { alertname: 'PodNotReady', host: 'node-9' } }),
    ];
    const out = run(engineFor({ grouping: { burstScore: 0, spreadingScore: 0.5 } }, []), evs);
    expect(finalGroups(out).map((g) => [...g].sort()).sort()).toEqual([['a', 'b'], ['c']]);
  });
});

describe('the root of an outage still being felt before a more recent member of another failure (grouping.fanRootFirst)', () => {
  // sso fails and two of its direct dependents follow; 6 minutes later base fails and mid (which needs base) with it;
  // then front, which needs both sso and mid, alerts
  const items = (): ConfigurationItem[] => [
    ci('sso', 'application'), ci('d1', 'application', [['depends_on', 'sso']]), ci('d2', 'application', [['depends_on', 'sso']]),
    ci('base', 'database'), ci('mid', 'application', [['depends_on', 'base']]),
    ci('front', 'application', [['depends_on', 'sso'], ['depends_on', 'mid']]),
  ];
  const events = (dependents: boolean) => [
    on('sso', 'sso', T0), ...(dependents ? [on('d1', 'd1', T0 + 30_000), on('d2', 'd2', T0 + 60_000)] : []),
    on('base', 'base', T0 + 6 * MIN), on('mid', 'mid', T0 + 6 * MIN + 30_000), on('front', 'front', T0 + 7 * MIN),
  ];
  it.each([
    [true, true, [['base', 'mid'], ['d1', 'd2', 'front', 'sso']]], // sso's outage is being felt by its dependents: front is one more
    [false, true, [['base', 'front', 'mid'], ['d1', 'd2', 'sso']]], // off: the more recent cause (mid)
    [true, false, [['base', 'front', 'mid'], ['sso']]], // sso took no dependents down: no outage being felt, recency decides
  ] as const)('on=%s, dependents alerting=%s', (fanRootFirst, dependents, expected) => {
    const out = run(engineFor({ grouping: { fanRootFirst } }, items()), events(dependents));
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('two groups one symptom seeded at once (no CMDB, linkCoincidentMs)', () => {
  // a failed node's pods: the first two alerts read too unlike to join each other (cosine 0.7), so each
  // seeds a group; a third reads like both (cosine 0.877 each: similarity score 0.70, below linkMinScore)
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike'];
  const text = (from: number, to: number) => words.slice(from, to).join(' ');
  const evs = (gapMs: number) => [
    ev('a', T0, { title: text(0, 10), labels: { alertname: 'A' } }),
    ev('b', T0 + gapMs, { title: text(3, 13), labels: { alertname: 'B' } }),
    ev('x', T0 + gapMs + 5000, { title: text(0, 13), labels: { alertname: 'X' } }),
  ];
  it.each([
    ['on (default): groups opened 10 s apart merge through the look-alike', {}, 10_000, [['a', 'b', 'x']]],
    ['off: the look-alike joins the older group only', { linkCoincidentMs: 0 }, 10_000, [['a', 'x'], ['b']]],
    ['groups opened further apart than linkCoincidentMs stay apart', { linkCoincidentMs: 5000 }, 10_000, [['a', 'x'], ['b']]],
    ['a look-alike below linkCoincidentMinScore does not link', { linkCoincidentMinScore: 0.75 }, 10_000, [['a', 'x'], ['b']]],
  ])('%s', (_why, grouping: CorrelateConfigInput['grouping'], gapMs, expected) => {
    const out = run(engineFor({ grouping: { burstScore: 0, ...grouping } }, []), evs(gapMs));
    expect(finalGroups(out)).toEqual(expected);
  });
});

describe('one poll finding several subjects dead (no CMDB, samePollMs)', () => {
  // an availability poller's cycle: each device's name masks differently, so the texts are no look-alikes
  const dev = (fp: string, device: string, at: number) =>
    ev(fp, at, { title: `Device ${device} unreachable (3/3 polls lost)`, labels: { alertname: 'icmp', check: 'icmp', device, poller: 'poller-dc2' }, resource: { host: `10.2.0.${fp.charCodeAt(0)}` } });
  const evs = (gapMs: number) => [dev('a', 'sw-acc-13-01', T0), dev('b', 'dc2-core-01', T0 + gapMs), dev('c', 'fw7', T0 + 2 * gapMs)];
  it.each([
    ['on: one cycle\'s detections are one group', { samePollMs: 3000 }, 0, [['a', 'b', 'c']]],
    ['on: seconds apart within the window', { samePollMs: 3000 }, 1000, [['a', 'b', 'c']]],
    ['off: only the two names that mask alike ("dc2-core-01", "fw7") join', { samePollMs: 0 }, 0, [['a'], ['b', 'c']]],
    ['two polls apart: two detections, apart', { samePollMs: 3000 }, 2 * 60_000, [['a'], ['b'], ['c']]],
  ])('%s', (_why, grouping: CorrelateConfigInput['grouping'], gapMs, expected) => {
    const out = run(engineFor({ grouping: { burstMinOnsets: 50, ...grouping } }, []), evs(gapMs));
    expect(finalGroups(out)).toEqual(expected);
  });
});
