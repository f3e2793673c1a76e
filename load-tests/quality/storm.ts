import { labelsFingerprint } from '@aiops/model';
import type { ConfigurationItem, Event, Severity } from '@aiops/model';
import { createPrng, type Prng } from './prng.js';
import { dependentsIndex, type Shop } from './shop.js';
import { AlertLedger, type Claim } from './ledger.js';
import { kindsFor, type AlertKind, type AlertRole, type TemplateContext } from './templates.js';

/** LabelStyle picks the senders: one monitoring tool for the whole shop, or a realistic mix. */
export type LabelStyle = 'prometheus' | 'zabbix' | 'icinga' | 'mixed';
export type Sender = 'prometheus' | 'zabbix' | 'icinga';

export interface StormOptions {
  seed: number;
  /** storm length; failures start in the first 80 %, noise anywhere. */
  durationMs: number;
  /** number of injected failures (each with one root-cause CI). */
  failures: number;
  /** background noise alerts per minute (unrelated to any failure; truth null). */
  noiseRate: number;
  /** fraction of alerts (failure and noise) that flap: fire/resolve several times. */
  flappingRate: number;
  /** fraction of events sent twice (exact duplicate, same id) by the sender or a retrying proxy. */
  duplicateRate: number;
  /** per-sender clock skew, uniformly in ±skewMs, applied to occurredAt/startsAt/endsAt. */
  skewMs: number;
  labelStyle: LabelStyle;
  /** fraction of alerts whose resource hints match no CI (CMDB drift, renamed hosts, unknown IPs). */
  unmappedRate?: number;
  /** fraction of events delivered late (5–45 s), so arrival order differs from event order. */
  lateRate?: number;
  /** fraction of failures that start within 90 s of another failure (unrelated concurrent failures). */
  overlapRate?: number;
  /** cap on alerting CIs per failure (a core-switch outage reaches this). */
  maxCisPerFailure?: number;
  /** epoch ms of storm start. */
  startAt?: number;
  /** seed of the shop's monitoring set-up (which sender watches a CI, how it names hosts); default `seed`. A history window of the same shop keeps it. */
  styleSeed?: number;
}

/** TruthEntry says which failure an alert (fingerprint) belongs to; null for noise. */
export type TruthEntry = { failureId: string; rootCauseCi: string } | null;
export type Truth = Record<string, TruthEntry>;

export interface FailureInfo {
  id: string;
  rootCauseCi: string;
  rootCauseName: string;
  rootCauseType: string;
  startAt: number;
  endAt: number;
  alertingCis: number;
  alerts: number;
}

/** AlertMeta documents one generated alert, for diagnostics (which CI really raised it). */
export interface AlertMeta {
  fingerprint: string;
  ciId: string | null;
  ciType: string;
  kind: string;
  sender: Sender;
  unmapped: boolean;
  flapping: boolean;
  failureId: string | null;
}

export interface Storm {
  events: Event[];
  truth: Truth;
  failures: FailureInfo[];
  alerts: AlertMeta[];
  /** CI id -> names a no-topology engine could use for it (name + aliases, lower case). */
  ciNames: Record<string, string[]>;
}

const MINUTE = 60_000;
const ZABBIX_SEVERITY: Record<string, Severity> = { Disaster: 'critical', High: 'major', Average: 'minor', Warning: 'warning', Information: 'info' };
const HOSTGROUP: Record<string, string> = { host: 'Linux servers', vm: 'Virtual machines', network: 'Network devices', storage: 'Storage', load_balancer: 'Load balancers', database: 'Databases', application: 'Applications', service: 'Applications', cache: 'Databases', queue: 'Middleware', cloud_service: 'Cloud', business_service: 'Web checks' };
const MACHINE_TYPES = new Set(['host', 'vm', 'network', 'storage', 'load_balancer']);
const HOST_LEVEL_KINDS = new Set(['host_down', 'host_readonly', 'host_iowait', 'nfs_stale', 'packet_loss', 'switch_unreachable', 'node_notready', 'host_cpu', 'host_memory']);
const DOWN_KINDS = new Set(['db_down', 'cache_down', 'queue_down']);
const K8S_TYPES = new Set(['k8s_pod', 'k8s_workload', 'k8s_namespace', 'k8s_cluster']);
const APP_TYPES = new Set(['application', 'service', 'k8s_workload']);

