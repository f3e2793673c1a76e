import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '@aiops/model';
import { createCmdbGraph } from './graph.js';
import { createCiMatcher, DEFAULT_MATCH_RULES, workloadOfPod } from './matcher.js';
import { parseCmdbCsv, parseCmdbJson } from './parse.js';

function ci(id: string, type: string, rel: Array<[string, string]> = [], extra: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'depends_on', target })), ...extra };
}

const items = [
  ci('bs', 'business_service'),
  ci('web', 'application', [['part_of', 'bs'], ['depends_on', 'db'], ['runs_on', 'h1']], { attributes: { service: 'web' }, environment: 'prod' }),
  ci('api', 'application', [['part_of', 'bs'], ['depends_on', 'db'], ['runs_on', 'h2']], { environment: 'prod' }),
  ci('db', 'database', [['runs_on', 'h3']]),
  ci('h1', 'host', [['connected_to', 'sw']], { name: 'web-01', attributes: { fqdn: 'web-01.dc1.example.net', ip: '10.0.0.1' } }),
  ci('h2', 'host', [['connected_to', 'sw']], { name: 'api-01', aliases: ['API-01.legacy'] }),
  ci('h3', 'host', [['connected_to', 'sw']], { name: 'db-01' }),
  ci('sw', 'network'),
  ci('w-a', 'k8s_workload', [], { name: 'checkout', attributes: { namespace: 'shop', cluster: 'eu' } }),
  ci('w-b', 'k8s_workload', [], { name: 'checkout', attributes: { namespace: 'shop', cluster: 'us' } }),
  ci('ns', 'k8s_namespace', [], { name: 'eu/shop', attributes: { namespace: 'shop', cluster: 'eu' } }),
];

describe('graph', () => {
  const g = createCmdbGraph(items);
  it('walks upstream and downstream with hop limits', () => {
    expect(g.dependenciesOf('web').map((r) => [r.id, r.hops])).toEqual([['bs', 1], ['db', 1], ['h1', 1], ['h3', 2], ['sw', 2]]);
    expect(g.dependenciesOf('web', 1).map((r) => r.id)).toEqual(['bs', 'db', 'h1']);
    expect(g.dependentsOf('db').map((r) => r.id).sort()).toEqual(['api', 'web']);
  });
  it('finds business services of infrastructure through what depends on it', () => {
    expect(g.businessServicesOf('h3')).toEqual(['bs']);
    expect(g.businessServicesOf('sw')).toEqual(['bs']);
  });
  it('finds paths and siblings', () => {
    expect(g.path('web', 'api', 3)).toEqual(['web', 'bs', 'api']);
    expect(g.path('web', 'w-a', 6)).toBeNull();
    expect(g.siblingsOf('h1')).toEqual(['h2', 'h3']);
    expect(g.siblingsOf('web')).toEqual(['api']);
  });
  it('upsert and remove keep both directions consistent', () => {
    const x = createCmdbGraph(items);
    x.upsert(ci('web', 'application', [['depends_on', 'h2']]));
    expect(x.dependentsOf('db').map((r) => r.id)).toEqual(['api']);
    expect(x.remove('api')).toBe(true);
    expect(x.dependentsOf('db')).toEqual([]);
    expect(x.size).toBe(items.length - 1);
  });
});

