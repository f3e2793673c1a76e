import type { ConfigurationItem, CiRelationType, Criticality } from '@aiops/model';
import { createPrng, type Prng } from './prng.js';

/**
 * ShopShape names the three kinds of estate the benchmark generates, because a correlation engine
 * tuned on one shape tends to overfit it:
 * - `microservices`: deep call chains (5–7 levels) of services on VMs, shared platform services
 *   (auth, users), databases/caches/queues at the leaves;
 * - `k8s`: wide Kubernetes clusters: nodes, namespaces, workloads, pods (most CIs are pods), a DNS
 *   workload everybody depends on, managed cloud databases;
 * - `three-tier`: classic LB → web → app → database per application, on VMs on hypervisors, with
 *   shared top-of-rack/core switches and SAN arrays as hubs.
 */
export type ShopShape = 'microservices' | 'k8s' | 'three-tier';

export interface ShopOptions {
  seed: number;
  /** approximate number of CIs (the generator stops adding units once it reaches this). */
  size: number;
  shape: ShopShape;
  environment?: string;
}

/** Shop is the generated CMDB: the CIs in creation order plus an index by id. */
export interface Shop {
  seed: number;
  shape: ShopShape;
  cis: ConfigurationItem[];
  byId: Map<string, ConfigurationItem>;
}

const DOMAINS = [
  'checkout', 'cart', 'payments', 'orders', 'inventory', 'catalog', 'search', 'recommendations', 'shipping',
  'billing', 'invoicing', 'accounts', 'notifications', 'pricing', 'reviews', 'ledger', 'fraud', 'loyalty',
  'returns', 'warehouse', 'customer', 'media', 'analytics', 'booking', 'claims', 'quotes', 'policy',
  'onboarding', 'kyc', 'transfers', 'statements', 'crm', 'hr', 'payroll', 'support', 'content',
];
const SERVICE_PARTS = [
  'api', 'svc', 'worker', 'gateway', 'processor', 'engine', 'adapter', 'sync', 'scheduler', 'indexer',
  'aggregator', 'validator', 'exporter', 'router', 'cache-warmer', 'publisher', 'consumer', 'resolver',
];
const TEAMS = [
  'team-payments', 'team-commerce', 'team-search', 'team-platform', 'team-dba', 'team-network', 'team-storage',
  'team-sre', 'team-web', 'team-backoffice', 'team-data', 'team-identity', 'team-fulfilment', 'team-finance-it',
];
const DB_TECH = ['postgres', 'mysql', 'oracle', 'mssql', 'mongodb'] as const;
const SITES = ['dc1', 'dc2', 'fra1', 'ams2'];

const BS_LABEL: Record<string, string> = {};
for (const d of DOMAINS) BS_LABEL[d] = d.charAt(0).toUpperCase() + d.slice(1);

/** ShopBuilder accumulates CIs with unique names and opaque ids (real CMDB ids are sys_ids, not names). */
class ShopBuilder {
  readonly cis: ConfigurationItem[] = [];
  readonly byId = new Map<string, ConfigurationItem>();
  private readonly names = new Set<string>();
  private ipCounter = 0;

  constructor(readonly rng: Prng, readonly environment: string) {}

