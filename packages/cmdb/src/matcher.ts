import type { CiMatch, CiMatchMethod, ConfigurationItem, ResourceHints } from '@aiops/model';
import type { CmdbGraph } from './graph.js';

/** MatchRule names one way of finding a CI from an event's hints, tried in the configured order. */
export type MatchRule =
  | 'explicit_id'
  | 'hostname'
  | 'short_name'
  | 'alias'
  | 'ip'
  | 'instance'
  | 'k8s_pod'
  | 'k8s_workload'
  | 'k8s_namespace'
  | 'k8s_mesh'
  | 'k8s_dns'
  | 'label_part'
  | 'service_env'
  | 'service'
  | 'host_check'
  | 'host_title'
  | 'name'
  | 'display_name'
  | 'label';

/**
 * DEFAULT_MATCH_RULES: most specific first, so a pod alert lands on the pod, not on its namespace, and
 * an alert that names its service (service/application/app label) lands on that application rather
 * than on the host it was scraped from (the host is one `runs_on` away and still found by topology),
 * unless that host is a machine the application depends on, or a machine check on its own host
 * (option hostOverService).
 * The last three are fallbacks for what the typed rules miss: a hint naming a CI of a type they do not
 * know (a serverless function, a NAT gateway: `name`), an application registered under its display
 * name ("Tax Svc" for the `tax-svc` tag: `display_name`), and a resource named only in a label no hint
 * reads (an AWS Health event's `availabilityZone`: `label`).
 */
export const DEFAULT_MATCH_RULES: readonly MatchRule[] = [
  'explicit_id', 'k8s_pod', 'k8s_workload', 'k8s_mesh', 'service_env', 'service', 'hostname', 'alias', 'short_name', 'ip', 'instance', 'k8s_dns', 'k8s_namespace', 'host_check', 'host_title',
  'name', 'display_name', 'label', 'label_part',
];

/** FALLBACK_MATCH_RULES: the rules a deployment may switch off one by one (correlate config `matching`). */
export const FALLBACK_MATCH_RULES: readonly MatchRule[] = ['name', 'display_name', 'label'];
/** SPECIFIC_MATCH_RULES: the rules that look for a more specific CI than the typed hints name (correlate config `matching.specific`). */
export const SPECIFIC_MATCH_RULES: readonly MatchRule[] = ['k8s_mesh', 'k8s_dns', 'label_part'];

/** UnmatchedHint is one line of the CMDB data-quality report: a hint value no CI answered to. */
export interface UnmatchedHint {
  readonly hint: string;
  readonly value: string;
  readonly count: number;
  readonly lastSeen: number;
}

export interface CiMatcher {
  /** `title`: the alert's title, read by the host_title rule (Zabbix trigger names such as "RabbitMQ: broker on mq-01 is down"). */
  match(resource: ResourceHints, labels?: Readonly<Record<string, string>>, at?: number, title?: string): CiMatch | null;
  /**
   * Other CIs answering to the same fully qualified Kubernetes key (cluster + namespace + name) or the
   * same service in the same environment as `id`: duplicates a hint cannot tell apart (a re-created
   * object, a discovery duplicate). Sorted; empty when the key is unique. The matcher returns the
   * first by id; a consumer with more context (what is alerting) may pick another.
   */
  duplicatesOf(id: string): readonly string[];
  /** Counts per method plus the unmatched hints (bounded list, most frequent first). */
  quality(limit?: number): { matched: Record<string, number>; unmatched: number; hints: UnmatchedHint[] };
}

const MAX_UNMATCHED = 1000;
// k8s pod names: <workload>-<replicaset hash>-<5 chars> (Deployment), <workload>-<ordinal> (StatefulSet), <workload>-<5 chars> (DaemonSet/Job)
const POD_DEPLOYMENT = /^(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}$/;
const POD_SHORT = /^(.+)-(?:[a-z0-9]{5}|\d+)$/;
const PORT = /:\d+$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function norm(s: string | undefined): string {
  return s === undefined ? '' : s.trim().toLowerCase();
}

function stripPort(s: string): string {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    return end > 0 ? s.slice(1, end) : s;
  }
  return s.replace(PORT, '');
}

