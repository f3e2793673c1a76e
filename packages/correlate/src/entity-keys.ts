import { workloadOfPod, type CmdbGraph } from '@aiops/cmdb';
import type { CiMatch, Event, JoinRule } from '@aiops/model';
import type { CorrelateConfig } from './config.js';
import { mentionsOf, normEntity as normHost, titleSubject } from './mentions.js';

/** Labels whose values name entities; Kubernetes object names are left out (the namespace already groups them). */
const FAMILY_LABELS = ['host', 'hostname', 'instance', 'service', 'application', 'app', 'job'];
/** Words that name a role or a technology, not an application: never a name family. */
const GENERIC_NAME_WORDS = new Set([
  'api', 'svc', 'service', 'web', 'www', 'app', 'apps', 'srv', 'server', 'host', 'node', 'nodes', 'db', 'dbs', 'lb', 'esx', 'vm', 'k8s', 'kube',
  'prod', 'production', 'prd', 'dev', 'test', 'stage', 'staging', 'qa', 'uat', 'dr', 'canary', 'legacy', 'old', 'new', 'blue', 'green',
  'worker', 'workers', 'gateway', 'proxy', 'processor', 'engine', 'adapter', 'sync', 'scheduler', 'indexer', 'aggregator', 'validator',
  'exporter', 'router', 'cache', 'warmer', 'publisher', 'consumer', 'resolver', 'frontend', 'backend', 'batch', 'cron', 'job', 'jobs',
  'redis', 'memcached', 'mongodb', 'mongo', 'mysql', 'postgres', 'postgresql', 'pg', 'oracle', 'mssql', 'sql', 'kafka', 'rabbitmq', 'mq',
  'zookeeper', 'elastic', 'elasticsearch', 'nginx', 'apache', 'tomcat', 'haproxy', 'envoy', 'istio', 'coredns', 'dns', 'ntp', 'ldap',
  'node-exporter', 'blackbox', 'prometheus', 'grafana', 'alertmanager', 'ip', 'compute', 'internal', 'example', 'local', 'localdomain',
  'com', 'net', 'org', 'io', 'cloud', 'corp', 'lan', 'dc1', 'dc2', 'dc3', 'eu', 'us', 'ap', 'east', 'west', 'north', 'south', 'central',
  'primary', 'replica', 'master', 'slave', 'standby', 'main', 'core', 'edge', 'int', 'ext', 'public', 'private', 'tor', 'sw', 'switch',
  'fw', 'firewall', 'san', 'nas', 'storage', 'disk', 'vol', 'volume', 'deploy', 'deployment', 'statefulset', 'daemonset', 'pod', 'container',
]);
const HOST_PORT = /:\d+$/;
/** <pod>.<service>.<namespace>.svc[.cluster.local][:port]: the per-pod DNS name a headless Service gives */
const K8S_POD_DNS = /^[a-z0-9-]+\.([a-z0-9-]+)\.[a-z0-9-]+\.svc(?:\.|:|$)/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * EntityKeys: the keys an alert shares with a group when they are about the same entity (`ci:` CI,
 * `bs:` business service, `k<i>:` a configured label key, `kf:` a name family, `kn:`/`km:` its own names
 * and the names its text mentions), and the join rule and score each kind of key stands for.
 */
export interface EntityKeys {
  keysOf(e: Event, ci: CiMatch | null, service: string | null): string[];
  keyRule(key: string): KeyRule;
}

export interface KeyRule {
  readonly rule: JoinRule;
  readonly score: number;
  readonly name: string;
}