interface AlertPlan extends Claim {
  meta: AlertMeta;
  source: string;
  severity: Severity;
  title: string;
  description: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  resource: Event['resource'];
  startTrue: number;
  endTrue: number | null;
  skew: number;
  url?: string;
}

/** hash32 is a small string hash, used to give each CI a stable sender and hint style per seed. */
function hash32(s: string, seed: number): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

class StormBuilder {
  /** the stream of the part being generated: each failure, each noise alert and each alert's rendering draw from their own (forks of `base`), so a change in one failure leaves the others' draws alone. */
  rng: Prng;
  readonly base: Prng;
  readonly byId: Map<string, ConfigurationItem>;
  readonly dependents: Map<string, Array<{ id: string; via: string }>>;
  /** every planned alert and which failure owns it (ledger.ts). */
  readonly ledger = new AlertLedger<AlertPlan>();
  private triggerSeq = 10000;
  /** Zabbix trigger ids are per host and trigger, as in Zabbix: the same trigger fires again under the same id. */
  private readonly triggerIds = new Map<string, string>();
  /** random names the unmapped alerts gave machines, and whose they are. */
  private readonly driftedNames = new Map<string, string>();
  readonly start: number;
  readonly horizon: number;

  constructor(readonly shop: Shop, readonly opts: StormOptions) {
    this.base = createPrng(opts.seed).fork(2);
    this.rng = this.base;
    this.byId = shop.byId;
    this.dependents = dependentsIndex(shop.cis);
    this.start = opts.startAt ?? 1_767_225_600_000;
    this.horizon = this.start + opts.durationMs;
  }

  senderFor(ci: ConfigurationItem | null, key: string): Sender {
    const style = this.opts.labelStyle;
    if (ci && K8S_TYPES.has(ci.type)) return 'prometheus';
    if (ci && ci.attributes['role'] === 'k8s-node') return 'prometheus';
    if (style !== 'mixed') return style;
    const h = hash32(key, this.opts.styleSeed ?? this.opts.seed) % 100;
    const type = ci?.type ?? 'host';
    if (type === 'host' || type === 'vm' || type === 'network' || type === 'storage' || type === 'load_balancer') {
      return h < 40 ? 'zabbix' : h < 70 ? 'icinga' : 'prometheus';
    }
    return h < 70 ? 'prometheus' : 'zabbix';
  }

  /** skewFor is a sender host's clock error, stable per host. */
  skewFor(senderKey: string): number {
    return Math.round((hash32(senderKey, this.opts.seed + 13) / 0x1_0000_0000 * 2 - 1) * this.opts.skewMs);
  }

  /** ksmInstance is the pod address of a cluster's kube-state-metrics (pod network, unknown to the CMDB), the `instance` of every series it exports. */
  ksmInstance(cluster: string): string {
    const h = hash32(cluster, (this.opts.styleSeed ?? this.opts.seed) + 11);
    return `100.64.${h & 255}.${((h >>> 8) % 254) + 1}:8080`;
  }

  /** partsOf lists the CIs that are `part_of` the given one (a workload's pods). */
  partsOf(id: string): ConfigurationItem[] {
    let parts = this.parts;
    if (!parts) {
      parts = new Map();
      for (const ci of this.shop.cis) for (const r of ci.relations) if (r.type === 'part_of') {
        let l = parts.get(r.target);
        if (!l) parts.set(r.target, (l = []));
        l.push(ci);
      }
      this.parts = parts;
    }
    return parts.get(id) ?? [];
  }

  private parts: Map<string, ConfigurationItem[]> | null = null;

  /** hostOf returns the machine an application/database runs on (random replica), or null. */
  hostOf(ci: ConfigurationItem): ConfigurationItem | null {
    const targets = ci.relations.filter((r) => r.type === 'runs_on').map((r) => this.byId.get(r.target)).filter((c): c is ConfigurationItem => !!c);
    return targets.length > 0 ? this.rng.pick(targets) : null;
  }

  /** hostDisplay is how a given sender names a machine: short name, FQDN, upper case or IP (stable per CI). */
  hostDisplay(ci: ConfigurationItem, sender: Sender): string {
    const h = hash32(ci.id, (this.opts.styleSeed ?? this.opts.seed) + 7) % 10;
    const fqdn = String(ci.attributes['fqdn'] ?? ci.name);
    const ip = String(ci.attributes['ip'] ?? ci.name);
    if (sender === 'zabbix') return h < 4 ? ci.name.toUpperCase() : h < 7 ? ci.name : fqdn;
    if (sender === 'icinga') return h < 6 ? ci.name : fqdn;
    return h < 4 ? ci.name : h < 7 ? fqdn : ip;
  }