/** slugOf: a name as tools spell it: lower case, every run of other characters one `-` ("TAX Svc" and "tax_svc" -> "tax-svc"). */
export function slugOf(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * Label names that never name the resource an alert is about (what fired, how bad, who owns it, where
 * in general): the `label` rule does not read them, so a CI that happens to share a check's or a
 * team's name is not matched through them.
 */
const NOT_RESOURCE_LABELS = new Set([
  'alertname', 'alert', 'severity', 'priority', 'status', 'state', 'check', 'check_command', 'monitor', 'metric', 'metricname', 'alarm',
  'alarmname', 'team', 'owner', 'env', 'environment', 'region', 'site', 'datacenter', 'source', 'namespace', 'job', 'poller', 'vcenter',
  'object_type', 'awsaccountid', 'account', 'statistic', 'unit', 'category', 'type',
]);
/**
 * Labels that say what fired and how bad, never which object: `label_part` does not read them. Unlike
 * NOT_RESOURCE_LABELS, `job` and `namespace` are read there: a value must also name a part of the
 * matched CI, which a scrape job or an unrelated namespace does not.
 */
const NOT_PART_LABELS = new Set([
  'alertname', 'alert', 'severity', 'priority', 'status', 'state', 'monitor', 'metric', 'metricname', 'alarm', 'alarmname', 'team', 'owner',
  'env', 'environment', 'statistic', 'unit', 'category', 'type', 'reporter',
]);
/** The labels a scrape adds about the target: an exporter reporting on other objects (kube-state-metrics) names itself there. */
const SCRAPE_TARGET_LABELS = new Set(['job', 'service', 'instance', 'endpoint', 'app_kubernetes_io_name', 'app_kubernetes_io_instance', 'app']);
/** How many `part_of` hops below the matched CI `label_part` looks (cluster > namespace > workload > pod). */
const MAX_PART_HOPS = 3;
/** Kubernetes cluster DNS: <pod>.<service>.<namespace>.svc[.<cluster domain>] or <service>.<namespace>.svc[...]. */
const K8S_DNS = /^([a-z0-9-]+(?:\.[a-z0-9-]+){1,2})\.svc(?:\.|$)/;
/** Label values shorter than this are too generic to name a CI on their own. */
const MIN_LABEL_VALUE = 4;
/** Shorter values are not indexed for label_part (a part_of relation to the matched CI guards the rest). */
const MIN_PART_VALUE = 3;

function shortName(host: string): string {
  if (IPV4.test(host)) return host;
  const dot = host.indexOf('.');
  return dot > 0 ? host.slice(0, dot) : host;
}

/** workloadOfPod strips the generated suffixes from a pod name. */
export function workloadOfPod(pod: string): string {
  const p = norm(pod);
  const m = POD_DEPLOYMENT.exec(p) ?? POD_SHORT.exec(p);
  return m?.[1] ?? p;
}

function attr(ci: ConfigurationItem, ...names: string[]): string {
  for (const n of names) {
    const v = ci.attributes[n];
    if (typeof v === 'string' && v !== '') return norm(v);
  }
  return '';
}

function firstLabel(labels: Readonly<Record<string, string>> | undefined, ...names: string[]): string {
  if (!labels) return '';
  for (const n of names) {
    const v = labels[n];
    if (v !== undefined && v !== '') return norm(v);
  }
  return '';
}

/** Machines that applications run on: a check on one of them may be about what runs there (host_check). */
const MACHINE_TYPES = new Set(['host', 'vm']);
/** CI types that run on a machine and that a host-attached service check can be about. */
const HOSTED_TYPES = new Set(['application', 'service', 'database', 'queue', 'cache']);
/** Words of check names that are about the machine itself (Nagios/Icinga/Zabbix host checks): such alerts stay on the host. */
const MACHINE_CHECK_WORDS = new Set([
  'hostalive', 'host', 'ping', 'ping4', 'ping6', 'icmp', 'disk', 'disks', 'fs', 'filesystem', 'mount', 'swap', 'load', 'cpu', 'mem', 'memory',
  'procs', 'processes', 'users', 'ntp', 'time', 'clock', 'uptime', 'reboot', 'ssh', 'apt', 'yum', 'updates', 'iostat', 'io', 'iowait', 'nfs',
  'if', 'ifstatus', 'interface', 'network', 'net', 'snmp', 'bgp', 'smart', 'raid', 'temperature', 'temp', 'fan', 'power', 'psu', 'kernel',
  'inode', 'inodes', 'system', 'os', 'agent', 'san', 'multipath', 'backup', 'dns', 'systemd',
]);

const HOST_METHODS = new Set<string>(['hostname', 'fqdn', 'short_name', 'alias', 'ip', 'instance', 'host_service']);
const HOST_TYPES = new Set(['host', 'vm', 'network', 'load_balancer', 'storage', 'database', 'k8s_node']);
const SERVICE_TYPES = new Set(['application', 'service', 'k8s_workload', 'database', 'queue', 'cache', 'cloud_service', 'supplier_service']);

/**
 * createCiMatcher builds the lookup indexes once (O(1) per rule at match time) and re-indexes lazily
 * when the graph changed. Each match records the method and the hint value that matched; misses are
 * counted per hint value for the data-quality report.
 */
/** CiMatcherOptions: switches that weigh one hint against another (the rule list says which hints are read). */
export interface CiMatcherOptions {
  /**
   * A host hint (hostname, alias, short name, IP, instance) naming a CI that the application matched by
   * the service hint runs on or depends on directly: the alert is about that machine (a check on the
   * database host that `checkout` uses, tagged `service=checkout`), then refined to what runs there by
   * host_check. A host unrelated to the application (a poller, a stale record) stays behind the service.
   * Default on.
   */
  readonly hostOverService?: boolean;
}

/** the host rules, in the order the configured rule list tries them (hostOverService). */
const HOST_RULES: readonly MatchRule[] = ['hostname', 'alias', 'short_name', 'ip', 'instance'];

export function createCiMatcher(graph: CmdbGraph, rules: readonly MatchRule[] = DEFAULT_MATCH_RULES, options: CiMatcherOptions = {}): CiMatcher {
  const hostOverService = options.hostOverService ?? true;
  const hostRules = rules.filter((r) => HOST_RULES.includes(r));
  let builtAt = -1;
  let byName = new Map<string, string>();
  let byHost = new Map<string, string>();
  let byShort = new Map<string, string>();
  let byAlias = new Map<string, string>();
  let byIp = new Map<string, string>();
  let byPod = new Map<string, string>();
  let byWorkload = new Map<string, string>(); // ns/workload and workload
  let byNamespace = new Map<string, string>();
  let byServiceEnv = new Map<string, string>();
  let byService = new Map<string, string>();
  let bySlug = new Map<string, string>(); // '' = several CIs share the slug: ambiguous, never matched
  let byNameAll = new Map<string, string[]>(); // every CI a name or alias belongs to (label_part scopes by part_of)
  let dups = new Map<string, string[]>();
  let hostedCache = new Map<string, string | null>();
  let hostedList = new Map<string, ReadonlyArray<{ id: string; own: ReadonlySet<string> }> | null>();
  const matched: Record<string, number> = {};
  let unmatchedCount = 0;
  const unmatched = new Map<string, { hint: string; value: string; count: number; lastSeen: number }>();

  // First writer wins, and items are visited in id order, so the index does not depend on arrival order.
  function put(m: Map<string, string>, k: string, id: string): void {
    if (k !== '' && !m.has(k)) m.set(k, id);
  }
  // fully qualified keys held by several CIs: the CIs are duplicates of each other
  const owners = new Map<string, string[]>();
  function putQualified(m: Map<string, string>, k: string, id: string): void {
    put(m, k, id);
    const key = `${m === byServiceEnv ? 's' : 'k'}\u0001${k}`;
    const l = owners.get(key);
    if (!l) owners.set(key, [id]);
    else if (!l.includes(id)) l.push(id);
  }

  function build(): void {
    byName = new Map(); byHost = new Map(); byShort = new Map(); byAlias = new Map(); byIp = new Map();
    byPod = new Map(); byWorkload = new Map(); byNamespace = new Map(); byServiceEnv = new Map(); byService = new Map();
    bySlug = new Map();
    byNameAll = new Map();
    const named = (v: string, id: string): void => {
      if (v.length < MIN_PART_VALUE) return;
      const l = byNameAll.get(v);
      if (!l) byNameAll.set(v, [id]);
      else if (!l.includes(id)) l.push(id);
    };
    const slug = (v: string, id: string): void => {
      const k = slugOf(v);
      if (k.length < 3) return;
      const prev = bySlug.get(k);
      bySlug.set(k, prev === undefined || prev === id ? id : '');
    };
    owners.clear();
    hostedCache = new Map();
    hostedList = new Map();
    const items = [...graph.all()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const ci of items) {
      const name = norm(ci.name);
      put(byName, norm(ci.id), ci.id);
      put(byName, name, ci.id);
      const env = norm(ci.environment);
      const host = attr(ci, 'fqdn', 'hostname', 'host');
      if (HOST_TYPES.has(ci.type) || host !== '') {
        put(byHost, name, ci.id);
        put(byHost, host, ci.id);
        put(byShort, shortName(name), ci.id);
        if (host !== '') put(byShort, shortName(host), ci.id);
      }
      slug(name, ci.id);
      named(name, ci.id);
      for (const a of ci.aliases) {
        const na = norm(a);
        named(na, ci.id);
        put(byAlias, na, ci.id);
        put(byShort, shortName(na), ci.id);
        slug(na, ci.id);
      }
      const ip = attr(ci, 'ip', 'ip_address', 'ipAddress');
      if (ip !== '') put(byIp, ip, ci.id);
      const ns = attr(ci, 'namespace', 'k8s_namespace');
      const cl = attr(ci, 'cluster') || norm(ci.location?.cluster);
      const scoped = (m: Map<string, string>, k: string, qualified = false) => {
        if (cl !== '') (qualified ? putQualified : put)(m, `${cl}\u0000${k}`, ci.id);
        put(m, k, ci.id);
      };
      if (ci.type === 'k8s_pod') {
        if (ns !== '') scoped(byPod, `${ns}/${name}`, true);
        scoped(byPod, name);
      }
      if (ci.type === 'k8s_workload') {
        if (ns !== '') scoped(byWorkload, `${ns}/${name}`, true);
        scoped(byWorkload, name);
      }
      if (ci.type === 'k8s_namespace') {
        scoped(byNamespace, name);
        if (ns !== '') scoped(byNamespace, ns);
      }
      if (SERVICE_TYPES.has(ci.type)) {
        const svc = attr(ci, 'service') || name;
        (env !== '' && cl === '' ? putQualified : put)(byServiceEnv, `${svc}\u0000${env}`, ci.id); // clustered: same name in two clusters is no duplicate
        scoped(byService, svc);
        for (const a of ci.aliases) scoped(byService, norm(a));
      }
    }
    dups = new Map();
    for (const ids of owners.values()) {
      if (ids.length < 2) continue;
      for (const id of ids) {
        let l = dups.get(id);
        if (!l) dups.set(id, (l = []));
        for (const other of ids) if (other !== id && !l.includes(other)) l.push(other);
      }
    }
    for (const l of dups.values()) l.sort();
    owners.clear();
    builtAt = graph.version;
  }

  const refine = rules.includes('host_check');
  const refinePart = rules.includes('label_part');
  const refineByTitle = rules.includes('host_title');
  /**
   * refineToHosted: monitoring tools attach service checks to hosts (Icinga/Nagios host!service, Zabbix
   * items). When the check is not about the machine itself, the alert is about what runs on it: the hosted
   * CI the check names (a word of its name or type), else the only one hosted there. Otherwise it stays
   * on the host, so a database check on a consolidated DB server does not guess among several.
   */
  function refineToHosted(m: CiMatch, labels: Readonly<Record<string, string>> | undefined, service: string, title: string): CiMatch | null {
    const check = refine ? service || firstLabel(labels, 'check_command', 'check', 'component') : '';
    let id = check === '' ? null : hostedOnce(m.id, check);
    let what = check;
    if (id === null && refineByTitle && title !== '' && (hostedOn(m.id)?.length ?? 0) > 0) {
      // no telling check name (none, or a generic tag such as Zabbix `component: system`): the title may
      // name what runs there ("activemq: broker on mq-01 is down", "Queue rabbitmq-orders.q depth is too
      // high"). Without the host's own name, and only a hosted CI the title names (never "the only one").
      const own = new Set((m.hint ?? '').split(/[^a-z0-9]+/));
      const words = norm(title).split(/[^a-z0-9]+/).filter((w) => w !== '' && !own.has(w) && !/^\d+$/.test(w));
      // not cached: titles carry counters and ids, and the per-machine list makes this a few set lookups
      id = hostedBy(m.id, words, false);
      if (id !== null) what = words.join(' ');
    }
    if (id === null) return null;
    // counted once, as host_check, not also under the host rule that found the machine
    matched[m.method] = (matched[m.method] ?? 1) - 1;
    matched['host_check'] = (matched['host_check'] ?? 0) + 1;
    return { id, method: 'host_check', hint: `${m.hint}!${what}` };
  }
  /** hostedOnce: every event of a check on a host asks the same question: answer it once per CMDB version. */
  function hostedOnce(machineId: string, check: string): string | null {
    const key = `${machineId}\u0000${check}`;
    let id = hostedCache.get(key);
    if (id === undefined) {
      id = hostedBy(machineId, check.split(/[^a-z0-9]+/).filter((w) => w !== ''), true);
      if (hostedCache.size < 100_000) hostedCache.set(key, id);
    }
    return id;
  }
  /** hostedOn: the CIs running on a machine, with the words they go by (name, type, technology); null for a non-machine. Once per machine and CMDB version. */
  function hostedOn(machineId: string): ReadonlyArray<{ id: string; own: ReadonlySet<string> }> | null {
    let l = hostedList.get(machineId);
    if (l !== undefined) return l;
    const machine = graph.get(machineId);
    if (!machine || !MACHINE_TYPES.has(machine.type)) l = null;
    else {
      const on: Array<{ id: string; own: ReadonlySet<string> }> = [];
      for (const r of graph.downstreamOf(machineId)) {
        if (r.type !== 'runs_on') continue;
        const c = graph.get(r.id);
        if (c && HOSTED_TYPES.has(c.type)) on.push({ id: c.id, own: new Set([...norm(c.name).split(/[^a-z0-9]+/), c.type, attr(c, 'technology', 'tech', 'product')]) });
      }
      l = on;
    }
    hostedList.set(machineId, l);
    return l;
  }
  function hostedBy(machineId: string, words: readonly string[], onlyHosted: boolean): string | null {
    if (words.length === 0 || words.some((w) => MACHINE_CHECK_WORDS.has(w))) return null;
    const hosted = hostedOn(machineId);
    if (!hosted || hosted.length === 0) return null;
    let pick: string | null = null;
    for (const c of hosted) {
      if (!words.some((w) => c.own.has(w))) continue;
      if (pick !== null) return null; // names several: no guess
      pick = c.id;
    }
    if (pick === null && onlyHosted && hosted.length === 1) pick = (hosted[0] as { id: string }).id;
    return pick;
  }

  function hit(id: string | undefined, method: CiMatchMethod, hint: string): CiMatch | null {
    if (id === undefined) return null;
    matched[method] = (matched[method] ?? 0) + 1;
    return { id, method, hint };
  }

  /**
   * byLabelValue: the CI that the alert's label values name exactly (name or alias), among labels that
   * can name a resource. Several named: the one that runs on / depends on all the others (a trap naming
   * a device and the virtual server on it is about the virtual server), else no guess.
   */
  function byLabelValue(labels: Readonly<Record<string, string>> | undefined): CiMatch | null {
    if (!labels) return null;
    const found = new Map<string, string>(); // id -> hint
    for (const k of Object.keys(labels).sort()) {
      if (NOT_RESOURCE_LABELS.has(k.toLowerCase())) continue;
      const v = norm(labels[k]);
      if (v.length < MIN_LABEL_VALUE) continue;
      const id = byName.get(v) ?? byAlias.get(v);
      if (id !== undefined && !found.has(id)) found.set(id, `${k}=${v}`);
    }
    // a label naming a container (the cluster an exporter reports from) and one naming an object in it: the object
    const ids = [...found.keys()].filter((id, _, all) => !all.some((o) => o !== id && partHops(o, id) > 0));
    const pick = ids.length <= 1 ? ids[0] : ids.filter((id) => {
      const targets = new Set((graph.get(id)?.relations ?? []).filter((r) => r.type !== 'part_of').map((r) => r.target));
      return ids.every((o) => o === id || targets.has(o));
    });
    const id = typeof pick === 'string' ? pick : pick?.length === 1 ? pick[0] : undefined;
    return id === undefined ? null : hit(id, 'label', found.get(id) ?? '');
  }

  /** partHops: how many `part_of` hops lead from `id` up to `container` (0: not below it, within MAX_PART_HOPS). */
  function partHops(id: string, container: string): number {
    let level = [id];
    for (let hops = 1; hops <= MAX_PART_HOPS && level.length > 0; hops++) {
      const next: string[] = [];
      for (const x of level) {
        for (const r of graph.get(x)?.relations ?? []) {
          if (r.type !== 'part_of') continue;
          if (r.target === container) return hops;
          next.push(r.target);
        }
      }
      level = next;
    }
    return 0;
  }
  /**
   * refineToPart (label_part): the typed hints often name a container (a namespace, a scheduler folder,
   * a cluster) while another label names the object inside it that the alert is about (an SLO label
   * naming the workload, a job label naming the batch job of the folder). A label value that is the name
   * or alias of a CI `part_of` the match (up to MAX_PART_HOPS below) wins; the deepest such CI, and
   * none when two different CIs tie at that depth. Only exact names, looked up in an index. The container
   * may also be a namesake of the match (another CI with its exact name: a scheduler folder named like the
   * application it feeds) when the match itself has no parts: the hint cannot tell the two apart, and a
   * label naming a part of the namesake says the container was meant. (A match with parts of its own, a
   * workload named like its namespace, keeps to them: there the namesake's parts are other objects.)
   */
  function refineToPart(m: CiMatch, labels: Readonly<Record<string, string>> | undefined, scraper: boolean): CiMatch | null {
    if (!labels) return null;
    const self = graph.get(m.id);
    const namesakes = self ? byNameAll.get(norm(self.name)) : undefined;
    const containers = namesakes && namesakes.length > 1 && !graph.downstreamOf(m.id).some((r) => r.type === 'part_of')
      ? [m.id, ...namesakes.filter((x) => x !== m.id)] : [m.id];
    let best: string | null = null;
    let bestHops = 0;
    let bestHint = '';
    let tie = false;
    // label order does not change the pick (deepest, ties refused); it only picks the hint among labels naming the same CI
    for (const k in labels) {
      if (NOT_PART_LABELS.has(k.toLowerCase()) || (scraper && SCRAPE_TARGET_LABELS.has(k))) continue;
      const v = norm(labels[k]);
      const ids = v.length < MIN_PART_VALUE ? undefined : byNameAll.get(v);
      if (!ids) continue;
      for (const id of ids) {
        if (containers.includes(id) || id === best) continue;
        let hops = 0;
        for (const c of containers) hops = Math.max(hops, partHops(id, c));
        if (hops === 0 || hops < bestHops) continue;
        if (hops === bestHops) tie = true;
        else {
          best = id;
          bestHops = hops;
          bestHint = `${k}=${v}`;
          tie = false;
        }
      }
    }
    if (best === null || tie) return null;
    matched[m.method] = (matched[m.method] ?? 1) - 1;
    matched['label_part'] = (matched['label_part'] ?? 0) + 1;
    return { id: best, method: 'label_part', hint: `${m.hint ?? ''}>${bestHint}` };
  }
  /** byK8sDns: the service (and pod) a Kubernetes cluster DNS name stands for, or null. */
  function byK8sDns(name: string, get: (m: Map<string, string>, k: string) => string | undefined): { id: string | undefined; hint: string } | null {
    const d = K8S_DNS.exec(name);
    if (!d) return null;
    const parts = (d[1] as string).split('.');
    const ns = parts[parts.length - 1] as string;
    const svc = parts[parts.length - 2] as string;
    const pod = parts.length === 3 ? (parts[0] as string) : '';
    const podId = pod !== '' ? get(byPod, `${ns}/${pod}`) : undefined;
    if (podId !== undefined) return { id: podId, hint: `${ns}/${pod}` };
    return { id: get(byWorkload, `${ns}/${svc}`) ?? get(byService, svc) ?? get(byWorkload, svc) ?? byName.get(svc) ?? byAlias.get(svc), hint: `${ns}/${svc}` };
  }

  function miss(hint: string, value: string, at: number): void {
    if (value === '') return;
    const k = `${hint}\u0000${value}`;
    const u = unmatched.get(k);
    if (u) {
      u.count++;
      if (at > u.lastSeen) u.lastSeen = at;
    } else if (unmatched.size < MAX_UNMATCHED) {
      unmatched.set(k, { hint, value, count: 1, lastSeen: at });
    }
  }

  return {
    match(resource, labels, at = 0, title = '') {
      if (graph.size === 0) {
        unmatchedCount++;
        return null;
      }
      if (builtAt !== graph.version) build();
      const host = norm(resource.host) || firstLabel(labels, 'host', 'hostname', 'node', 'nodename');
      // kube-state-metrics reports on objects (pods, Deployments, nodes) from its own pod: its `instance`
      // is the exporter, never the thing the alert is about (KubePodCrashLooping on a pod elsewhere)
      // (a release may prefix it: `eric-pm-kube-state-metrics`); its own `service`/`app_kubernetes_io_name` are the exporter's too
      const scraper = (norm(resource.job) || firstLabel(labels, 'job')).endsWith('kube-state-metrics') || firstLabel(labels, 'app_kubernetes_io_name').endsWith('kube-state-metrics');
      const instance = scraper ? '' : stripPort(norm(resource.instance) || firstLabel(labels, 'instance'));
      const ip = norm(resource.ip) || (IPV4.test(instance) ? instance : '');
      // Prometheus renames a target label the series already had to exported_<name> (honor_labels: false):
      // then exported_<name> is the object's and <name> the scrape target's
      const ns = firstLabel(labels, 'exported_namespace') || norm(resource.namespace) || firstLabel(labels, 'namespace', 'kubernetes_namespace');
      const pod = firstLabel(labels, 'exported_pod') || norm(resource.pod) || firstLabel(labels, 'pod', 'pod_name', 'kubernetes_pod_name');
      const workload = norm(resource.workload) || firstLabel(labels, 'deployment', 'statefulset', 'daemonset', 'workload');
      const service = firstLabel(labels, 'exported_service')
        || (scraper ? '' : norm(resource.service) || norm(resource.application) || firstLabel(labels, 'service', 'app', 'application', 'app_kubernetes_io_name'));
      const env = norm(resource.environment) || firstLabel(labels, 'env', 'environment');
      const cluster = norm(resource.cluster) || firstLabel(labels, 'cluster', 'k8s_cluster');
      const get = (m: Map<string, string>, k: string): string | undefined => (cluster !== '' ? m.get(`${cluster}\u0000${k}`) : undefined) ?? m.get(k);
      /**
       * hostOf: the CI the host hints name when the application `app` matched by the service hint depends
       * on it directly (the check is on that machine: its database server, its DNS); null when the app runs
       * there (the service label names what runs on the host: host_check would pick the app anyway) or the
       * host is unrelated (a poller, a stale record).
       */
      const hostOf = (app: CiMatch): { m: CiMatch; machine: boolean } | null => {
        if (host === '' && instance === '' && ip === '') return null;
        const rels = graph.get(app.id)?.relations ?? [];
        if (!rels.some((r) => r.type === 'depends_on' || r.type === 'runs_on')) return null;
        for (const rule of hostRules) {
          let id: string | undefined;
          let v = host;
          if (rule === 'hostname') id = host === '' ? undefined : byHost.get(host);
          else if (rule === 'alias') id = host === '' ? undefined : byAlias.get(host);
          else if (rule === 'short_name') {
            id = host === '' ? undefined : byShort.get(shortName(host));
            if (id === undefined && instance !== '' && !IPV4.test(instance)) [id, v] = [byShort.get(shortName(instance)), instance];
          } else if (rule === 'ip') [id, v] = [ip === '' ? undefined : byIp.get(ip), ip];
          else [id, v] = [instance === '' ? undefined : byHost.get(instance) ?? byIp.get(instance) ?? byName.get(instance), instance];
          if (id === undefined) continue;
          // the first host hit decides, as the host rules would
          if (id === app.id) return null;
          const runsOn = rels.some((r) => r.type === 'runs_on' && r.target === id);
          // on the app's own machine, only a check about the machine itself (PING, Disk /var) leaves the app
          const machine = runsOn && machineCheck();
          if (!(machine || (!runsOn && rels.some((r) => r.type === 'depends_on' && r.target === id)))) return null;
          matched[app.method] = (matched[app.method] ?? 1) - 1;
          matched['host_service'] = (matched['host_service'] ?? 0) + 1;
          return { m: { id, method: 'host_service', hint: `${v} (${rule}; service ${app.hint ?? ''} ${runsOn ? 'runs on' : 'depends on'} it)` }, machine };
        }
        return null;
      };
      /** machineCheck: the alert's check name (not the service tag) is about the machine itself. */
      const machineCheck = (): boolean => {
        const check = firstLabel(labels, 'check_command', 'check', 'alertname');
        const words = check.split(/[^a-z0-9]+/).filter((w) => w !== '');
        return words.length > 0 && words.some((w) => MACHINE_CHECK_WORDS.has(w));
      };
      for (const rule of rules) {
        let m: CiMatch | null = null;
        switch (rule) {
          case 'explicit_id': {
            const v = norm(resource.ci);
            if (v !== '') m = hit(byName.get(v), 'explicit_id', v);
            break;
          }
          case 'hostname':
            if (host !== '') m = hit(byHost.get(host), host.includes('.') && !IPV4.test(host) ? 'fqdn' : 'hostname', host);
            break;
          case 'short_name':
            if (host !== '') m = hit(byShort.get(shortName(host)), 'short_name', host);
            if (!m && instance !== '' && !IPV4.test(instance)) m = hit(byShort.get(shortName(instance)), 'short_name', instance);
            break;
          case 'alias':
            if (host !== '') m = hit(byAlias.get(host), 'alias', host);
            if (!m && service !== '') m = hit(byAlias.get(service), 'alias', service);
            break;
          case 'ip':
            if (ip !== '') m = hit(byIp.get(ip), 'ip', ip);
            break;
          case 'instance':
            if (instance !== '') m = hit(byHost.get(instance) ?? byIp.get(instance) ?? byName.get(instance), 'instance', instance);
            break;
          case 'k8s_pod':
            if (pod !== '') m = hit((ns === '' ? undefined : get(byPod, `${ns}/${pod}`)) ?? get(byPod, pod), 'k8s_pod', pod);
            break;
          case 'k8s_workload': {
            const w = workload !== '' ? workload : pod !== '' ? workloadOfPod(pod) : '';
            if (w !== '') m = hit((ns !== '' ? get(byWorkload, `${ns}/${w}`) : undefined) ?? get(byWorkload, w), 'k8s_workload', ns === '' ? w : `${ns}/${w}`);
            break;
          }
          case 'k8s_namespace':
            if (ns !== '') m = hit(get(byNamespace, ns), 'k8s_namespace', ns);
            break;
          case 'k8s_mesh': {
            // Istio/Envoy standard labels name both ends of a call; `reporter` says whose proxy measured it,
            // and that side is what the alert is about (no reporter: the destination, a server-side metric)
            if (!labels || (labels['source_workload'] === undefined && labels['destination_workload'] === undefined && labels['destination_service_name'] === undefined)) break;
            const sides = firstLabel(labels, 'reporter') === 'source' ? ['source', 'destination'] : ['destination', 'source'];
            for (const side of sides) {
              if (m) break;
              const w = firstLabel(labels, `${side}_workload`);
              const wns = firstLabel(labels, `${side}_workload_namespace`) || (side === 'source' ? '' : firstLabel(labels, 'destination_service_namespace'));
              if (w !== '' && w !== 'unknown') {
                m = hit((wns !== '' ? get(byWorkload, `${wns}/${w}`) : undefined) ?? get(byWorkload, w), 'k8s_mesh', `${side}_workload=${wns === '' ? w : `${wns}/${w}`}`);
                continue;
              }
              const svcName = side === 'destination' ? firstLabel(labels, 'destination_service_name', 'destination_service') : '';
              if (svcName === '' || svcName === 'unknown') continue;
              const dns = byK8sDns(svcName, get);
              const sns = firstLabel(labels, 'destination_service_namespace');
              const id = dns?.id ?? (sns !== '' ? get(byWorkload, `${sns}/${svcName}`) : undefined) ?? get(byService, svcName) ?? get(byWorkload, svcName);
              m = hit(id, 'k8s_mesh', `destination_service=${dns?.hint ?? svcName}`);
            }
            break;
          }
          case 'k8s_dns':
            // a scrape target or host given as a cluster DNS name (pg-0.pg.data.svc:9187): the pod or service it names
            for (const v of [host, instance]) {
              if (v === '' || m) continue;
              const d = byK8sDns(v, get);
              if (d) m = hit(d.id, 'k8s_dns', d.hint);
            }
            break;
          case 'service_env':
            if (service !== '' && env !== '') m = hit(byServiceEnv.get(`${service}\u0000${env}`), 'service_env', `${service}/${env}`);
            break;
          case 'service':
            if (service !== '') m = hit((ns !== '' ? get(byService, `${ns}/${service}`) : undefined) ?? get(byService, service), 'service', service);
            break;
          case 'name':
            // any CI type, by its exact name or alias: the typed rules above only look among the types they know
            for (const v of [service, host, IPV4.test(instance) ? '' : instance]) {
              if (v === '' || m) continue;
              m = hit(byName.get(v) ?? byAlias.get(v), 'name', v);
            }
            break;
          case 'display_name':
            for (const v of [service, host]) {
              if (v === '' || m) continue;
              const id = bySlug.get(slugOf(v));
              if (id !== '') m = hit(id, 'display_name', v);
            }
            break;
          case 'label':
            m = byLabelValue(labels);
            break;
          case 'label_part':
            break; // refines whatever the rules above matched
        }
        if (!m) continue;
        let machine = false;
        if (hostOverService && (m.method === 'service' || m.method === 'service_env')) {
          const h = hostOf(m);
          if (h) [m, machine] = [h.m, h.machine];
        }
        // a machine check on the app's own host stays there: the service tag must not refine it back
        if ((refine || refineByTitle) && !machine && HOST_METHODS.has(m.method)) m = refineToHosted(m, labels, service, title) ?? m;
        return refinePart ? (refineToPart(m, labels, scraper) ?? m) : m;
      }
      unmatchedCount++;
      if (host !== '') miss('host', host, at);
      else if (instance !== '') miss('instance', instance, at);
      if (pod !== '') miss('pod', ns === '' ? pod : `${ns}/${pod}`, at);
      if (service !== '') miss('service', service, at);
      if (resource.ci !== undefined) miss('ci', norm(resource.ci), at);
      return null;
    },
    duplicatesOf(id) {
      if (builtAt !== graph.version) build();
      return dups.get(id) ?? [];
    },
    quality(limit = 100) {
      const hints = [...unmatched.values()]
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
        .slice(0, limit)
        .map((u) => ({ ...u }));
      return { matched: { ...matched }, unmatched: unmatchedCount, hints };
    },
  };
}
