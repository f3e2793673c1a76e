/**
 * estate builds the "real" infrastructure of a held-out shop: what depends on what, how each thing is
 * named by the tools that watch it. It is written independently of ../quality/shop.ts (other shapes,
 * other naming, redundancy the CMDB does not record) so that figures measured on it are not flattered
 * by rules tuned on our own generator. The CMDB the engine sees is derived from it by cmdb.ts.
 */
import type { CiRelationType } from '@aiops/model';
import type { Prng } from '../quality/prng.js';

export type EstateShape = 'network' | 'platform' | 'cloud';

/** Link is one real dependency: the asset fails (or degrades) when `target` fails. */
export interface Link {
  type: CiRelationType;
  target: string;
  /** one of several interchangeable targets (cluster member, multi-AZ, HSRP pair): rarely propagates. */
  redundant: boolean;
}

/** Asset is one thing in the estate, with the names senders use for it. */
export interface Asset {
  id: string;
  /** name in the CMDB (may differ from what senders call it). */
  name: string;
  type: string;
  /** what it is, for alert wording: core-switch, dist-switch, access-switch, firewall, lb, vip, server, hypervisor, vm, app, db, dns, sso, ldap, broker, objstore, vault, az, nat, ec2, ecs, rds, sqs, lambda, cache, dynamo, alb. */
  role: string;
  /** the name monitoring tools use for it (device sysName, Datadog service tag, CloudWatch dimension). */
  handle: string;
  fqdn?: string;
  ip?: string;
  /** cloud resource ARN / instance id, when it has one. */
  arn?: string;
  site: string;
  team: string;
  links: Link[];
  /** relative chance of being a failure's root. */
  rootWeight: number;
}

export interface Estate {
  shape: EstateShape;
  assets: Asset[];
  byId: Map<string, Asset>;
  /** id -> assets that have a link to it (who suffers when it fails). */
  dependents: Map<string, Array<{ id: string; link: Link }>>;
}

const TEAMS = ['netops', 'platform', 'payments', 'logistics', 'identity', 'data', 'web', 'finance-it', 'hr-it', 'sre'];
const WORDS = ['billing', 'ledger', 'payroll', 'invoice', 'catalog', 'pricing', 'quote', 'claims', 'booking', 'fleet', 'routing', 'stock',
  'crm', 'portal', 'search', 'report', 'export', 'audit', 'consent', 'loyalty', 'voucher', 'shipping', 'tracking', 'returns', 'tax',
  'forecast', 'mailer', 'docs', 'archive', 'kyc', 'risk', 'fraud', 'ticket', 'survey', 'media', 'geo', 'planner', 'roster', 'timesheet', 'assets'];
const SUFFIXES = ['api', 'web', 'svc', 'worker', 'gw', 'batch', 'ui', 'engine'];

class Builder {
  readonly assets: Asset[] = [];
  private readonly used = new Set<string>();
  constructor(readonly rng: Prng, readonly shape: EstateShape) {}

  /** sysId mimics a ServiceNow sys_id: opaque, so an engine must match names, never ids. */
  private sysId(): string {
    return this.rng.hex(32);
  }

  add(a: Omit<Asset, 'id' | 'links' | 'rootWeight' | 'team'> & { team?: string; rootWeight?: number }): Asset {
    const asset: Asset = { id: this.sysId(), links: [], rootWeight: 1, team: this.rng.pick(TEAMS), ...a };
    this.assets.push(asset);
    return asset;
  }

  link(from: Asset, type: CiRelationType, to: Asset, redundant = false): void {
    if (from.links.some((l) => l.target === to.id)) return;
    from.links.push({ type, target: to.id, redundant });
  }

  /** appName returns a fresh application slug like `ledger-api`. */
  appName(): string {
    for (;;) {
      const n = `${this.rng.pick(WORDS)}-${this.rng.pick(SUFFIXES)}`;
      if (!this.used.has(n)) {
        this.used.add(n);
        return n;
      }
      if (this.used.size > WORDS.length * SUFFIXES.length - 5) {
        const m = `${n}${this.used.size}`;
        this.used.add(m);
        return m;
      }
    }
  }