  uniqueName(base: string): string {
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}-${i}`;
    this.names.add(name);
    return name;
  }

  nextIp(): string {
    // Skip the .0 of each /24 (it used to map to .1 and hand two machines one address).
    let n = ++this.ipCounter;
    if ((n & 255) === 0) n = ++this.ipCounter;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  }

  add(ci: Omit<ConfigurationItem, 'id' | 'aliases' | 'attributes' | 'relations'> & Partial<Pick<ConfigurationItem, 'aliases' | 'attributes' | 'relations'>>): ConfigurationItem {
    const full: ConfigurationItem = {
      id: `ci${this.rng.hex(12)}`,
      aliases: [],
      attributes: {},
      relations: [],
      environment: this.environment,
      ...ci,
    };
    if (this.byId.has(full.id)) full.id = `${full.id}${this.cis.length}`;
    this.cis.push(full);
    this.byId.set(full.id, full);
    return full;
  }

  relate(from: ConfigurationItem, type: CiRelationType, to: ConfigurationItem): void {
    if (from.id === to.id) return;
    if (from.relations.some((r) => r.type === type && r.target === to.id)) return;
    from.relations.push({ type, target: to.id });
  }

  /** machine adds a host/vm with FQDN and IP aliases, the way discovery tools record them. */
  machine(type: 'host' | 'vm', base: string, site: string, team: string, extra: Record<string, string> = {}): ConfigurationItem {
    const name = this.uniqueName(base);
    const fqdn = `${name}.${site}.example.net`;
    const ip = this.nextIp();
    return this.add({
      name, type, supportGroup: team, owner: team,
      aliases: [fqdn, ip],
      attributes: { fqdn, ip, os: this.rng.pick(['linux', 'linux', 'linux', 'windows']), ...extra },
      location: { site, region: site.startsWith('dc') ? 'eu-central' : 'eu-west' },
    });
  }

  count(): number {
    return this.cis.length;
  }
}

/** Pool hands out infrastructure CIs with a capacity, creating a new one when the current is full. */
class Pool {
  private current: ConfigurationItem | null = null;
  private used = 0;
  constructor(private readonly capacity: number, private readonly make: () => ConfigurationItem) {}
  take(): ConfigurationItem {
    if (!this.current || this.used >= this.capacity) {
      this.current = this.make();
      this.used = 0;
    }
    this.used++;
    return this.current;
  }
}

function criticalityFor(rng: Prng): Criticality {
  return rng.weighted<Criticality>([['critical', 2], ['high', 3], ['medium', 4], ['low', 2]]);
}

function businessService(b: ShopBuilder, domain: string, team: string): ConfigurationItem {
  const rng = b.rng;
  const label = BS_LABEL[domain] ?? domain;
  return b.add({
    name: b.uniqueName(`${label} Service`),
    type: 'business_service',
    criticality: criticalityFor(rng),
    users: rng.pick([120, 800, 2500, 12000, 50000, 250000]),
    slaClass: rng.pick(['gold', 'silver', 'bronze']),
    supportGroup: team,
    owner: team,
    attributes: { domain },
  });
}

/** networkCore builds a core switch pair and firewall; top-of-rack switches depend on them. */
function networkCore(b: ShopBuilder, site: string): { tor: Pool; storage: Pool } {
  const core = b.machine('host', `core-sw-${site}-01`, site, 'team-network');
  core.type = 'network';
  const fw = b.machine('host', `fw-${site}-01`, site, 'team-network');
  fw.type = 'network';
  b.relate(core, 'depends_on', fw);
  let torN = 0;
  let sanN = 0;
  const tor = new Pool(24, () => {
    torN++;
    const sw = b.machine('host', `tor-sw-${site}-${String(torN).padStart(2, '0')}`, site, 'team-network');
    sw.type = 'network';
    b.relate(sw, 'depends_on', core);
    return sw;
  });
  const storage = new Pool(60, () => {
    sanN++;
    const san = b.machine('host', `san-${site}-${String(sanN).padStart(2, '0')}`, site, 'team-storage');
    san.type = 'storage';
    san.attributes['vendor'] = b.rng.pick(['netapp', 'purestorage', 'emc']);
    return san;
  });
  return { tor, storage };
}

function hypervisorPool(b: ShopBuilder, site: string, tor: Pool, storage: Pool): Pool {
  let n = 0;
  return new Pool(14, () => {
    n++;
    const esx = b.machine('host', `esx-${site}-${String(n).padStart(3, '0')}`, site, 'team-platform', { role: 'hypervisor' });
    b.relate(esx, 'depends_on', tor.take());
    b.relate(esx, 'depends_on', storage.take());
    return esx;
  });
}

function datastore(b: ShopBuilder, domain: string, kind: 'database' | 'cache' | 'queue', site: string, hosts: Pool, team: string): ConfigurationItem {
  const rng = b.rng;
  const tech = kind === 'database' ? rng.pick(DB_TECH) : kind === 'cache' ? rng.pick(['redis', 'memcached'] as const) : rng.pick(['kafka', 'rabbitmq', 'activemq'] as const);
  const port = { postgres: 5432, mysql: 3306, oracle: 1521, mssql: 1433, mongodb: 27017, redis: 6379, memcached: 11211, kafka: 9092, rabbitmq: 5672, activemq: 61616 }[tech];
  const short = tech === 'postgres' ? 'pg' : tech;
  const name = b.uniqueName(`${short}-${domain}`);
  const ci = b.add({ name, type: kind, supportGroup: kind === 'database' ? 'team-dba' : team, owner: team, attributes: { tech, port } });
  const replicas = kind === 'queue' ? 3 : rng.int(1, 2);
  for (let i = 1; i <= replicas; i++) {
    const m = b.machine('vm', `${kind === 'database' ? 'db' : kind === 'cache' ? 'cache' : 'mq'}-${domain}-${String(i).padStart(2, '0')}`, site, kind === 'database' ? 'team-dba' : team, { role: tech });
    b.relate(m, 'runs_on', hosts.take());
    b.relate(ci, 'runs_on', m);
  }
  return ci;
}

function buildMicroservices(b: ShopBuilder, size: number): void {
  const rng = b.rng;
  const site = rng.pick(SITES);
  const { tor, storage } = networkCore(b, site);
  const hv = hypervisorPool(b, site, tor, storage);
  const platformTeam = 'team-identity';
  // Shared platform services every domain calls: a hub the engine must not over-merge on.
  const authDb = datastore(b, 'identity', 'database', site, hv, platformTeam);
  const shared: ConfigurationItem[] = [];
  for (const base of ['auth-api', 'users-api', 'feature-flags', 'config-svc']) {
    const s = b.add({ name: b.uniqueName(base), type: 'service', supportGroup: platformTeam, owner: platformTeam, attributes: { port: 8080, tech: rng.pick(['java', 'go', 'node']) } });
    b.relate(s, 'depends_on', authDb);
    for (let i = 1; i <= 2; i++) {
      const vm = b.machine('vm', `${s.name}-${String(i).padStart(2, '0')}`, site, platformTeam, { role: 'app' });
      b.relate(vm, 'runs_on', hv.take());
      b.relate(s, 'runs_on', vm);
    }
    shared.push(s);
  }
  let round = 0;
  while (b.count() < size) {
    for (const domainBase of rng.shuffle([...DOMAINS])) {
      if (b.count() >= size) break;
      const domain = round === 0 ? domainBase : `${domainBase}${round + 1}`;
      const team = rng.pick(TEAMS);
      const bs = businessService(b, domain, team);
      const stores = [datastore(b, domain, 'database', site, hv, team)];
      if (rng.chance(0.6)) stores.push(datastore(b, domain, 'cache', site, hv, team));
      if (rng.chance(0.4)) stores.push(datastore(b, domain, 'queue', site, hv, team));
      const depth = rng.int(4, 6);
      let level: ConfigurationItem[] = [];
      const edge = b.add({ name: b.uniqueName(`${domain}-web`), type: 'application', supportGroup: team, owner: team, attributes: { port: 443, tech: 'nginx' } });
      b.relate(bs, 'depends_on', edge);
      level.push(edge);
      const all: ConfigurationItem[] = [edge];
      for (let d = 1; d < depth; d++) {
        const next: ConfigurationItem[] = [];
        for (const parent of level) {
          const fan = d === 1 ? 1 : rng.int(1, 2);
          for (let k = 0; k < fan; k++) {
            const s = b.add({ name: b.uniqueName(`${domain}-${rng.pick(SERVICE_PARTS)}`), type: 'service', supportGroup: team, owner: team, attributes: { port: rng.pick([8080, 8443, 9000, 3000]), tech: rng.pick(['java', 'go', 'node', 'python']) } });
            b.relate(parent, 'depends_on', s);
            next.push(s);
            all.push(s);
          }
        }
        level = next.length > 3 ? rng.shuffle(next).slice(0, 3) : next;
      }
      for (const leaf of level) b.relate(leaf, 'depends_on', rng.pick(stores));
      for (const s of all) {
        if (rng.chance(0.3)) b.relate(s, 'depends_on', rng.pick(shared));
        if (rng.chance(0.25)) b.relate(s, 'depends_on', rng.pick(stores));
        const replicas = rng.int(1, 3);
        for (let i = 1; i <= replicas; i++) {
          const vm = b.machine('vm', `${s.name}-${String(i).padStart(2, '0')}`, site, team, { role: 'app' });
          b.relate(vm, 'runs_on', hv.take());
          b.relate(s, 'runs_on', vm);
        }
      }
      // Peer links carry no failure (documented): replicas of the same store see each other.
      if (stores.length > 1 && stores[0] && stores[1]) b.relate(stores[0], 'connected_to', stores[1]);
    }
    round++;
  }
}

function buildK8s(b: ShopBuilder, size: number): void {
  const rng = b.rng;
  const clusterCount = Math.max(1, Math.round(size / 2500));
  const perCluster = size / clusterCount;
  for (let c = 0; c < clusterCount; c++) {
    const region = rng.pick(['eu-west-1', 'eu-central-1', 'us-east-1', 'ap-southeast-1']);
    const clusterName = b.uniqueName(`prod-${region.split('-')[0]}-${String.fromCharCode(97 + c)}`);
    const cluster = b.add({ name: clusterName, type: 'k8s_cluster', supportGroup: 'team-platform', owner: 'team-platform', attributes: { provider: rng.pick(['eks', 'gke', 'aks']) }, location: { region, cluster: clusterName } });
    const startCount = b.count();
    const nodeCount = Math.max(3, Math.round(perCluster / 40));
    const nodes: ConfigurationItem[] = [];
    const zones = ['a', 'b', 'c'];
    for (let i = 0; i < nodeCount; i++) {
      const zone = zones[i % 3] ?? 'a';
      const ip = b.nextIp();
      const name = b.uniqueName(`ip-${ip.replace(/\./g, '-')}.${region}.compute.internal`);
      const node = b.add({ name, type: 'host', supportGroup: 'team-platform', owner: 'team-platform', aliases: [ip, `${clusterName}-node-${zone}-${String(i).padStart(3, '0')}`], attributes: { ip, role: 'k8s-node', zone, cluster: clusterName, instanceType: rng.pick(['m5.2xlarge', 'c6i.4xlarge', 'r6g.2xlarge']) }, location: { region, cluster: clusterName } });
      b.relate(node, 'part_of', cluster);
      nodes.push(node);
    }
    const mkNs = (ns: string, team: string): ConfigurationItem => {
      const ci = b.add({ name: b.uniqueName(`${clusterName}/${ns}`), type: 'k8s_namespace', supportGroup: team, owner: team, attributes: { namespace: ns, cluster: clusterName }, location: { region, cluster: clusterName } });
      b.relate(ci, 'part_of', cluster);
      return ci;
    };
    // Workload names repeat across clusters (same app deployed per region): names carry no cluster, the
    // CI's attributes do, and so do the alerts' `cluster` labels. Within a cluster they are unique, as
    // Kubernetes makes them within a namespace.
    const workloadNames = new Set<string>();
    const mkWorkload = (base: string, nsCi: ConfigurationItem, ns: string, team: string, replicas: number, kind = 'Deployment'): ConfigurationItem => {
      let name = base;
      for (let i = 2; workloadNames.has(name); i++) name = `${base}-${i}`;
      workloadNames.add(name);
      const w = b.add({ name, type: 'k8s_workload', supportGroup: team, owner: team, aliases: [`${ns}/${name}`], attributes: { namespace: ns, cluster: clusterName, kind }, location: { region, cluster: clusterName } });
      b.relate(w, 'part_of', nsCi);
      const rs = rng.alnum(9);
      for (let r = 0; r < replicas; r++) {
        const podName = kind === 'StatefulSet' ? `${name}-${r}` : `${name}-${rs}-${rng.alnum(5)}`;
        const node = rng.pick(nodes);
        const pod = b.add({ name: podName, type: 'k8s_pod', supportGroup: team, owner: team, attributes: { namespace: ns, cluster: clusterName, workload: name, node: node.name, podIp: `100.64.${rng.int(0, 255)}.${rng.int(1, 254)}` }, location: { region, cluster: clusterName } });
        b.relate(pod, 'part_of', w);
        b.relate(pod, 'runs_on', node);
      }
      return w;
    };
    const kubeSystem = mkNs('kube-system', 'team-platform');
    const coredns = mkWorkload('coredns', kubeSystem, 'kube-system', 'team-platform', 2);
    const ingressNs = mkNs('ingress-nginx', 'team-platform');
    const ingress = mkWorkload('ingress-nginx-controller', ingressNs, 'ingress-nginx', 'team-platform', 3);
    b.relate(ingress, 'depends_on', coredns);
    let round = 0;
    while (b.count() - startCount < perCluster && b.count() < size) {
      for (const domainBase of rng.shuffle([...DOMAINS])) {
        if (b.count() - startCount >= perCluster || b.count() >= size) break;
        const domain = round === 0 ? domainBase : `${domainBase}${round + 1}`;
        const team = rng.pick(TEAMS);
        const nsCi = mkNs(domain, team);
        const bs = c === 0 ? businessService(b, domain, team) : null;
        const db = b.add({ name: b.uniqueName(`${domain}-db-${region}`), type: rng.chance(0.6) ? 'cloud_service' : 'database', supportGroup: 'team-dba', owner: team, aliases: [`${domain}-db.${rng.hex(8)}.${region}.rds.amazonaws.com`], attributes: { tech: rng.pick(['postgres', 'mysql', 'aurora-postgres']), port: 5432 }, location: { region } });
        const frontend = mkWorkload(`${domain}-frontend`, nsCi, domain, team, rng.int(2, 6));
        b.relate(ingress, 'depends_on', frontend);
        if (bs) b.relate(bs, 'depends_on', frontend);
        b.relate(frontend, 'depends_on', coredns);
        let level = [frontend];
        const depth = rng.int(2, 3);
        for (let d = 0; d < depth; d++) {
          const next: ConfigurationItem[] = [];
          for (const parent of level) {
            for (let k = rng.int(1, 3); k > 0; k--) {
              const w = mkWorkload(`${domain}-${rng.pick(SERVICE_PARTS)}`, nsCi, domain, team, rng.int(2, 8));
              b.relate(parent, 'depends_on', w);
              b.relate(w, 'depends_on', coredns);
              next.push(w);
            }
          }
          level = next;
        }
        for (const leaf of level) b.relate(leaf, 'depends_on', db);
        if (rng.chance(0.4)) {
          const cache = mkWorkload(`${domain}-redis`, nsCi, domain, team, 3, 'StatefulSet');
          b.relate(rng.pick(level), 'depends_on', cache);
        }
      }
      round++;
    }
  }
}

function buildThreeTier(b: ShopBuilder, size: number): void {
  const rng = b.rng;
  const sites = rng.shuffle([...SITES]).slice(0, size > 2000 ? 2 : 1);
  const infra = sites.map((site) => {
    const net = networkCore(b, site);
    return { site, ...net, hv: hypervisorPool(b, site, net.tor, net.storage) };
  });
  // Shared, consolidated database servers (a classic hub): several applications' schemas on one instance.
  const sharedDbs: ConfigurationItem[] = [];
  let round = 0;
  while (b.count() < size) {
    for (const domainBase of rng.shuffle([...DOMAINS])) {
      if (b.count() >= size) break;
      const domain = round === 0 ? domainBase : `${domainBase}${round + 1}`;
      const team = rng.pick(TEAMS);
      const { site, tor, storage, hv } = rng.pick(infra);
      const bs = businessService(b, domain, team);
      const lb = b.machine('host', `lb-${domain}-01`, site, 'team-network');
      lb.type = 'load_balancer';
      b.relate(lb, 'depends_on', tor.take());
      b.relate(bs, 'depends_on', lb);
      const tierHost = (role: string, i: number, physical: boolean): ConfigurationItem => {
        const m = b.machine(physical ? 'host' : 'vm', `${role}-${domain}-${String(i).padStart(2, '0')}`, site, team, { role });
        if (physical) {
          b.relate(m, 'depends_on', tor.take());
          b.relate(m, 'depends_on', storage.take());
        } else {
          b.relate(m, 'runs_on', hv.take());
        }
        return m;
      };
      const web = b.add({ name: b.uniqueName(`${domain}-web`), type: 'application', supportGroup: team, owner: team, attributes: { port: 443, tech: rng.pick(['apache', 'nginx', 'iis']) } });
      const app = b.add({ name: b.uniqueName(`${domain}-app`), type: 'application', supportGroup: team, owner: team, attributes: { port: rng.pick([8080, 8443, 7001, 9080]), tech: rng.pick(['tomcat', 'weblogic', 'jboss', 'dotnet']) } });
      b.relate(lb, 'depends_on', web);
      b.relate(web, 'depends_on', app);
      const physical = rng.chance(0.3);
      for (let i = 1, n = rng.int(2, 4); i <= n; i++) b.relate(web, 'runs_on', tierHost('web', i, physical));
      for (let i = 1, n = rng.int(2, 6); i <= n; i++) b.relate(app, 'runs_on', tierHost('app', i, physical));
      let db: ConfigurationItem;
      if (sharedDbs.length > 0 && rng.chance(0.35)) {
        db = rng.pick(sharedDbs);
      } else {
        const tech = rng.pick(DB_TECH);
        db = b.add({ name: b.uniqueName(`${tech}-${domain}`), type: 'database', supportGroup: 'team-dba', owner: 'team-dba', attributes: { tech, port: { postgres: 5432, mysql: 3306, oracle: 1521, mssql: 1433, mongodb: 27017 }[tech] } });
        const dbHost = tierHost('db', 1, true);
        b.relate(db, 'runs_on', dbHost);
        if (rng.chance(0.5)) {
          const standby = tierHost('db', 2, true);
          b.relate(db, 'connected_to', standby);
        }
        if (rng.chance(0.25)) sharedDbs.push(db);
      }
      b.relate(app, 'depends_on', db);
      if (rng.chance(0.3)) {
        const mq = datastore(b, domain, 'queue', site, hv, team);
        b.relate(app, 'depends_on', mq);
      }
      // Batch servers: extra leaf hosts that only produce background noise.
      for (let i = 1, n = rng.int(0, 3); i <= n; i++) {
        const batch = b.add({ name: b.uniqueName(`${domain}-batch-${i}`), type: 'application', supportGroup: team, owner: team, attributes: { tech: 'cron' } });
        b.relate(batch, 'runs_on', tierHost('batch', i, false));
        b.relate(batch, 'depends_on', db);
      }
    }
    round++;
  }
}

/** generateShop builds a deterministic CMDB of about `size` CIs in the given shape. */
export function generateShop(opts: ShopOptions): Shop {
  const rng = createPrng(opts.seed).fork(1);
  const b = new ShopBuilder(rng, opts.environment ?? 'production');
  switch (opts.shape) {
    case 'microservices': buildMicroservices(b, opts.size); break;
    case 'k8s': buildK8s(b, opts.size); break;
    case 'three-tier': buildThreeTier(b, opts.size); break;
  }
  return { seed: opts.seed, shape: opts.shape, cis: b.cis, byId: b.byId };
}

/**
 * dependentsIndex maps a CI id to the CIs a failure of it reaches, with the relation that carries it:
 * `A depends_on B` and `A runs_on B` carry B's failure to A; `A part_of B` carries A's failure to B
 * only when B is a workload/application/service (pods degrade their workload; a node does not take down
 * its cluster object, a namespace is not "down"); `connected_to` carries nothing.
 */
export function dependentsIndex(cis: readonly ConfigurationItem[]): Map<string, Array<{ id: string; via: CiRelationType }>> {
  const out = new Map<string, Array<{ id: string; via: CiRelationType }>>();
  const byId = new Map(cis.map((c) => [c.id, c]));
  const push = (from: string, to: string, via: CiRelationType): void => {
    let list = out.get(from);
    if (!list) out.set(from, (list = []));
    list.push({ id: to, via });
  };
  for (const ci of cis) {
    for (const r of ci.relations) {
      if (r.type === 'depends_on' || r.type === 'runs_on') push(r.target, ci.id, r.type);
      else if (r.type === 'part_of') {
        const whole = byId.get(r.target);
        if (whole && (whole.type === 'k8s_workload' || whole.type === 'application' || whole.type === 'service')) push(ci.id, whole.id, r.type);
      }
    }
  }
  return out;
}