describe('CI matching', () => {
  const m = createCiMatcher(createCmdbGraph(items));
  it.each([
    ['explicit id', { ci: 'db' }, {}, 'db', 'explicit_id'],
    ['FQDN', { host: 'web-01.dc1.example.net' }, {}, 'h1', 'fqdn'],
    ['short name of an FQDN', { host: 'db-01.dc9.example.net' }, {}, 'h3', 'short_name'],
    ['alias, case-insensitive', { host: 'api-01.LEGACY' }, {}, 'h2', 'alias'],
    ['instance without port', { instance: '10.0.0.1' }, { instance: '10.0.0.1:9100' }, 'h1', 'ip'],
    ['service + environment', { service: 'web', environment: 'prod' }, {}, 'web', 'service_env'],
    ['service over the scrape host', { service: 'api', instance: 'api-01' }, {}, 'api', 'service'],
    ['pod -> workload in its cluster', { namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x4q', cluster: 'us' }, {}, 'w-b', 'k8s_workload'],
    ['namespace', { namespace: 'shop', cluster: 'eu' }, {}, 'ns', 'k8s_namespace'],
    ['labels when hints are missing', {}, { hostname: 'web-01' }, 'h1', 'hostname'],
    ['a scrape target instance is the host', { instance: '10.0.0.1' }, { job: 'node', instance: '10.0.0.1:9100' }, 'h1', 'ip'],
  ])('%s', (_n, hints, labels, id, method) => {
    expect(m.match(hints, labels)).toMatchObject({ id, method });
  });
  describe('fallbacks for what the typed rules miss (name, display_name, label)', () => {
    const more = [
      ...items,
      ci('fn', 'serverless_function', [], { name: 'orders-ingest' }),
      ci('nat', 'network', [], { name: 'nat-0abc123' }),
      ci('tax', 'application', [], { name: 'TAX Svc' }),
      ci('az', 'availability_zone', [], { name: 'eu-west-1b' }),
      ci('team-ci', 'application', [], { name: 'payments' }),
      ci('dup-a', 'application', [], { name: 'Report Gen' }),
      ci('dup-b', 'application', [], { name: 'report-gen' }),
      ci('lb9', 'load_balancer', [], { name: 'lb-9' }),
      ci('vip', 'load_balancer', [['runs_on', 'lb9']], { name: 'vip-tax', aliases: ['/Common/tax_vs'] }),
    ];
    const all = createCiMatcher(createCmdbGraph(more));
    it.each([
      ['a function by its exact name, any case', { service: 'Orders-Ingest' }, {}, 'fn', 'name'],
      ['a NAT gateway (network type) named by a service hint', { service: 'nat-0abc123' }, {}, 'nat', 'name'],
      ['an application registered under its display name', { service: 'tax-svc' }, {}, 'tax', 'display_name'],
      ['display name from a snake_case tag', { service: 'tax_svc' }, {}, 'tax', 'display_name'],
      ['a zone named only in a label', { service: 'EC2' }, { alertname: 'AWS_EC2_OPERATIONAL_ISSUE', availabilityZone: 'eu-west-1b' }, 'az', 'label'],
      ['a device and what runs on it named in labels: what runs on it', {}, { device: 'lb-old-name', trap_source: 'lb-9', ifName: '/Common/tax_vs' }, 'vip', 'label'],
    ])('%s', (_n, hints, labels, id, method) => {
      expect(all.match(hints, labels)).toMatchObject({ id, method });
    });
    it.each([
      ['a slug two CIs share is ambiguous', { service: 'report_gen' }, {}],
      ['a team label is not a resource', {}, { alertname: 'x', team: 'payments' }],
      ['two CIs named in labels: no guess', {}, { zone: 'eu-west-1b', function: 'orders-ingest' }],
    ])('%s: no match', (_n, hints, labels) => {
      expect(all.match(hints, labels)).toBeNull();
    });
    it('each fallback is switched off by leaving it out of the rules', () => {
      const typed = createCiMatcher(createCmdbGraph(more), ['service', 'hostname', 'alias']);
      expect(typed.match({ service: 'orders-ingest' })).toBeNull();
      expect(typed.match({ service: 'tax-svc' })).toBeNull();
      expect(typed.match({}, { availabilityZone: 'eu-west-1b' })).toBeNull();
    });
  });
  describe('a host hint against a service hint (hostOverService)', () => {
    const estate = [
      ci('app-chk', 'application', [['runs_on', 'vm-chk'], ['depends_on', 'db-chk']], { name: 'checkout' }),
      ci('app-dns', 'application', [['runs_on', 'vm-dns']], { name: 'dns-resolvers' }),
      ci('vm-chk', 'vm', [], { name: 'chk-app-01' }),
      ci('vm-dns', 'vm', [], { name: 'dns-01' }),
      ci('db-chk', 'host', [], { name: 'chk-db-01' }),
      ci('poller', 'host', [], { name: 'nagios-01' }),
    ];
    const on = createCiMatcher(createCmdbGraph(estate));
    const off = createCiMatcher(createCmdbGraph(estate), DEFAULT_MATCH_RULES, { hostOverService: false });
    it.each([
      ['a check on the database host the application depends on', 'chk-db-01', { service: 'checkout', alertname: 'MySQL replication' }, 'db-chk', 'host_service'],
      ['... a machine check there too', 'chk-db-01', { service: 'checkout', alertname: 'Disk IO wait' }, 'db-chk', 'host_service'],
      ['a machine check on the application\'s own host', 'chk-app-01', { service: 'checkout', alertname: 'PING' }, 'vm-chk', 'host_service'],
      ['an application check on its own host', 'chk-app-01', { service: 'checkout', alertname: 'App errors' }, 'app-chk', 'service'],
      ['no check name on its own host (a machine word in the service name)', 'dns-01', { service: 'dns-resolvers' }, 'app-dns', 'service'],
      ['a host unrelated to the application (the poller) stays behind the service', 'nagios-01', { service: 'checkout', alertname: 'Disk IO wait' }, 'app-chk', 'service'],
    ])('%s', (_n, host, labels, id, method) => {
      expect(on.match({ host }, labels)).toMatchObject({ id, method });
      // switched off, the service hint always wins
      expect(off.match({ host }, labels)).toMatchObject({ id: labels.service === 'dns-resolvers' ? 'app-dns' : 'app-chk', method: 'service' });
    });
    it('counts the match once, under host_service', () => {
      const q = createCiMatcher(createCmdbGraph(estate));
      q.match({ host: 'chk-db-01' }, { service: 'checkout', alertname: 'MySQL' });
      const { matched } = q.quality();
      expect(matched['host_service']).toBe(1);
      expect(matched['service'] ?? 0).toBe(0);
    });
  });
  describe('service checks attached to a host (Icinga host!service, Zabbix items)', () => {
    const hosted = [
      ci('app', 'application', [['runs_on', 'm1']], { name: 'orders-api' }),
      ci('pg', 'database', [['runs_on', 'm2']], { name: 'pg-orders' }),
      ci('redis', 'cache', [['runs_on', 'm2']], { name: 'redis-sessions' }),
      ci('m1', 'host', [], { name: 'app-01' }),
      ci('m2', 'host', [], { name: 'db-01' }),
      ci('m3', 'host', [], { name: 'orders-01' }),
      ci('app3', 'application', [['runs_on', 'm3']], { name: 'orders-api-3' }),
    ];
    const hm = createCiMatcher(createCmdbGraph(hosted));
    it.each([
      ['an application check on a host running one application', { host: 'app-01' }, { service: 'http' }, 'app', 'host_check'],
      ['a check naming one of several hosted CIs', { host: 'db-01' }, { service: 'pgsql', check_command: 'pgsql' }, 'm2', 'hostname'],
      ['... by a word of its name', { host: 'db-01' }, { service: 'redis' }, 'redis', 'host_check'],
      ['a machine check stays on the host', { host: 'app-01' }, { service: 'disk' }, 'm1', 'hostname'],
      ['no check name: the host', { host: 'app-01' }, {}, 'm1', 'hostname'],
      ['several hosted CIs and none named: the host', { host: 'db-01' }, { service: 'http' }, 'm2', 'hostname'],
    ])('%s', (_n, hints, labels, id, method) => {
      expect(hm.match(hints, labels)).toMatchObject({ id, method });
    });
    it.each([
      ['a trigger naming one hosted CI, with a generic component tag', { host: 'db-01' }, { component: 'system' }, 'redis: server on db-01 is down', 'redis', 'host_check', 'm2'],
      ['... by its name, with no check label', { host: 'db-01.dc1.example.net' }, {}, 'Queue pg-orders.q depth is too high (8123)', 'pg', 'host_check', 'm2'],
      ['a machine word keeps it on the host', { host: 'db-01' }, { component: 'system' }, 'High memory utilization on db-01 (redis)', 'm2', 'hostname', 'm2'],
      ['a title naming nothing stays on the host, even with one hosted CI', { host: 'app-01' }, {}, 'Service unavailable on app-01', 'm1', 'hostname', 'm1'],
      ['the host\'s own name is not a hosted CI\'s name', { host: 'orders-01' }, {}, 'Too many connections on orders-01', 'm3', 'hostname', 'm3'],
    ])('title (host_title): %s', (_n, hints, labels, title, id, method, withoutRule) => {
      expect(hm.match(hints, labels, 0, title)).toMatchObject({ id, method });
      expect(createCiMatcher(createCmdbGraph(hosted), ['hostname', 'short_name', 'host_check']).match(hints, labels, 0, title)?.id).toBe(withoutRule);
    });
    it('counts a refined match once, under host_check', () => {
      const q = createCiMatcher(createCmdbGraph(hosted));
      q.match({ host: 'app-01' }, { service: 'http' });
      q.match({ host: 'app-01' }, { service: 'http' });
      q.match({ host: 'app-01' }, { service: 'disk' });
      expect(q.quality().matched).toEqual({ host_check: 2, hostname: 1 });
    });
    it('is off when the rule is not configured', () => {
      const off = createCiMatcher(createCmdbGraph(hosted), ['hostname']);
      expect(off.match({ host: 'app-01' }, { service: 'http' })).toMatchObject({ id: 'm1', method: 'hostname' });
    });
  });
  describe('the most specific CI the labels name (k8s_mesh, k8s_dns, label_part)', () => {
    const k8s = [
      ci('cl', 'k8s_cluster', [], { name: 'prod-eu' }),
      ci('ns-shop', 'k8s_namespace', [['part_of', 'cl']], { name: 'shop', attributes: { cluster: 'prod-eu' } }),
      ci('ns-data', 'k8s_namespace', [['part_of', 'cl']], { name: 'data', attributes: { cluster: 'prod-eu' } }),
      ci('w-cart', 'k8s_workload', [['part_of', 'ns-shop']], { name: 'cart-api', attributes: { cluster: 'prod-eu', namespace: 'shop' } }),
      ci('w-pay', 'k8s_workload', [['part_of', 'ns-shop']], { name: 'payments', attributes: { cluster: 'prod-eu', namespace: 'shop' } }),
      ci('p-cart', 'k8s_pod', [['part_of', 'w-cart']], { name: 'cart-api-7d9f8b6c5-x2x4q', attributes: { cluster: 'prod-eu', namespace: 'shop' } }),
      ci('pg', 'database', [['part_of', 'ns-data']], { name: 'pg-orders' }),
      ci('folder', 'application', [], { name: 'ACCOUNTING' }),
      ci('j1', 'batch_job', [['part_of', 'folder']], { name: 'ACCT0100' }),
      ci('other-folder', 'application', [], { name: 'PAYROLL' }),
      ci('j2', 'batch_job', [['part_of', 'other-folder']], { name: 'PAYR0100' }),
      ci('a-payroll', 'application', [], { name: 'payroll' }), // the application the PAYROLL folder is named after
    ];
    const km = createCiMatcher(createCmdbGraph(k8s));
    const istio = { source_workload: 'cart-api', source_workload_namespace: 'shop', destination_workload: 'payments', destination_workload_namespace: 'shop' };
    it.each([
      // [case, hints, labels, CI, method, hint]
      ['Istio, reporter=source: the client side', { namespace: 'shop', cluster: 'prod-eu' }, { ...istio, reporter: 'source' }, 'w-cart', 'k8s_mesh', 'source_workload=shop/cart-api'],
      ['Istio, reporter=destination: the server side', { namespace: 'shop', cluster: 'prod-eu' }, { ...istio, reporter: 'destination' }, 'w-pay', 'k8s_mesh', 'destination_workload=shop/payments'],
      ['Istio, no reporter: the destination (a server-side metric)', { namespace: 'shop' }, istio, 'w-pay', 'k8s_mesh', 'destination_workload=shop/payments'],
      ['Istio, only a destination service FQDN', {}, { destination_service_name: 'payments.shop.svc.cluster.local' }, 'w-pay', 'k8s_mesh', 'destination_service=shop/payments'],
      ['a workload label still wins over mesh labels', { workload: 'cart-api', namespace: 'shop' }, { ...istio }, 'w-cart', 'k8s_workload', 'shop/cart-api'],
      ['a cluster DNS scrape target: the service it names', { host: 'pg-orders-0.pg-orders.data.svc', instance: 'pg-orders-0.pg-orders.data.svc', namespace: 'data', cluster: 'prod-eu' }, {}, 'pg', 'k8s_dns', 'data/pg-orders'],
      ['... a service DNS name with the cluster domain', { instance: 'payments.shop.svc.cluster.local' }, {}, 'w-pay', 'k8s_dns', 'shop/payments'],
      ['an SLO label naming a workload of the namespace', { namespace: 'shop', cluster: 'prod-eu' }, { slo_service: 'cart-api', slo_name: 'latency' }, 'w-cart', 'label_part', 'shop>slo_service=cart-api'],
      ['... the deepest part named: the pod', { namespace: 'shop' }, { target: 'cart-api', object: 'cart-api-7d9f8b6c5-x2x4q' }, 'p-cart', 'label_part', 'shop>object=cart-api-7d9f8b6c5-x2x4q'],
      ['a scheduler job label naming a job of the folder', { application: 'accounting' }, { application: 'ACCOUNTING', job: 'ACCT0100' }, 'j1', 'label_part', 'accounting>job=acct0100'],
      ['a job of another folder is no part: the folder', { application: 'accounting' }, { application: 'ACCOUNTING', job: 'PAYR0100' }, 'folder', 'service', 'accounting'],
      ['a folder named like an application: the job label says the folder was meant', { application: 'payroll' }, { application: 'PAYROLL', job: 'PAYR0100' }, 'j2', 'label_part', 'payroll>job=payr0100'],
      ['... without a part named: the namesake the index holds', { application: 'payroll' }, { application: 'PAYROLL' }, 'a-payroll', 'service', 'payroll'],
      ['two workloads named at the same depth: no guess', { namespace: 'shop' }, { a: 'cart-api', b: 'payments' }, 'ns-shop', 'k8s_namespace', 'shop'],
      ['exported_* labels are the object\'s, the unprefixed ones the scrape target\'s', { namespace: 'monitoring', pod: 'ksm-5d4f-abcde' }, { exported_namespace: 'shop', exported_pod: 'cart-api-7d9f8b6c5-x2x4q' }, 'p-cart', 'k8s_pod', 'cart-api-7d9f8b6c5-x2x4q'],
      ['a kube-state-metrics alert: its service label is the exporter\'s', { namespace: 'shop', job: 'kube-state-metrics', service: 'payments' }, { job: 'kube-state-metrics', service: 'payments' }, 'ns-shop', 'k8s_namespace', 'shop'],
      ['... also under a release prefix', { namespace: 'shop', service: 'payments' }, { app_kubernetes_io_name: 'eric-pm-kube-state-metrics', service: 'payments' }, 'ns-shop', 'k8s_namespace', 'shop'],
      ['a severity or alertname equal to a name is never read', { namespace: 'shop' }, { alertname: 'payments', severity: 'cart-api' }, 'ns-shop', 'k8s_namespace', 'shop'],
      ['the label fallback prefers the object over the cluster it is in', {}, { cluster: 'prod-eu', target: 'pg-orders' }, 'pg', 'label', 'target=pg-orders'],
    ])('%s', (_n, hints, labels, id, method, hint) => {
      expect(km.match(hints, labels)).toEqual({ id, method, hint });
    });
    it.each([
      ['k8s_mesh', { namespace: 'shop' }, { ...istio, reporter: 'source' }, 'ns-shop'],
      ['k8s_dns', { instance: 'payments.shop.svc.cluster.local' }, {}, null],
      ['label_part', { namespace: 'shop' }, { slo_service: 'cart-api' }, 'ns-shop'],
    ])('%s is off when left out of the rules', (rule, hints, labels, want) => {
      const off = createCiMatcher(createCmdbGraph(k8s), DEFAULT_MATCH_RULES.filter((r) => r !== rule));
      expect(off.match(hints, labels)?.id ?? null).toBe(want);
    });
    it('counts a refined match once, under label_part (the data-quality report)', () => {
      const q = createCiMatcher(createCmdbGraph(k8s));
      q.match({ namespace: 'shop' }, { slo_service: 'cart-api' });
      q.match({ namespace: 'shop' }, {});
      q.match({ namespace: 'shop' }, { ...istio, reporter: 'source' });
      expect(q.quality().matched).toEqual({ label_part: 1, k8s_namespace: 1, k8s_mesh: 1 });
    });
  });
  it('counts and lists hints that matched nothing', () => {
    const mm = createCiMatcher(createCmdbGraph(items));
    expect(mm.match({ host: 'ghost-7' }, {}, 5)).toBeNull();
    mm.match({ host: 'ghost-7' }, {}, 9);
    expect(mm.quality().unmatched).toBe(2);
    expect(mm.quality().hints[0]).toEqual({ hint: 'host', value: 'ghost-7', count: 2, lastSeen: 9 });
  });
  it.each([
    // same cluster + namespace + name: duplicates; the same name in another cluster or namespace is not
    ['w-1', ['w-2']],
    ['w-2', ['w-1']],
    ['w-3', []],
    ['w-4', []],
    ['svc-1', ['svc-2']], // same service name in the same environment, no cluster
    ['web', []],
  ])('duplicatesOf(%s)', (id, want) => {
    const dupItems = [
      ...items,
      ci('w-1', 'k8s_workload', [], { name: 'cart', attributes: { namespace: 'shop', cluster: 'eu' } }),
      ci('w-2', 'k8s_workload', [], { name: 'cart', attributes: { namespace: 'shop', cluster: 'eu' } }),
      ci('w-3', 'k8s_workload', [], { name: 'cart', attributes: { namespace: 'shop', cluster: 'us' } }),
      ci('w-4', 'k8s_workload', [], { name: 'cart', attributes: { namespace: 'other', cluster: 'eu' } }),
      ci('svc-1', 'service', [], { name: 'billing', environment: 'prod' }),
      ci('svc-2', 'service', [], { name: 'billing', environment: 'prod' }),
    ];
    const mm = createCiMatcher(createCmdbGraph(dupItems));
    expect(mm.duplicatesOf(id)).toEqual(want);
    if (id === 'w-1') expect(mm.match({ workload: 'cart', namespace: 'shop', cluster: 'eu' })?.id).toBe('w-1'); // the first by id
  });
  it('never matches the kube-state-metrics instance (the exporter, not the object)', () => {
    // KubePodCrashLooping for a pod the CMDB does not know, scraped from a KSM pod whose IP is web-01's
    expect(m.match({ instance: '10.0.0.1', job: 'kube-state-metrics', pod: 'ghost-7d9f8b6c5-x2x4q', namespace: 'other' }, { job: 'kube-state-metrics', instance: '10.0.0.1:8080' })).toBeNull();
  });
  it('strips generated pod suffixes', () => {
    expect(workloadOfPod('checkout-7d9f8b6c5-x2x4q')).toBe('checkout');
    expect(workloadOfPod('redis-0')).toBe('redis');
  });
  it('matches 10k CIs fast (indexes built once)', () => {
    const many: ConfigurationItem[] = [];
    for (let i = 0; i < 10_000; i++) many.push(ci(`h${i}`, 'host', [], { name: `host-${i}`, attributes: { ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` } }));
    const mm = createCiMatcher(createCmdbGraph(many));
    const t = performance.now();
    for (let i = 0; i < 50_000; i++) mm.match({ host: `host-${i % 10_000}.example.net` }, {});
    expect(performance.now() - t).toBeLessThan(3000);
  });
});

describe('import parsers', () => {
  it('JSON: reports the line, index and field of bad items and keeps the good ones', () => {
    const text = '{"items": [\n {"id": "a", "name": "A", "type": "host"},\n {"id": "b", "type": "Bad Type", "name": "B"},\n {"id": "a", "name": "again", "type": "host"}\n]}';
    const r = parseCmdbJson(text);
    expect(r.items.map((i) => i.id)).toEqual(['a']);
    expect(r.errors).toEqual([
      expect.objectContaining({ index: 1, line: 3, field: 'type' }),
      expect.objectContaining({ index: 2, field: 'id', message: 'duplicate id a' }),
    ]);
  });
  it('JSON: invalid JSON is one error with a line', () => {
    const r = parseCmdbJson('[\n{"id": "a",\n');
    expect(r.items).toEqual([]);
    expect(r.errors[0]?.message).toMatch(/not valid JSON/);
  });
  it('CSV: quoted cells, lists, relations, attributes, location', () => {
    const r = parseCmdbCsv('id,name,type,aliases,relations,attr.port,site\nweb,"Web, public",application,"w1;w2",depends_on:db;runs_on:h1,443,dc1\ndb,db,database,,,,\nh1,h1,host,,,,\n');
    expect(r.errors).toEqual([]);
    expect(r.items[0]).toMatchObject({ id: 'web', name: 'Web, public', aliases: ['w1', 'w2'], relations: [{ type: 'depends_on', target: 'db' }, { type: 'runs_on', target: 'h1' }], attributes: { port: 443 }, location: { site: 'dc1' } });
  });
  it('CSV: unknown columns, bad relations and dangling targets are reported', () => {
    expect(parseCmdbCsv('id,name,type,colour\n').errors[0]).toMatchObject({ line: 1, field: 'colour' });
    const r = parseCmdbCsv('id,name,type,relations\na,a,host,uses:b\nc,c,host,depends_on:zz\n');
    expect(r.errors[0]).toMatchObject({ line: 2, field: 'relations' });
    expect(r.errors[1]).toMatchObject({ line: 3, field: 'relations.0.target', warning: true });
    expect(r.items.map((i) => i.id)).toEqual(['c']);
  });
  it('CSV: an unterminated quote is an error at the line it opened; the records before it are kept', () => {
    const r = parseCmdbCsv('id,name,type\na,a,host\nb,"b,host\nc,c,host\n');
    expect(r.items.map((i) => i.id)).toEqual(['a']);
    expect(r.errors).toEqual([expect.objectContaining({ line: 3, message: expect.stringMatching(/unterminated/) as string })]);
  });
});