export function createEntityKeys(g: CorrelateConfig['grouping'], cmdb: CmdbGraph): EntityKeys {
  const ignored = new Set(g.ignoredLabelValues.map((v) => v.toLowerCase()));
  const connectives = new Set(g.mentionConnectives.map((v) => v.toLowerCase()));
  /** a CI that others are part_of (a namespace, a cluster, a folder): what it holds, not one thing that can fail */
  const isContainer = (id: string): boolean => cmdb.downstreamOf(id).some((r) => r.type === 'part_of');
  // ---- entity keys ----
  function keysOf(e: Event, ci: CiMatch | null, service: string | null): string[] {
    const keys: string[] = [];
    if (ci && g.sameCi) keys.push(g.sameContainerCi || !isContainer(ci.id) ? `ci:${ci.id}` : `kc:${ci.id}`); // kc: a shared label, not the same CI
    if (ci && g.sameService) {
      const bss = cmdb.businessServicesOf(ci.id);
      if (bss.length > 0 && bss.length <= g.sameServiceMaxServices) for (const b of bss) keys.push(`bs:${b}`);
    } else if (service !== null && g.sameService) keys.push(`bs:${service}`);
    const r = e.resource as Record<string, string | undefined>;
    let notNames: Set<string> | null = null; // labels that do not name an entity for this sender (an Icinga check name); most senders: none
    g.labelKeys.forEach((spec, i) => {
      if (spec.unlessLabels.some((l) => e.labels[l] !== undefined)) {
        for (const l of spec.labels) (notNames ??= new Set()).add(l);
        return;
      }
      for (const name of spec.labels) {
        if (spec.skipWhen[name]?.some((l) => e.labels[l] !== undefined)) continue;
        const raw = e.labels[name] ?? r[name];
        if (raw === undefined || raw === '') continue;
        let v = raw.toLowerCase();
        if (spec.normalize === 'host') v = normHost(v);
        else if (spec.normalize === 'workload' && name === 'pod') v = workloadOfPod(v);
        if (ignored.has(v)) break;
        const ns = spec.normalize === 'workload' || spec.name === 'namespace' ? (e.labels['cluster'] ?? r['cluster'] ?? '') : '';
        const nsPrefix = spec.normalize === 'workload' ? `${e.labels['namespace'] ?? r['namespace'] ?? ''}/` : '';
        keys.push(`k${i}:${ns}${ns === '' ? '' : '/'}${nsPrefix}${v}`);
        break;
      }
    });
    if (g.nameFamilies) {
      // name families: a distinctive word shared by entity names (fraud3-indexer, mongodb-fraud3, db-fraud3-01)
      const fam = new Set<string>();
      for (const name of FAMILY_LABELS) {
        if ((notNames as Set<string> | null)?.has(name)) continue; // (set inside the forEach above)
        const raw = e.labels[name] ?? r[name];
        if (raw === undefined || raw === '' || IPV4.test(raw.replace(HOST_PORT, ''))) continue;
        const base = name === 'pod' ? workloadOfPod(raw) : normHost(raw);
        for (const w of base.split(/[-_./]/)) {
          if (w.length < 3 || !/[a-z]/.test(w) || /^\d+$/.test(w) || GENERIC_NAME_WORDS.has(w) || ignored.has(w)) continue;
          fam.add(w);
        }
      }
      for (const w of fam) keys.push(`kf:${w}`);
    }
    if (g.mentions && !(ci && g.topologyFirst)) {
      // own entity names (kn:, best first: service, workload, host) and the entities the text names (km:);
      // not for alerts matched to a CI when topology decides (they never use label evidence: cost only)
      let own: Set<string> | null = null; // built on the first name-like token only (most texts have none)
      const isOwn = (name: string): boolean => {
        if (!own) {
          own = new Set();
          for (const v of [...Object.values(e.labels), ...Object.values(r)]) {
            if (typeof v !== 'string' || v === '') continue;
            own.add(v.toLowerCase());
            own.add(normHost(v));
            own.add(workloadOfPod(v.toLowerCase()));
          }
        }
        return own.has(name);
      };
      const mine: Array<{ rank: number; name: string }> = [];
      for (const k of keys) {
        if (k.charCodeAt(0) !== 107 || k.charCodeAt(1) === 102) continue; // label keys only, not name families
        const spec = g.labelKeys[Number(k.slice(1, k.indexOf(':')))];
        if (!spec || spec.rule === 'shared_label') continue;
        // a workload key carries its cluster/namespace prefix; any other value is whole ("app/shop-alb/50dc6c49", an ALB's dimension)
        const v = spec.normalize === 'workload' || !g.wholeServiceNames ? k.slice(k.lastIndexOf('/') + 1 > k.indexOf(':') ? k.lastIndexOf('/') + 1 : k.indexOf(':') + 1) : k.slice(k.indexOf(':') + 1);
        mine.push({ rank: spec.rule === 'same_service' ? 0 : spec.normalize === 'workload' ? 1 : 2, name: v });
      }
      if (g.k8sDnsNames) {
        // a Kubernetes per-pod DNS name (pg-orders-0.pg-orders.data.svc): the pod of a Service (a StatefulSet's
        // headless Service), the workload its replicas share
        for (const k of keys) {
          const spec = k.charCodeAt(0) === 107 ? g.labelKeys[Number(k.slice(1, k.indexOf(':')))] : undefined;
          if (spec?.normalize !== 'host') continue;
          const raw = hostRaw(e, r, spec);
          const m = raw === undefined ? null : K8S_POD_DNS.exec(raw.toLowerCase());
          if (m && !ignored.has(m[1] as string)) mine.push({ rank: 1, name: m[1] as string });
        }
      }
      mine.sort((x, y) => x.rank - y.rank);
      if (g.titleSubject && mine.length === 0) {
        // no host/workload/service label: a label value the title spells is what the alert is about
        // (`slo_service`, `job_name`: labels no configured key reads), a better name than its namespace
        const subject = titleSubject(e.title, subjectValues(e, r));
        if (subject !== null && !ignored.has(subject)) mine.unshift({ rank: -1, name: subject });
      }
      for (const m of mine) if (!keys.includes(`kn:${m.name}`)) keys.push(`kn:${m.name}`);
      // free text a sender (or a dataset column) put in a label: "connection refused db-01:5432"
      let text = `${e.title} ${e.description}`;
      for (const l of g.mentionLabels) {
        const v = e.labels[l];
        if (v !== undefined && v !== '' && v !== e.description) text += ` ${v}`;
      }
      for (const x of mentionsOf(text, { connectives, isOwn, ignored, max: 4 })) keys.push(`km:${x}`);
    }
    return keys;
  }
  /** the raw value of the label a host key was read from (the first present, not skipped) */
  function hostRaw(e: Event, r: Record<string, string | undefined>, spec: CorrelateConfig['grouping']['labelKeys'][number]): string | undefined {
    for (const l of spec.labels) {
      if (spec.skipWhen[l]?.some((x) => e.labels[x] !== undefined)) continue;
      const v = e.labels[l] ?? r[l];
      if (v !== undefined && v !== '') return v;
    }
    return undefined;
  }
  const textLabels = new Set(['alertname', ...g.mentionLabels]);
  /** label values that may name the alert's subject: not the free-text labels nor the alert's name */
  function subjectValues(e: Event, r: Record<string, string | undefined>): string[] {
    const out: string[] = [];
    for (const [k, v] of Object.entries(e.labels)) if (!textLabels.has(k) && v !== '' && v !== e.title) out.push(v);
    for (const [k, v] of Object.entries(r)) if (typeof v === 'string' && !textLabels.has(k) && v !== '' && v !== e.title) out.push(v);
    return out;
  }
  // one shared answer per kind of key: keyRule runs for every key an alert shares with every candidate group
  const FAMILY: KeyRule = { rule: 'shared_label', score: g.nameFamilyScore, name: 'name family' };
  const CI: KeyRule = { rule: 'same_ci', score: 1, name: 'ci' };
  const SERVICE: KeyRule = { rule: 'same_service', score: 0.7, name: 'business service' };
  const LABEL: KeyRule = { rule: 'shared_label', score: 0.5, name: 'label' };
  const byLabelKey = new Map<string, KeyRule>(g.labelKeys.map((spec, i) => [`k${i}`, { rule: spec.rule as JoinRule, score: spec.score, name: spec.name }]));
  function keyRule(key: string): KeyRule {
    if (key.startsWith('kf:')) return FAMILY;
    if (key.startsWith('ci:')) return CI;
    if (key.startsWith('bs:')) return SERVICE;
    return byLabelKey.get(key.slice(0, key.indexOf(':'))) ?? LABEL;
  }

  return { keysOf, keyRule };
}