  done(): Estate {
    const byId = new Map(this.assets.map((a) => [a.id, a]));
    const dependents = new Map<string, Array<{ id: string; link: Link }>>();
    for (const a of this.assets) {
      for (const l of a.links) {
        let d = dependents.get(l.target);
        if (!d) dependents.set(l.target, (d = []));
        d.push({ id: a.id, link: l });
      }
    }
    return { shape: this.shape, assets: this.assets, byId, dependents };
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * network: a campus/datacenter estate seen from the network team. Core pairs, firewalls, distribution and
 * access switches, hardware load balancers with one VIP per application, rack servers behind access
 * switches, applications and databases on them. A switch failure takes down everything behind it.
 */
function networkEstate(b: Builder, size: number): void {
  const sites = size > 400 ? ['dc1', 'dc2'] : ['dc1'];
  const perSite = size / sites.length;
  const allDbs: Asset[] = [];
  const siteParts = sites.map((site, si) => {
    const net = `10.${si + 1}`;
    const cores = [1, 2].map((i) => b.add({ name: `${site}-core-${pad(i)}`, type: 'network', role: 'core-switch', handle: `${site}-core-${pad(i)}`, ip: `${net}.0.${10 + i}`, site, team: 'netops', rootWeight: 1 }));
    const fw = b.add({ name: `${site}-fw-01`, type: 'network', role: 'firewall', handle: `${site}-fw-01`, ip: `${net}.0.1`, site, team: 'netops', rootWeight: 2 });
    for (const c of cores) b.link(fw, 'depends_on', c, true);
    const nDist = Math.max(2, Math.round(perSite / 120));
    const dists = Array.from({ length: nDist }, (_, i) => {
      const d = b.add({ name: `${site}-dist-${pad(i + 1)}`, type: 'network', role: 'dist-switch', handle: `sw-dist-${pad(si * 10 + i + 1)}`, ip: `${net}.1.${i + 1}`, site, team: 'netops', rootWeight: 2 });
      for (const c of cores) b.link(d, 'depends_on', c, true);
      return d;
    });
    const lbs = [1, 2].map((i) => {
      const lb = b.add({ name: `${site}-lb-${pad(i)}`, type: 'load_balancer', role: 'lb', handle: `${site}-bigip-${pad(i)}`, ip: `${net}.2.${i}`, site, team: 'netops', rootWeight: 1.5 });
      b.link(lb, 'depends_on', b.rng.pick(dists));
      return lb;
    });
    const servers: Asset[] = [];
    let rack = 1;
    for (const d of dists) {
      const nAcc = b.rng.int(3, 5);
      for (let a = 0; a < nAcc; a++) {
        const acc = b.add({ name: `${d.handle.replace('dist', 'acc')}-${pad(a + 1)}`, type: 'network', role: 'access-switch', handle: `${d.handle.replace('dist', 'acc')}-${pad(a + 1)}`, ip: `${net}.3.${rack}`, site, team: 'netops', rootWeight: 2.5 });
        b.link(acc, 'depends_on', d);
        const nSrv = b.rng.int(3, Math.max(4, Math.round(perSite / 60)));
        for (let s = 0; s < nSrv; s++) {
          const short = `${site}r${pad(rack)}s${pad(s + 1)}`;
          const srv = b.add({ name: short.toUpperCase(), type: 'host', role: 'server', handle: short, fqdn: `${short}.corp.example.net`, ip: `${net}.${10 + (rack % 200)}.${s + 10}`, site, rootWeight: 1.2 });
          b.link(srv, 'depends_on', acc);
          servers.push(srv);
        }
        rack++;
      }
    }
    return { site, fw, lbs, servers };
  });
  for (const { site, lbs, servers } of siteParts) {
    const free = b.rng.shuffle([...servers]);
    const nDb = Math.max(2, Math.round(servers.length / 10));
    for (let i = 0; i < nDb && free.length > 0; i++) {
      const host = free.pop() as Asset;
      const engine = b.rng.pick(['oracle', 'mssql', 'postgres']);
      const db = b.add({ name: `${engine.toUpperCase()}-${site.toUpperCase()}-${pad(i + 1)}`, type: 'database', role: 'db', handle: `${engine}-${site}-${pad(i + 1)}`, site, rootWeight: 2 });
      b.link(db, 'runs_on', host);
      allDbs.push(db);
    }
    while (free.length > 1) {
      const slug = b.appName();
      const app = b.add({ name: slug, type: 'application', role: 'app', handle: slug, site, rootWeight: 1.5 });
      const n = b.rng.chance(0.5) ? 2 : 1;
      for (let i = 0; i < n && free.length > 0; i++) b.link(app, 'runs_on', free.pop() as Asset, n > 1);
      // most apps use a database of their own site; some reach the other site through the firewall
      const db = b.rng.chance(0.85) ? b.rng.pick(allDbs.filter((d) => d.site === site)) : b.rng.pick(allDbs);
      if (db) b.link(app, 'depends_on', db);
      if (db && db.site !== site) {
        const fw = siteParts.find((p) => p.site === site)?.fw;
        if (fw) b.link(app, 'depends_on', fw);
      }
      if (b.rng.chance(0.6)) {
        const lb = b.rng.pick(lbs);
        const vip = b.add({ name: `vip-${slug}-${site}`, type: 'load_balancer', role: 'vip', handle: `/Common/${slug}_vs`, site, team: 'netops', rootWeight: 0.3 });
        b.link(vip, 'runs_on', lb);
        b.link(vip, 'depends_on', app);
      }
    }
  }
}

/**
 * platform: an enterprise on VMware whose applications all lean on a few shared platform services:
 * DNS, SSO (with its directory and database), a message broker, object storage, a secrets vault, an
 * SMTP relay. Those run as small clusters (redundant members); when the service itself breaks, the
 * failure fans out to most applications over several minutes (caches and tokens expire).
 */
function platformEstate(b: Builder, size: number): void {
  const sw = [1, 2].map((i) => b.add({ name: `core-sw-${i}`, type: 'network', role: 'dist-switch', handle: `core-sw-${i}`, ip: `172.16.0.${i}`, site: 'main', team: 'netops', rootWeight: 1 }));
  const nEsx = Math.max(4, Math.round(size / 40));
  const esx = Array.from({ length: nEsx }, (_, i) => {
    const h = b.add({ name: `esx${pad(i + 1, 3)}.infra.local`, type: 'host', role: 'hypervisor', handle: `esx${pad(i + 1, 3)}.infra.local`, fqdn: `esx${pad(i + 1, 3)}.infra.local`, ip: `172.16.1.${i + 10}`, site: 'main', team: 'platform', rootWeight: 1.5 });
    b.link(h, 'depends_on', b.rng.pick(sw));
    return h;
  });
  let vmNo = 0;
  const vm = (purpose: string): Asset => {
    vmNo++;
    const short = `vm-${purpose}-${pad(vmNo, 3)}`;
    const v = b.add({ name: short, type: 'vm', role: 'vm', handle: short, fqdn: `${short}.corp.local`, ip: `172.17.${Math.floor(vmNo / 250)}.${(vmNo % 250) + 2}`, site: 'main', rootWeight: 0.8 });
    b.link(v, 'runs_on', b.rng.pick(esx));
    return v;
  };
  const cluster = (role: string, name: string, type: string, members: number, weight: number, team = 'platform'): Asset => {
    const s = b.add({ name, type, role, handle: name, site: 'main', team, rootWeight: weight });
    for (let i = 0; i < members; i++) b.link(s, 'runs_on', vm(role), true);
    return s;
  };
  const dns = cluster('dns', 'dns-resolvers', 'service', 2, 1);
  const ldap = cluster('ldap', 'ad-ldap', 'service', 2, 0.6, 'identity');
  const ssoDb = cluster('db', 'sso-postgres', 'database', 1, 1, 'identity');
  const sso = cluster('sso', 'keycloak', 'service', 3, 1.2, 'identity');
  b.link(sso, 'depends_on', ldap);
  b.link(sso, 'depends_on', ssoDb);
  b.link(sso, 'depends_on', dns);
  const broker = cluster('broker', 'rabbitmq-prod', 'queue', 3, 1.2);
  const objstore = cluster('objstore', 'minio-s3', 'storage', 4, 0.8);
  const vault = cluster('vault', 'vault', 'service', 3, 0.8, 'sre');
  const smtp = cluster('smtp', 'smtp-relay', 'service', 2, 0.3);
  for (const s of [ldap, broker, objstore, vault, smtp]) b.link(s, 'depends_on', dns);
  const nApps = Math.max(8, Math.round(size / 6));
  const apps: Asset[] = [];
  for (let i = 0; i < nApps; i++) {
    const slug = b.appName();
    const app = b.add({ name: slug, type: 'application', role: 'app', handle: slug, site: 'main', rootWeight: 1 });
    const n = b.rng.int(1, 3);
    for (let k = 0; k < n; k++) b.link(app, 'runs_on', vm(slug.split('-')[0] ?? 'app'), n > 1);
    if (b.rng.chance(0.95)) b.link(app, 'depends_on', dns);
    if (b.rng.chance(0.7)) b.link(app, 'depends_on', sso);
    if (b.rng.chance(0.4)) b.link(app, 'depends_on', broker);
    if (b.rng.chance(0.3)) b.link(app, 'depends_on', objstore);
    if (b.rng.chance(0.5)) b.link(app, 'depends_on', vault);
    if (b.rng.chance(0.15)) b.link(app, 'depends_on', smtp);
    if (b.rng.chance(0.5)) {
      const db = b.add({ name: `${slug.split('-')[0]}-db`, type: 'database', role: 'db', handle: `${slug.split('-')[0]}-db-${pad(i + 1)}`, site: 'main', rootWeight: 1.5 });
      b.link(db, 'runs_on', vm('db'));
      b.link(app, 'depends_on', db);
    }
    if (apps.length > 0 && b.rng.chance(0.35)) b.link(app, 'depends_on', b.rng.pick(apps));
    apps.push(app);
  }
}

/**
 * cloud: an AWS shop in two regions. EC2 instances and subnets live in availability zones; ECS services
 * run tasks on instances spread over the AZs (redundant); RDS (Multi-AZ), ElastiCache, SQS, Lambda
 * consumers, DynamoDB tables, NAT gateways per AZ. An AZ outage reaches everything placed in it.
 */
function cloudEstate(b: Builder, size: number): void {
  const regions = size > 300 ? ['eu-west-1', 'us-east-1'] : ['eu-west-1'];
  const acct = '4' + String(b.rng.int(10_000_000, 99_999_999)) + '123';
  const per = size / regions.length;
  for (const region of regions) {
    const azs = ['a', 'b', 'c'].map((z) => b.add({ name: `${region}${z}`, type: 'availability_zone', role: 'az', handle: `${region}${z}`, site: region, team: 'sre', rootWeight: 1.5 }));
    const nats = azs.map((az, i) => {
      const id = `nat-0${b.rng.hex(16)}`;
      const n = b.add({ name: id, type: 'network', role: 'nat', handle: id, arn: `arn:aws:ec2:${region}:${acct}:natgateway/${id}`, site: region, team: 'sre', rootWeight: 1.5 });
      b.link(n, 'depends_on', azs[i] as Asset);
      return n;
    });
    const nSvc = Math.max(3, Math.round(per / 14));
    const queues: Asset[] = [];
    const tables: Asset[] = [];
    for (let i = 0; i < Math.max(2, Math.round(nSvc / 2)); i++) {
      const q = `${b.rng.pick(WORDS)}-events-${region.slice(0, 2)}${i}`;
      queues.push(b.add({ name: q, type: 'queue', role: 'sqs', handle: q, arn: `arn:aws:sqs:${region}:${acct}:${q}`, site: region, rootWeight: 2 }));
    }
    for (let i = 0; i < Math.max(1, Math.round(nSvc / 3)); i++) {
      const t = `${b.rng.pick(WORDS)}-table-${region.slice(0, 2)}${i}`;
      tables.push(b.add({ name: t, type: 'cloud_service', role: 'dynamo', handle: t, arn: `arn:aws:dynamodb:${region}:${acct}:table/${t}`, site: region, rootWeight: 1 }));
    }
    const services: Asset[] = [];
    for (let i = 0; i < nSvc; i++) {
      const slug = b.appName();
      const svc = b.add({ name: slug, type: 'application', role: 'ecs', handle: slug, arn: `arn:aws:ecs:${region}:${acct}:service/prod/${slug}`, site: region, rootWeight: 2 });
      const nInst = b.rng.int(2, 5);
      for (let k = 0; k < nInst; k++) {
        const az = azs[k % 3] as Asset;
        const iid = `i-0${b.rng.hex(16)}`;
        const ip = `10.${regions.indexOf(region) * 64 + k % 3}.${b.rng.int(0, 255)}.${b.rng.int(4, 250)}`;
        const ec2 = b.add({ name: `${slug}-${pad(k + 1)}`, type: 'vm', role: 'ec2', handle: iid, ip, fqdn: `ip-${ip.replace(/\./g, '-')}.${region}.compute.internal`, arn: `arn:aws:ec2:${region}:${acct}:instance/${iid}`, site: region, rootWeight: 0.7 });
        b.link(ec2, 'depends_on', az);
        b.link(svc, 'runs_on', ec2, true);
      }
      if (b.rng.chance(0.6)) {
        const db = `prod-${slug.split('-')[0]}-${b.rng.pick(['pg', 'mysql', 'aurora'])}`;
        const rds = b.add({ name: db, type: 'database', role: 'rds', handle: db, arn: `arn:aws:rds:${region}:${acct}:db:${db}`, site: region, rootWeight: 2.5 });
        b.link(rds, 'depends_on', b.rng.pick(azs), true); // Multi-AZ: an AZ loss means a failover, not an outage (mostly)
        b.link(svc, 'depends_on', rds);
      }
      if (b.rng.chance(0.35)) {
        const cc = `${slug.split('-')[0]}-redis-${b.rng.hex(4)}`;
        const cache = b.add({ name: cc, type: 'cache', role: 'cache', handle: `${cc}-001`, arn: `arn:aws:elasticache:${region}:${acct}:cluster:${cc}`, site: region, rootWeight: 1.5 });
        b.link(cache, 'depends_on', b.rng.pick(azs));
        b.link(svc, 'depends_on', cache);
      }
      if (b.rng.chance(0.5)) b.link(svc, 'depends_on', b.rng.pick(queues));
      if (b.rng.chance(0.3)) b.link(svc, 'depends_on', b.rng.pick(tables));
      if (b.rng.chance(0.3)) b.link(svc, 'depends_on', b.rng.pick(nats)); // calls a partner API through NAT
      if (services.length > 0 && b.rng.chance(0.4)) b.link(svc, 'depends_on', b.rng.pick(services));
      services.push(svc);
    }
    for (const q of queues) {
      const fn = `${q.handle.split('-')[0]}-consumer-${b.rng.hex(3)}`;
      const lambda = b.add({ name: fn, type: 'serverless_function', role: 'lambda', handle: fn, arn: `arn:aws:lambda:${region}:${acct}:function:${fn}`, site: region, rootWeight: 1 });
      b.link(lambda, 'depends_on', q);
      if (tables.length > 0 && b.rng.chance(0.5)) b.link(lambda, 'depends_on', b.rng.pick(tables));
    }
    const nAlb = Math.max(1, Math.round(nSvc / 4));
    for (let i = 0; i < nAlb; i++) {
      const name = `prod-${b.rng.pick(WORDS)}-alb`;
      const alb = b.add({ name, type: 'load_balancer', role: 'alb', handle: `app/${name}/${b.rng.hex(16)}`, arn: `arn:aws:elasticloadbalancing:${region}:${acct}:loadbalancer/app/${name}/${b.rng.hex(16)}`, site: region, team: 'sre', rootWeight: 1 });
      for (const s of b.rng.shuffle([...services]).slice(0, b.rng.int(1, 3))) b.link(alb, 'depends_on', s);
    }
  }
}

export interface EstateOptions {
  seed: number;
  shape: EstateShape;
  /** rough number of assets. */
  size: number;
}

/** buildEstate returns the estate of a shape; deterministic for a seed. */
export function buildEstate(rng: Prng, opts: EstateOptions): Estate {
  const b = new Builder(rng, opts.shape);
  if (opts.shape === 'network') networkEstate(b, opts.size);
  else if (opts.shape === 'platform') platformEstate(b, opts.size);
  else cloudEstate(b, opts.size);
  return b.done();
}