  plan(ci: ConfigurationItem | null, unknownHost: string | null, kind: AlertKind, dep: ConfigurationItem | null, startTrue: number, endTrue: number | null, failure: { id: string; root: string } | null): AlertPlan | null {
    const rng = this.rng;
    const unmapped = ci === null || rng.chance(this.opts.unmappedRate ?? 0);
    const senderKey = ci?.id ?? unknownHost ?? 'unknown';
    let sender = this.senderFor(ci, senderKey);
    if (sender === 'zabbix' && !kind.zabbix) sender = 'prometheus';
    if (sender === 'icinga' && !kind.icinga) sender = 'prometheus';
    const type = ci?.type ?? 'host';
    const attrs = ci?.attributes ?? {};
    // The machine the alert is observed on: the CI itself for machines, its host for apps/databases.
    let machine: ConfigurationItem | null = null;
    if (ci && (type === 'host' || type === 'vm' || type === 'network' || type === 'storage' || type === 'load_balancer')) machine = ci;
    else if (ci && !K8S_TYPES.has(type)) machine = this.hostOf(ci);
    const rule = sender === 'prometheus' ? kind.prom?.alertname : sender === 'zabbix' ? kind.id : kind.icinga?.check;
    const identity = `${sender}|${ci?.id ?? `unknown:${unknownHost ?? ''}`}|${machine?.id ?? ''}|${rule ?? kind.id}`;
    let hostName = machine ? this.hostDisplay(machine, sender) : ci?.name ?? unknownHost ?? 'unknown';
    let name = ci?.name ?? unknownHost ?? 'unknown';
    if (type === 'business_service') name = name.replace(/ Service$/, '');
    if (unmapped && ci) {
      // Drift: the sender knows the thing under a name the CMDB never heard of.
      // A drifted name is still one machine's: a random one another machine already goes by is drawn
      // again, and the old name of a machine shown by its IP is its old host name, not "10-old".
      const owner = machine ?? ci;
      const stem = /^\d+(\.\d+){3}$/.test(hostName) ? owner.name : hostName;
      const variant = rng.int(0, 2);
      do {
        if (variant === 0) hostName = `172.${rng.int(16, 31)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
        else if (variant === 1) hostName = `srv${rng.hex(6)}`;
        else hostName = `${stem.split('.')[0]}-old`;
      } while (variant !== 2 && (this.driftedNames.get(hostName) ?? owner.id) !== owner.id);
      this.driftedNames.set(hostName, owner.id);
      if (APP_TYPES.has(type) || type === 'database' || type === 'queue' || type === 'cache') name = `${name}-${rng.pick(['v2', 'canary', 'blue', 'legacy'])}`;
      if (machine === ci) name = hostName;
    }
    const namespace = String(attrs['namespace'] ?? '');
    const workload = type === 'k8s_pod' ? String(attrs['workload'] ?? '') : type === 'k8s_workload' ? name : '';
    const ctx: TemplateContext = {
      rng, name, host: hostName,
      dep: dep ? (dep.type === 'business_service' ? dep.name : (dep.attributes['fqdn'] as string | undefined)?.split('.')[0] ?? dep.name) : 'upstream',
      depPort: Number(dep?.attributes['port'] ?? 443),
      port: Number(attrs['port'] ?? 8080),
      tech: String(attrs['tech'] ?? 'app'),
      namespace, pod: type === 'k8s_pod' ? name : '', container: type === 'k8s_pod' ? String(attrs['workload'] ?? name).split('-').slice(-1)[0] ?? 'app' : '',
      workload,
    };
    const cluster = String(attrs['cluster'] ?? ci?.location?.cluster ?? '');
    const env = ci?.environment ?? 'production';
    let labels: Record<string, string>;
    let resource: Event['resource'];
    let annotations: Record<string, string>;
    let title: string;
    let description: string;
    let source: string;
    let severity: Severity = kind.severity;
    let fingerprint: string;
    let url: string | undefined;
    if (sender === 'prometheus' && kind.prom) {
      const p = kind.prom;
      source = 'alertmanager';
      title = p.summary(ctx);
      labels = { alertname: p.alertname, severity: severity === 'critical' || severity === 'major' ? 'critical' : severity === 'info' ? 'info' : 'warning', env: env === 'production' ? 'prod' : env };
      resource = { environment: labels['env'] ?? 'prod' };
      if (cluster) { labels['cluster'] = cluster; resource.cluster = cluster; }
      // Kubernetes label sets are those of the kube-prometheus rules (kubernetes-mixin): kube-state-metrics
      // series carry the object (pod, deployment, node) and the exporter's own stable `instance`, never the
      // node a pod runs on; KubePodNotReady aggregates `sum by (namespace, pod, cluster)` and keeps nothing
      // else; kubelet targets carry `node` (prometheus-operator relabels it from the endpoint) and the
      // node's IP; node-exporter's `instance` is relabelled to the node name.
      const ksm = p.job === 'kube-state-metrics' ? this.ksmInstance(cluster) : '';
      if (type === 'k8s_pod') {
        if (kind.id === 'pod_notready') {
          Object.assign(labels, { namespace, pod: name });
          resource = { ...resource, namespace, pod: name };
        } else {
          Object.assign(labels, { namespace, pod: name, container: ctx.container, job: 'kube-state-metrics', instance: ksm });
          resource = { ...resource, namespace, pod: name, container: ctx.container, job: 'kube-state-metrics', instance: ksm.split(':')[0] ?? '' };
        }
        if (rng.chance(0.5) && workload) resource.workload = workload;
      } else if (type === 'k8s_workload') {
        if (p.job === 'kube-state-metrics') {
          Object.assign(labels, { namespace, deployment: name, job: 'kube-state-metrics', instance: ksm });
          resource = { ...resource, namespace, workload: name, job: 'kube-state-metrics', instance: ksm.split(':')[0] ?? '' };
        } else {
          Object.assign(labels, { namespace, service: name, job: `${namespace}/${name}` });
          resource = { ...resource, namespace, service: name, job: `${namespace}/${name}` };
        }
      } else if (type === 'k8s_namespace' || type === 'k8s_cluster') {
        Object.assign(labels, { namespace: namespace || 'kube-system', job: p.job, ...(ksm ? { instance: ksm } : {}) });
        resource = { ...resource, namespace: namespace || 'kube-system', job: p.job, ...(ksm ? { instance: ksm.split(':')[0] ?? '' } : {}) };
      } else if (ci?.attributes['role'] === 'k8s-node') {
        const host = unmapped ? hostName : name;
        if (p.job === 'kube-state-metrics') {
          Object.assign(labels, { node: host, job: p.job, instance: ksm });
          resource = { ...resource, host, job: p.job, instance: ksm.split(':')[0] ?? '' };
        } else if (p.job === 'kubelet') {
          Object.assign(labels, { node: host, job: p.job, instance: `${attrs['ip']}:10250` });
          resource = { ...resource, host, job: p.job, instance: String(attrs['ip']) };
        } else {
          Object.assign(labels, { job: 'node-exporter', instance: host });
          resource = { ...resource, host, job: 'node-exporter', instance: host };
        }
      } else if (APP_TYPES.has(type) || type === 'business_service') {
        const inst = type === 'business_service' ? `https://${name.toLowerCase()}.example.com/` : `${hostName}:${ctx.port}`;
        const job = p.job === 'app' ? name : p.job;
        Object.assign(labels, { service: name, job, instance: inst });
        resource = { ...resource, service: name, job, instance: inst.replace(/:\d+$/, '').replace(/^https?:\/\//, '').replace(/\/$/, '') };
      } else if (type === 'database' || type === 'cache' || type === 'queue' || type === 'cloud_service') {
        const endpoint = type === 'cloud_service' ? (ci?.aliases[0] ?? name) : hostName;
        Object.assign(labels, { job: `${ctx.tech}-exporter`, instance: `${endpoint}:${ctx.port}`, service: name });
        resource = { ...resource, job: `${ctx.tech}-exporter`, instance: endpoint, service: name };
      } else {
        Object.assign(labels, { job: p.job, instance: `${hostName}:${p.job === 'node' ? 9100 : p.job === 'snmp' ? 161 : 9115}` });
        resource = { ...resource, job: p.job, instance: hostName };
      }
      annotations = { summary: title, description: `${title}. ${p.alertname} on ${labels['instance'] ?? labels['pod'] ?? name} since ${new Date(startTrue).toISOString()}.`, runbook_url: `https://runbooks.example.com/${p.alertname.toLowerCase()}` };
      description = annotations['description'] ?? '';
      fingerprint = labelsFingerprint(labels);
      url = `http://prometheus.example.net:9090/graph?g0.expr=${encodeURIComponent(p.alertname)}`;
    } else if (sender === 'zabbix' && kind.zabbix) {
      const z = kind.zabbix;
      source = 'zabbix';
      title = z.trigger(ctx);
      severity = ZABBIX_SEVERITY[z.severity] ?? severity;
      let triggerid = this.triggerIds.get(identity);
      if (triggerid === undefined) this.triggerIds.set(identity, (triggerid = String(++this.triggerSeq * 7 + rng.int(0, 6))));
      labels = { triggerid, hostgroup: HOSTGROUP[type] ?? 'Linux servers', severity: z.severity, component: type === 'database' ? 'database' : type === 'network' ? 'network' : APP_TYPES.has(type) ? 'application' : 'system' };
      if (APP_TYPES.has(type)) labels['application'] = name;
      resource = { host: hostName };
      if (APP_TYPES.has(type)) resource.application = name;
      annotations = { eventid: String(rng.int(1_000_000, 9_999_999)) };
      description = `Problem started at ${new Date(startTrue).toISOString().slice(11, 19)} on ${new Date(startTrue).toISOString().slice(0, 10)}\nProblem name: ${title}\nHost: ${hostName}\nSeverity: ${z.severity}\nOriginal problem ID: ${annotations['eventid']}`;
      fingerprint = `zbx-${triggerid}`;
    } else {
      const ic = kind.icinga;
      if (!ic) return null;
      source = 'icinga';
      const output = ic.output(ctx);
      const state = severity === 'critical' || severity === 'major' ? 'CRITICAL' : 'WARNING';
      const check = ic.check === 'hostalive' ? '' : ic.check;
      title = check ? `${check} on ${hostName} is ${state}` : `Host ${hostName} is DOWN`;
      labels = check ? { host: hostName, service: check, check_command: ic.check, state } : { host: hostName, check_command: 'hostalive', state: 'DOWN' };
      resource = { host: hostName };
      annotations = { output };
      description = output;
      fingerprint = `icinga-${labelsFingerprint({ host: hostName, service: check })}`;
    }
    const flapping = rng.chance(this.opts.flappingRate);
    const plan: AlertPlan = {
      meta: { fingerprint, ciId: ci?.id ?? null, ciType: type, kind: kind.id, sender, unmapped, flapping, failureId: failure?.id ?? null },
      identity, fingerprint, dropped: false, owner: failure,
      source, severity, title, description, labels, annotations, resource,
      startTrue, endTrue, skew: this.skewFor(`${sender}:${machine?.id ?? senderKey}`),
      ...(url !== undefined ? { url } : {}),
    };
    return this.ledger.claim(plan) ? plan : null;
  }

  detectionDelay(sender: Sender): number {
    const rng = this.rng;
    if (sender === 'prometheus') return rng.weighted([[rng.int(15_000, 60_000), 3], [rng.int(60_000, 180_000), 4], [rng.int(180_000, 330_000), 1]]);
    if (sender === 'zabbix') return rng.int(30_000, 180_000);
    return rng.int(60_000, 240_000);
  }

  /** raise plans the alerts of one CI in a failure or as noise; returns how many it planned. */
  raise(ci: ConfigurationItem, role: AlertRole, dep: ConfigurationItem | null, at: number, end: number | null, failure: { id: string; root: string } | null, upstream: ConfigurationItem | null = null): number {
    const rng = this.rng;
    let kinds = kindsFor(ci.type, role, ci.attributes['role'] === 'k8s-node');
    if (!dep) kinds = kinds.filter((k) => !k.needsDep);
    if (role === 'symptom' && upstream) {
      if (MACHINE_TYPES.has(upstream.type)) {
        // A data store whose machine died is down, not merely slow.
        if (ci.type === 'database' || ci.type === 'cache' || ci.type === 'queue') kinds.push(...kindsFor(ci.type, 'cause', false).filter((k) => DOWN_KINDS.has(k.id)));
      } else {
        // An application failure does not make the machines of its callers unreachable or slow.
        kinds = kinds.filter((k) => !HOST_LEVEL_KINDS.has(k.id));
      }
    }
    if (kinds.length === 0) return 0;
    const n = Math.min(kinds.length, rng.weighted([[1, 65], [2, 28], [3, 7]]));
    rng.shuffle(kinds);
    let planned = 0;
    for (const kind of kinds) {
      if (planned >= n) break;
      const sender = this.senderFor(ci, ci.id);
      const t = at + this.detectionDelay(sender);
      if (t >= this.horizon) continue;
      const e = end === null ? null : Math.max(t + 30_000, end + rng.int(0, 120_000));
      if (this.plan(ci, null, kind, dep, t, e, failure)) planned++;
    }
    return planned;
  }
}

/** ROOT_TYPE_WEIGHTS: failures pick a CI type first (so hubs fail as often as in life, not in proportion to how many pods exist), then a CI of that type. */
const ROOT_TYPE_WEIGHTS: Record<string, number> = {
  host: 3, vm: 3, database: 3, network: 1.5, storage: 1, load_balancer: 0.5, application: 2, service: 3, cache: 1,
  queue: 1, k8s_workload: 3, k8s_pod: 1, cloud_service: 1.5, k8s_cluster: 0.2,
};

/**
 * generateStorm injects failures into a shop and renders the alerts real senders would emit:
 * failures start on a root CI and propagate along reverse depends_on/runs_on (and pod→workload
 * part_of) edges with per-hop delays and probabilities; some reached CIs stay silent, and so do some
 * roots. Background noise, flapping, duplicate sends, late (out-of-order) delivery and per-sender clock
 * skew are layered on top. Deterministic for a given shop and options. Takes a generated Shop or any
 * CMDB as a ConfigurationItem[] (e.g. an imported real one).
 */
export function generateStorm(shopOrCis: Shop | readonly ConfigurationItem[], opts: StormOptions): Storm {
  const shop: Shop = Array.isArray(shopOrCis)
    ? { seed: opts.seed, shape: 'microservices', cis: [...(shopOrCis as readonly ConfigurationItem[])], byId: new Map((shopOrCis as readonly ConfigurationItem[]).map((c) => [c.id, c])) }
    : (shopOrCis as Shop);
  const b = new StormBuilder(shop, opts);
  const failures: FailureInfo[] = [];
  const byType = new Map<string, ConfigurationItem[]>();
  for (const c of shop.cis) {
    if ((ROOT_TYPE_WEIGHTS[c.type] ?? 0) === 0) continue;
    let l = byType.get(c.type);
    if (!l) byType.set(c.type, (l = []));
    l.push(c);
  }
  const types = [...byType.keys()].map((t) => [t, ROOT_TYPE_WEIGHTS[t] ?? 0] as const);
  const candidates = { length: types.length };
  const pickRoot = (rng: Prng): ConfigurationItem => rng.pick(byType.get(rng.weighted(types)) ?? []);
  const usedRoots = new Set<string>();
  const span = Math.max(1, Math.floor(opts.durationMs * 0.8));
  const maxCis = opts.maxCisPerFailure ?? 60;
  // Footprints of earlier failures: the CIs they reached and when (±10 min). A new root is never a CI an
  // overlapping failure already reached (a second, unrelated cause, not an effect of the first), and noise
  // avoids them. Effects do cross: two overlapping failures may both reach a CI; each raises the alerts of
  // its own effect there, and an alert both would raise belongs to the earlier onset (ledger.ts).
  const holds = new Map<string, Array<{ from: number; to: number }>>();
  const held = (ciId: string, from: number, to: number): boolean =>
    holds.get(ciId)?.some((h) => h.from <= to && from <= h.to) ?? false;
  for (let f = 0; f < opts.failures && candidates.length > 0; f++) {
    const rng = (b.rng = b.base.fork(0x1000 + f));
    const prev = failures.length > 0 ? rng.pick(failures) : null;
    const t0 = prev && rng.chance(opts.overlapRate ?? 0.3)
      ? Math.min(b.start + span, prev.startAt + rng.int(0, 90_000))
      : b.start + rng.int(0, span);
    const duration = rng.weighted([[rng.int(5, 12) * MINUTE, 4], [rng.int(12, 40) * MINUTE, 3], [opts.durationMs, 1]]);
    const end = t0 + duration >= b.horizon ? null : t0 + duration;
    const from = t0 - 10 * MINUTE;
    const to = (end ?? b.horizon) + 10 * MINUTE;
    let root = pickRoot(rng);
    for (let tries = 0; (usedRoots.has(root.id) || held(root.id, from, to)) && tries < 30; tries++) root = pickRoot(rng);
    if (usedRoots.has(root.id) || held(root.id, from, to)) continue;
    usedRoots.add(root.id);
    const id = `F${String(f + 1).padStart(3, '0')}-${root.name}`;
    const failure = { id, root: root.id };
    let alerts = 0;
    let alertingCis = 0;
    if (rng.chance(0.85)) {
      const n = b.raise(root, 'cause', null, t0, end, failure);
      alerts += n;
      if (n > 0) alertingCis++;
    }
    // Breadth-first propagation, each CI reached once at its earliest time.
    const reached = new Map<string, number>([[root.id, t0]]);
    let frontier: Array<{ ci: ConfigurationItem; at: number; hop: number }> = [{ ci: root, at: t0, hop: 0 }];
    // A bad rollout of a workload crash-loops its own pods (parts), as well as hurting its callers.
    if (root.type === 'k8s_workload') {
      for (const pod of b.partsOf(root.id)) {
        if (!rng.chance(0.6)) continue;
        const t = t0 + rng.int(5_000, 60_000);
        reached.set(pod.id, t);
        const n = b.raise(pod, 'cause', null, t, end, failure);
        alerts += n;
        if (n > 0) alertingCis++;
      }
    }
    while (frontier.length > 0 && alertingCis < maxCis) {
      const next: typeof frontier = [];
      for (const { ci, at, hop } of frontier) {
        for (const d of b.dependents.get(ci.id) ?? []) {
          if (reached.has(d.id) || alertingCis >= maxCis) continue;
          const dep = b.byId.get(d.id);
          if (!dep) continue;
          const p = d.via === 'runs_on' ? 0.88 : d.via === 'part_of' ? 0.75 : 0.8 * Math.pow(0.92, hop);
          if (!rng.chance(p)) continue;
          const delay = d.via === 'runs_on' ? rng.int(2_000, 30_000) : d.via === 'part_of' ? rng.int(10_000, 60_000) : rng.int(10_000, 90_000);
          const t = at + delay;
          if (t >= b.horizon) continue;
          reached.set(d.id, t);
          next.push({ ci: dep, at: t, hop: hop + 1 });
          if (rng.chance(dep.type === 'business_service' ? 0.5 : 0.8)) {
            const n = b.raise(dep, 'symptom', d.via === 'depends_on' ? ci : null, t, end === null ? null : end + hop * rng.int(5_000, 40_000), failure, ci);
            alerts += n;
            if (n > 0) alertingCis++;
          }
        }
      }
      frontier = next;
    }
    for (const ciId of reached.keys()) {
      let l = holds.get(ciId);
      if (!l) holds.set(ciId, (l = []));
      l.push({ from, to });
    }
    failures.push({ id, rootCauseCi: root.id, rootCauseName: root.name, rootCauseType: root.type, startAt: t0, endAt: end ?? b.horizon, alertingCis, alerts });
  }
  // Background noise: unrelated alerts on random CIs, a quarter on machines the CMDB does not know.
  const noiseCount = Math.round(opts.noiseRate * opts.durationMs / MINUTE);
  const noiseCis = shop.cis.filter((c) => c.type !== 'business_service');
  for (let i = 0; i < noiseCount; i++) {
    const rng = (b.rng = b.base.fork(0x100000 + i));
    const at = b.start + rng.int(0, opts.durationMs - 1);
    const end = rng.chance(0.7) ? at + rng.int(1, 30) * MINUTE : null;
    const e = end !== null && end < b.horizon ? end : null;
    if (noiseCis.length === 0 || rng.chance(0.25)) {
      const unknown = `${rng.pick(['legacy', 'old', 'test', 'tmp', 'build', 'jump'])}-${rng.pick(['app', 'db', 'web', 'box', 'srv'])}-${rng.int(1, 99)}`;
      const kinds = kindsFor('host', 'noise', false);
      b.plan(null, unknown, rng.pick(kinds), null, at, e, null);
      continue;
    }
    let ci = rng.pick(noiseCis);
    for (let tries = 0; held(ci.id, at, e ?? b.horizon) && tries < 10; tries++) ci = rng.pick(noiseCis);
    if (held(ci.id, at, e ?? b.horizon)) continue;
    const kinds = kindsFor(ci.type, 'noise', ci.attributes['role'] === 'k8s-node');
    if (kinds.length === 0) continue;
    b.plan(ci, null, rng.pick(kinds), null, at, e, null);
  }
  const events = renderEvents(b);
  // The truth and the per-failure counts come from the alerts as claimed (an earlier onset may have taken
  // an alert a failure raised).
  const kept = b.ledger.kept();
  const truth: Truth = {};
  const cisOf = new Map<string, Set<string>>();
  for (const p of kept) {
    truth[p.meta.fingerprint] = p.owner ? { failureId: p.owner.id, rootCauseCi: p.owner.root } : null;
    p.meta.failureId = p.owner?.id ?? null;
    if (!p.owner) continue;
    let c = cisOf.get(p.owner.id);
    if (!c) cisOf.set(p.owner.id, (c = new Set()));
    c.add(p.meta.ciId ?? p.identity);
  }
  for (const f of failures) {
    f.alerts = kept.filter((p) => p.owner?.id === f.id).length;
    f.alertingCis = cisOf.get(f.id)?.size ?? 0;
  }
  const ciNames: Record<string, string[]> = {};
  for (const f of failures) {
    const ci = shop.byId.get(f.rootCauseCi);
    if (ci) ciNames[ci.id] = [ci.name, ...ci.aliases].map((s) => s.toLowerCase());
  }
  return { events, truth, failures, alerts: kept.map((p) => p.meta), ciNames };
}

interface Pending { trueAt: number; receivedAt: number; seq: number; event: Event }

function renderEvents(b: StormBuilder): Event[] {
  const out: Pending[] = [];
  let seq = 0;
  const lateRate = b.opts.lateRate ?? 0.05;
  for (const p of b.ledger.kept()) {
    const rng = b.base.fork(hash32(p.identity, 0x5eed));
    const fp = p.meta.fingerprint;
    // Timeline of (status, true time) transitions for this alert.
    const steps: Array<['firing' | 'resolved', number]> = [['firing', p.startTrue]];
    const stop = p.endTrue ?? b.horizon;
    if (p.meta.flapping) {
      let t = p.startTrue;
      for (let k = rng.int(3, 7); k > 0; k--) {
        t += rng.int(40_000, 150_000);
        if (t >= stop - 30_000 || t >= b.horizon) break;
        steps.push(['resolved', t]);
        t += rng.int(30_000, 120_000);
        if (t >= stop || t >= b.horizon) break;
        steps.push(['firing', t]);
      }
    }
    // Alertmanager-style re-notification of a still-firing alert (new id, same identity).
    if (rng.chance(0.25)) {
      const t = p.startTrue + rng.int(4, 15) * MINUTE;
      if (t < stop && t < b.horizon) steps.push(['firing', t]);
    }
    steps.sort((x, y) => x[1] - y[1]);
    const last = steps[steps.length - 1];
    if (p.endTrue !== null && p.endTrue < b.horizon && last && last[0] === 'firing') steps.push(['resolved', Math.max(p.endTrue, last[1] + 1000)]);
    const coarse = p.source !== 'alertmanager';
    let startsAt = 0;
    for (let i = 0; i < steps.length; i++) {
      const [status, t] = steps[i] as ['firing' | 'resolved', number];
      if (t >= b.horizon) break;
      let occurredAt = Math.max(0, t + p.skew);
      if (coarse) occurredAt = Math.floor(occurredAt / 1000) * 1000;
      if (status === 'firing' && (i === 0 || steps[i - 1]?.[0] === 'resolved')) startsAt = occurredAt;
      let receivedAt = t + rng.int(50, 1500);
      if (rng.chance(lateRate)) receivedAt += rng.int(5_000, 45_000);
      const event: Event = {
        id: `${p.source}-${fp.slice(-10)}-${i}`,
        source: p.source,
        fingerprint: fp,
        status,
        severity: status === 'resolved' ? p.severity : p.severity,
        title: p.title,
        description: p.description,
        labels: p.labels,
        annotations: p.annotations,
        resource: p.resource,
        occurredAt,
        receivedAt,
        startsAt,
        ...(status === 'resolved' ? { endsAt: occurredAt } : {}),
        ...(p.url !== undefined ? { url: p.url } : {}),
        ...(p.source === 'zabbix' ? { sourceEventId: p.annotations['eventid'] ?? '' } : {}),
      };
      out.push({ trueAt: t, receivedAt, seq: seq++, event });
      if (rng.chance(b.opts.duplicateRate)) out.push({ trueAt: t, receivedAt: receivedAt + rng.int(200, 8_000), seq: seq++, event });
    }
  }
  out.sort((x, y) => x.receivedAt - y.receivedAt || x.seq - y.seq);
  return out.map((o) => (o.event.receivedAt === o.receivedAt ? o.event : { ...o.event, receivedAt: o.receivedAt }));
}
