/**
 * microservices: root-cause benchmarks in the RCAEval / AIOps-challenge style. A demo application (Online
 * Boutique, Sock Shop, Train Ticket) on Kubernetes; faults injected into one service (CPU hog, memory
 * leak, disk fill, network delay, packet loss, pod kill, code exception); metric-threshold / anomaly
 * alerts on the faulty service, its pod and node, and on its upstream callers (latency, errors), fading
 * with call depth; cases overlap in time; background alerts. The label is the case id and the root
 * service. The topology a user would have: the service call graph (from traces), pods on nodes.
 */
import type { ConfigurationItem } from '@aiops/model';
import { createPrng as createPrngFor, type Prng } from '../quality/prng.js';
import { ci, cmdbCsv, failureStarts, fmt, hashHex, keepOwned, toCsv, toJsonl, type DatasetFile, type Episode, type Failure, type Generated } from './core.js';

export type AppName = 'boutique' | 'sockshop' | 'trainticket';

/** caller -> callees; datastores are the names in STORES. */
const GRAPHS: Record<AppName, Record<string, readonly string[]>> = {
  boutique: {
    frontend: ['productcatalogservice', 'currencyservice', 'cartservice', 'recommendationservice', 'shippingservice', 'checkoutservice', 'adservice'],
    checkoutservice: ['productcatalogservice', 'shippingservice', 'currencyservice', 'cartservice', 'paymentservice', 'emailservice'],
    recommendationservice: ['productcatalogservice'],
    cartservice: ['redis-cart'],
    productcatalogservice: [], currencyservice: [], shippingservice: [], paymentservice: [], emailservice: [], adservice: [], 'redis-cart': [],
  },
  sockshop: {
    'front-end': ['catalogue', 'carts', 'orders', 'user'],
    orders: ['carts', 'user', 'payment', 'shipping', 'orders-db'],
    carts: ['carts-db'],
    catalogue: ['catalogue-db'],
    user: ['user-db'],
    shipping: ['rabbitmq'],
    'queue-master': ['rabbitmq'],
    payment: [], 'orders-db': [], 'carts-db': [], 'catalogue-db': [], 'user-db': [], rabbitmq: [],
  },
  trainticket: {
    'ts-ui-dashboard': ['ts-auth-service', 'ts-user-service', 'ts-travel-service', 'ts-travel2-service', 'ts-preserve-service', 'ts-order-service', 'ts-cancel-service', 'ts-execute-service', 'ts-contacts-service', 'ts-food-service', 'ts-station-service', 'ts-rebook-service', 'ts-inside-payment-service'],
    'ts-auth-service': ['ts-auth-mongo', 'ts-verification-code-service'],
    'ts-user-service': ['ts-user-mongo', 'ts-auth-service'],
    'ts-preserve-service': ['ts-security-service', 'ts-contacts-service', 'ts-travel-service', 'ts-seat-service', 'ts-order-service', 'ts-food-service', 'ts-assurance-service', 'ts-consign-service', 'ts-user-service', 'ts-station-service', 'ts-ticketinfo-service'],
    'ts-travel-service': ['ts-route-service', 'ts-train-service', 'ts-ticketinfo-service', 'ts-seat-service', 'ts-order-service', 'ts-travel-mongo'],
    'ts-travel2-service': ['ts-route-service', 'ts-train-service', 'ts-ticketinfo-service', 'ts-seat-service', 'ts-order-other-service'],
    'ts-ticketinfo-service': ['ts-basic-service'],
    'ts-basic-service': ['ts-station-service', 'ts-train-service', 'ts-route-service', 'ts-price-service'],
    'ts-seat-service': ['ts-order-service', 'ts-order-other-service', 'ts-config-service'],
    'ts-order-service': ['ts-order-mongo', 'ts-station-service'],
    'ts-order-other-service': ['ts-order-other-mongo', 'ts-station-service'],
    'ts-cancel-service': ['ts-order-service', 'ts-order-other-service', 'ts-inside-payment-service', 'ts-user-service', 'ts-notification-service'],
    'ts-rebook-service': ['ts-order-service', 'ts-travel-service', 'ts-seat-service', 'ts-inside-payment-service'],
    'ts-inside-payment-service': ['ts-payment-service', 'ts-order-service', 'ts-inside-payment-mongo'],
    'ts-execute-service': ['ts-order-service', 'ts-order-other-service'],
    'ts-security-service': ['ts-order-service', 'ts-order-other-service', 'ts-security-mongo'],
    'ts-food-service': ['ts-food-map-service', 'ts-travel-service', 'ts-station-service'],
    'ts-consign-service': ['ts-consign-price-service', 'ts-consign-mongo'],
    'ts-route-service': ['ts-route-mongo'],
    'ts-station-service': ['ts-station-mongo'],
    'ts-train-service': ['ts-train-mongo'],
    'ts-contacts-service': ['ts-contacts-mongo'],
    'ts-price-service': [], 'ts-config-service': [], 'ts-assurance-service': [], 'ts-payment-service': [], 'ts-notification-service': ['rabbitmq'],
    'ts-verification-code-service': [], 'ts-food-map-service': [], 'ts-consign-price-service': [],
    'ts-auth-mongo': [], 'ts-user-mongo': [], 'ts-travel-mongo': [], 'ts-order-mongo': [], 'ts-order-other-mongo': [], 'ts-inside-payment-mongo': [],
    'ts-security-mongo': [], 'ts-consign-mongo': [], 'ts-route-mongo': [], 'ts-station-mongo': [], 'ts-train-mongo': [], 'ts-contacts-mongo': [], rabbitmq: [],
  },
};
const isStore = (s: string): boolean => /(-db|mongo|redis|rabbitmq)/.test(s);
const NAMESPACE: Record<AppName, string> = { boutique: 'online-boutique', sockshop: 'sock-shop', trainticket: 'train-ticket' };

export interface Pod { name: string; service: string; node: string }
export interface MicroEstate {
  app: AppName;
  namespace: string;
  services: string[];
  callers: Map<string, string[]>;
  pods: Pod[];
  nodes: string[];
  cis: ConfigurationItem[];
}

/** buildEstate: the app's services, 1–3 pods each (stores 1, a StatefulSet), spread over worker nodes. */
export function buildEstate(prng: Prng, app: AppName): MicroEstate {
  const graph = GRAPHS[app];
  const services = Object.keys(graph);
  const namespace = NAMESPACE[app];
  const nodes = Array.from({ length: app === 'trainticket' ? 8 : 4 }, () => `gke-${app}-default-pool-${prng.hex(8)}-${prng.alnum(4)}`);
  const callers = new Map<string, string[]>(services.map((s) => [s, []]));
  for (const [caller, callees] of Object.entries(graph)) for (const c of callees) callers.get(c)?.push(caller);
  const pods: Pod[] = [];
  for (const s of services) {
    if (isStore(s)) pods.push({ name: `${s}-0`, service: s, node: prng.pick(nodes) });
    else {
      const rs = prng.hex(10);
      for (let i = prng.int(1, 3); i > 0; i--) pods.push({ name: `${s}-${rs}-${prng.alnum(5)}`, service: s, node: prng.pick(nodes) });
    }
  }
  const cluster = `${app}-prod`;
  const cis: ConfigurationItem[] = [ci('cluster', cluster, 'k8s_cluster'), ci(`ns-${namespace}`, namespace, 'k8s_namespace', [{ type: 'part_of', target: 'cluster' }])];
  for (const n of nodes) cis.push(ci(`node-${n}`, n, 'host', [{ type: 'part_of', target: 'cluster' }], { hostname: n }));
  for (const s of services) {
    const type = isStore(s) ? (s.includes('rabbitmq') ? 'queue' : s.includes('redis') ? 'cache' : 'database') : 'k8s_workload';
    cis.push(ci(`svc-${s}`, s, type, [{ type: 'part_of', target: `ns-${namespace}` }, ...(graph[s] ?? []).map((c) => ({ type: 'depends_on' as const, target: `svc-${c}` }))], { namespace, cluster, service: s }, { location: { cluster } }));
  }
  for (const p of pods) cis.push(ci(`pod-${p.name}`, p.name, 'k8s_pod', [{ type: 'part_of', target: `svc-${p.service}` }, { type: 'runs_on', target: `node-${p.node}` }], { namespace, cluster }, { location: { cluster } }));
  return { app, namespace, services, callers, pods, nodes, cis };
}

export type MicroFault = 'cpu' | 'mem' | 'disk' | 'delay' | 'loss' | 'pod-kill' | 'code-exception';
const FAULTS: ReadonlyArray<readonly [MicroFault, number]> = [['cpu', 3], ['mem', 3], ['disk', 1.5], ['delay', 3], ['loss', 2], ['pod-kill', 2], ['code-exception', 2.5]];

/** Alert: what a symptom alert is about, in this dataset family's neutral terms (each export names it its own way). */
export interface MicroAlert {
  /** metric-ish name: latency, error_rate, cpu, memory, restarts, disk, replicas, exceptions */
  metric: 'latency' | 'error_rate' | 'cpu' | 'memory' | 'oom' | 'restarts' | 'disk' | 'node_cpu' | 'replicas' | 'exceptions' | 'throttling' | 'job_failed' | 'clock_skew';
  service: string;
  pod: string | null;
  node: string | null;
  critical: boolean;
}

export interface MicroStormOptions {
  seed: number; startAt: number; durationMs: number; failures: number; concurrent: number; noise: number;
  /** keep a symptom a later case has again (core.ts keepOwned): a log where the same alerts recur across incidents */
  recurring?: boolean;
}

/**
 * upstream: callers of `s` up to the entry, with their call depth; a caller is affected with a chance
 * falling with depth (retries and timeouts absorb some of it), as in the benchmarks' metric traces.
 */
function affectedCallers(prng: Prng, e: MicroEstate, s: string, fade: number): Array<{ service: string; depth: number }> {
  const out: Array<{ service: string; depth: number }> = [];
  const seen = new Set([s]);
  let frontier = [s];
  for (let depth = 1; frontier.length > 0 && depth <= 4; depth++) {
    const next: string[] = [];
    for (const f of frontier) for (const c of e.callers.get(f) ?? []) {
      if (seen.has(c)) continue;
      seen.add(c);
      if (prng.chance(Math.pow(fade, depth))) {
        out.push({ service: c, depth });
        next.push(c);
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * microStorm: cases (fault on a service) and background alerts, as neutral alerts with times; `render`
 * turns each into the dataset's identity and columns.
 */
export function microStorm(e: MicroEstate, o: MicroStormOptions, prng: Prng, render: (a: MicroAlert) => Omit<Episode, 'start' | 'end' | 'owner' | 'root'>): Generated {
  const episodes: Episode[] = [];
  const failures: Failure[] = [];
  const podsOf = (s: string): Pod[] => e.pods.filter((p) => p.service === s);
  const add = (a: MicroAlert, start: number, end: number | null, owner: string | null) => episodes.push({ ...render(a), start, end, owner });
  const targets = e.services.filter((s) => !isStore(s) || prng.chance(0.5));
  const starts = failureStarts(prng, o.failures, o.startAt, o.durationMs, o.concurrent);
  // a benchmark injects one fault into a service at a time: cases that overlap hit different services
  const busyUntil = new Map<string, number>();
  starts.forEach((t0, i) => {
    const id = `case-${String(i + 1).padStart(3, '0')}`;
    const kind = prng.weighted(FAULTS);
    const free = targets.filter((x) => (busyUntil.get(x) ?? 0) < t0);
    const s = prng.pick(free.length > 0 ? free : targets);
    busyUntil.set(s, t0 + 20 * 60_000);
    const pod = prng.pick(podsOf(s));
    const len = prng.int(5, 12) * 60_000; // injection length, as the benchmarks' 5–10 min cases
    failures.push({ id, kind, start: t0, rootName: s, rootCi: `svc-${s}` });
    const after = (min: number, max: number) => t0 + prng.int(min, max) * 1000;
    const until = (t: number) => t0 + len + prng.int(30, 180) * 1000 + (t - t0) * 0.1;
    const sym = (a: MicroAlert, t: number) => add(a, t, until(t), id);
    const base = { service: s, pod: pod.name, node: pod.node };
    // the root's own resource alerts, then its service level, then callers (fading with depth, later with depth)
    let fade = 0.55;
    let callerMetric: MicroAlert['metric'] = 'latency';
    let own: MicroAlert['metric'][] = [];
    switch (kind) {
      case 'cpu': own = ['cpu', 'latency']; if (prng.chance(0.3)) sym({ metric: 'node_cpu', service: s, pod: null, node: pod.node, critical: false }, after(90, 240)); if (prng.chance(0.4)) own.push('throttling'); break;
      case 'mem': own = ['memory', ...(prng.chance(0.6) ? ['oom', 'restarts'] as const : [])]; callerMetric = 'error_rate'; fade = 0.45; break;
      case 'disk': own = ['disk', ...(prng.chance(0.5) ? ['error_rate'] as const : [])]; callerMetric = 'error_rate'; fade = 0.35; break;
      case 'delay': own = prng.chance(0.5) ? ['latency'] : []; fade = 0.7; break;
      case 'loss': own = prng.chance(0.4) ? ['error_rate'] : []; callerMetric = prng.chance(0.5) ? 'error_rate' : 'latency'; fade = 0.6; break;
      case 'pod-kill': own = ['restarts', ...(prng.chance(0.6) ? ['replicas'] as const : [])]; callerMetric = 'error_rate'; fade = 0.4; break;
      case 'code-exception': own = ['error_rate', ...(prng.chance(0.6) ? ['exceptions'] as const : [])]; callerMetric = 'error_rate'; fade = 0.6; break;
    }
    own.forEach((m, k) => {
      const onPod = m === 'cpu' || m === 'memory' || m === 'oom' || m === 'restarts' || m === 'throttling' || m === 'disk';
      sym({ metric: m, ...base, pod: onPod || m === 'exceptions' ? pod.name : null, node: onPod ? pod.node : null, critical: m === 'oom' || m === 'error_rate' }, after(30 + k * 20, 120 + k * 40));
    });
    for (const c of affectedCallers(prng, e, s, fade)) {
      sym({ metric: callerMetric, service: c.service, pod: null, node: null, critical: c.depth <= 1 }, after(60 + c.depth * 30, 180 + c.depth * 60));
      if (prng.chance(0.2)) sym({ metric: callerMetric === 'latency' ? 'error_rate' : 'latency', service: c.service, pod: null, node: null, critical: false }, after(90 + c.depth * 30, 240 + c.depth * 60));
    }
  });
  // background: CPU throttling, a cron job failing, short latency blips, clock skew on a node; per hour
  const hours = o.durationMs / 3_600_000;
  const n = Math.round(hours * 6 * o.noise * (e.services.length / 12));
  for (let i = 0; i < n; i++) {
    const t = o.startAt + Math.floor(prng.next() * o.durationMs);
    const p = prng.pick(e.pods);
    const kind = prng.weighted([['throttling', 4], ['latency', 3], ['job_failed', 1], ['clock_skew', 0.5], ['memory', 1]] as const);
    const len = prng.int(2, 25) * 60_000;
    if (kind === 'job_failed') add({ metric: 'job_failed', service: 'db-backup', pod: `db-backup-${prng.int(28900000, 28999999)}-${prng.alnum(5)}`, node: p.node, critical: false }, t, t + len, null);
    else if (kind === 'clock_skew') add({ metric: 'clock_skew', service: '', pod: null, node: p.node, critical: false }, t, t + len, null);
    else if (kind === 'latency') add({ metric: 'latency', service: p.service, pod: null, node: null, critical: false }, t, t + prng.int(2, 5) * 60_000, null);
    else add({ metric: kind, service: p.service, pod: p.name, node: p.node, critical: false }, t, t + len, null);
  }
  return { episodes, failures, cis: e.cis };
}

// ---- exports: three ways such a benchmark reaches a user ----

type Render = (a: MicroAlert) => Omit<Episode, 'start' | 'end' | 'owner' | 'root'>;

const AM_NAMES: Record<MicroAlert['metric'], string> = {
  latency: 'HighLatencyP99', error_rate: 'HighErrorRate', cpu: 'PodHighCPUUsage', memory: 'ContainerMemoryNearLimit', oom: 'KubePodOOMKilled',
  restarts: 'KubePodCrashLooping', disk: 'PodEphemeralStorageHigh', node_cpu: 'NodeHighCPUUsage', replicas: 'KubeDeploymentReplicasMismatch',
  exceptions: 'ExceptionLogRateHigh', throttling: 'CPUThrottlingHigh', job_failed: 'KubeJobFailed', clock_skew: 'NodeClockSkewDetected',
};
const SUMMARY: Record<MicroAlert['metric'], string> = {
  latency: 'p99 latency above 500ms for 2m', error_rate: '5xx ratio above 5%', cpu: 'container CPU above 90% of limit', memory: 'container memory above 90% of limit',
  oom: 'container was OOMKilled', restarts: 'pod is restarting (CrashLoopBackOff)', disk: 'ephemeral storage above 85%', node_cpu: 'node CPU above 90%',
  replicas: 'deployment has not matched the expected number of replicas', exceptions: 'error log lines above 50/min', throttling: 'CPU throttled more than 25% of periods',
  job_failed: 'job did not complete', clock_skew: 'clock skew detected, offset > 0.05s',
};

/** Alertmanager webhook log (JSON lines, one alert per line, nested labels/annotations, re-sent each group_interval). */
function alertmanagerRender(e: MicroEstate): Render {
  return (a) => {
    const labels: Record<string, string> = { alertname: AM_NAMES[a.metric], namespace: e.namespace, severity: a.critical ? 'critical' : 'warning' };
    const ksm = a.metric === 'oom' || a.metric === 'restarts' || a.metric === 'replicas' || a.metric === 'job_failed';
    if (ksm) Object.assign(labels, { job: 'kube-state-metrics', instance: '10.8.0.14:8080' });
    if (a.metric === 'replicas') labels.deployment = a.service;
    else if (a.metric === 'job_failed') { labels.job_name = a.pod?.replace(/-[a-z0-9]+$/, '') ?? ''; }
    else if (a.pod) Object.assign(labels, { pod: a.pod, container: a.service });
    if (a.metric === 'node_cpu' || a.metric === 'clock_skew') Object.assign(labels, { instance: `${a.node ?? ''}:9100`, node: a.node ?? '', job: 'node-exporter' });
    else if (a.service && !ksm) labels.service = a.service;
    if (a.metric === 'latency' || a.metric === 'error_rate') labels.job = 'istio-mesh';
    const sorted = Object.fromEntries(Object.entries(labels).sort());
    return { host: '', title: labels.alertname ?? '', service: a.service, fingerprint: hashHex(JSON.stringify(sorted)), severity: labels.severity ?? 'warning', ci: a.pod ? `pod-${a.pod}` : a.service ? `svc-${a.service}` : `node-${a.node ?? ''}`, extra: sorted };
  };
}

function alertmanagerRows(kept: readonly Episode[], failures: readonly Failure[]): { rows: Array<Record<string, unknown>>; n: number } {
  const rootOf = new Map(failures.map((f) => [f.id, f.rootName]));
  const out: Array<{ t: number; row: Record<string, unknown> }> = [];
  for (const ep of kept) {
    const common = { labels: ep.extra, annotations: { summary: SUMMARY_BY_NAME.get(ep.title) ?? '', description: `${ep.title} on ${ep.extra.pod ?? ep.extra.service ?? ep.extra.node ?? ep.extra.deployment ?? 'cluster'}` }, startsAt: fmt.iso(ep.start), generatorURL: `http://prometheus:9090/graph?g0.expr=${encodeURIComponent(ep.title)}`, fingerprint: ep.fingerprint, case_id: ep.owner, root_cause_service: ep.owner ? rootOf.get(ep.owner) ?? null : null };
    const end = ep.end ?? Infinity;
    // first notification after group_wait (30 s), then re-sent with its group every group_interval (5 min) while firing
    for (let t = ep.start + 30_000; t < end; t += 300_000) out.push({ t, row: { status: 'firing', ...common, endsAt: '0001-01-01T00:00:00Z' } });
    if (ep.end !== null) out.push({ t: ep.end + 30_000, row: { status: 'resolved', ...common, endsAt: fmt.iso(ep.end) } });
  }
  out.sort((a, b) => a.t - b.t);
  return { rows: out.map((x) => x.row), n: out.length };
}
const SUMMARY_BY_NAME = new Map(Object.entries(AM_NAMES).map(([m, n]) => [n, SUMMARY[m as MicroAlert['metric']]]));

const ANOMALY_METRIC: Record<MicroAlert['metric'], string> = {
  latency: 'latency_p90', error_rate: 'error_rate', cpu: 'cpu_usage', memory: 'mem_usage', oom: 'oom_events', restarts: 'restart_count', disk: 'disk_usage',
  node_cpu: 'node_cpu_usage', replicas: 'replicas_unavailable', exceptions: 'log_error_count', throttling: 'cpu_throttled', job_failed: 'job_failures', clock_skew: 'ntp_offset',
};

/** an anomaly detector's output over the benchmark's metrics: a row per minute while a metric is anomalous, no end rows. */
function anomalyRender(): Render {
  return (a) => {
    const instance = a.pod ?? (a.metric === 'node_cpu' || a.metric === 'clock_skew' ? a.node ?? '' : '');
    return { host: instance, title: ANOMALY_METRIC[a.metric], service: a.service, severity: '', ci: a.pod ? `pod-${a.pod}` : a.service ? `svc-${a.service}` : `node-${a.node ?? ''}`, extra: {} };
  };
}

function anomalyRows(prng: Prng, kept: readonly Episode[], failures: readonly Failure[], horizon: number): Array<Record<string, string>> {
  const rootOf = new Map(failures.map((f) => [f.id, f.rootName]));
  const out: Array<{ t: number; row: Record<string, string> }> = [];
  for (const ep of kept) {
    const end = Math.min(ep.end ?? horizon, horizon);
    for (let t = ep.start - (ep.start % 60_000) + 60_000; t <= end; t += 60_000) {
      const score = (0.6 + prng.next() * 0.4).toFixed(3);
      out.push({ t, row: { time: fmt.epochS(t), service: ep.service, instance: ep.host, metric: ep.title, value: (50 + prng.next() * 900).toFixed(2), anomaly_score: score, case: ep.owner ?? '', root_cause: ep.owner ? rootOf.get(ep.owner) ?? '' : '' } });
    }
  }
  out.sort((a, b) => a.t - b.t);
  return out.map((x) => x.row);
}

const KPI: Record<MicroAlert['metric'], string> = {
  latency: 'istio_request_duration_milliseconds_p99', error_rate: 'istio_requests_5xx_rate', cpu: 'container_cpu_usage_seconds', memory: 'container_memory_working_set_MB',
  oom: 'container_oom_events_total', restarts: 'kube_pod_container_status_restarts_total', disk: 'container_fs_usage_MB', node_cpu: 'system.cpu.pct_usage',
  replicas: 'kube_deployment_status_replicas_unavailable', exceptions: 'log_error_keyword_count', throttling: 'container_cpu_cfs_throttled_periods_total', job_failed: 'kube_job_status_failed', clock_skew: 'node_timex_offset_seconds',
};

/** the AIOps-challenge shape: cmdb_id (pod, node or service), kpi_name, value, epoch ms; one row per anomaly onset and one per 10 min it lasts. */
function challengeRender(): Render {
  return (a) => {
    const cmdbId = a.pod ?? (a.metric === 'node_cpu' || a.metric === 'clock_skew' ? a.node ?? '' : a.service);
    return { host: cmdbId, title: KPI[a.metric], service: '', severity: '', ci: a.pod ? `pod-${a.pod}` : a.node && !a.service ? `node-${a.node}` : `svc-${a.service}`, extra: { level: a.pod ? 'pod' : a.node && (a.metric === 'node_cpu' || a.metric === 'clock_skew') ? 'node' : 'service' } };
  };
}

function challengeRows(prng: Prng, kept: readonly Episode[], failures: readonly Failure[], horizon: number): Array<Record<string, string>> {
  const rootOf = new Map(failures.map((f) => [f.id, f.rootName]));
  const out: Array<{ t: number; row: Record<string, string> }> = [];
  for (const ep of kept) {
    const end = Math.min(ep.end ?? horizon, horizon);
    for (let t = ep.start; t <= end; t += 600_000) {
      out.push({ t, row: { timestamp: fmt.epochMs(t), cmdb_id: ep.host, kpi_name: ep.title, value: (prng.next() * 1000).toFixed(4), level: ep.extra.level ?? '', fault_id: ep.owner ?? '', root_cause: ep.owner ? rootOf.get(ep.owner) ?? '' : '' } });
    }
  }
  out.sort((a, b) => a.t - b.t);
  return out.map((x) => x.row);
}

export type MicroFlavor = 'alertmanager' | 'anomaly' | 'challenge';

/** microDataset: estate, cases and background, exported in one flavor; the CMDB CSV when `topology`. */
export function microDataset(app: AppName, flavor: MicroFlavor, topology: boolean, estateSeed: number, o: MicroStormOptions): DatasetFile {
  const estate = buildEstate(createPrngFor(estateSeed), app);
  const prng = createPrngFor(o.seed);
  const render = flavor === 'alertmanager' ? alertmanagerRender(estate) : flavor === 'anomaly' ? anomalyRender() : challengeRender();
  const g = microStorm(estate, o, prng, render);
  const { kept, dropped } = keepOwned(g.episodes, o.recurring === true);
  const horizon = o.startAt + o.durationMs;
  const cmdbText = topology ? cmdbCsv(g.cis) : null;
  if (flavor === 'alertmanager') {
    const { rows, n } = alertmanagerRows(kept, g.failures);
    return { format: 'jsonl', text: toJsonl(rows), cmdbText, map: '', failures: g.failures, kept, dropped, rows: n };
  }
  if (flavor === 'anomaly') {
    const rows = anomalyRows(prng.fork(1), kept, g.failures, horizon);
    return { format: 'csv', text: toCsv(['time', 'service', 'instance', 'metric', 'value', 'anomaly_score', 'case', 'root_cause'], rows), cmdbText, map: '', failures: g.failures, kept, dropped, rows: rows.length };
  }
  const rows = challengeRows(prng.fork(2), kept, g.failures, horizon);
  // `fault_id` is no name a reader can take for an incident id: the user names it
  return { format: 'csv', text: toCsv(['timestamp', 'cmdb_id', 'kpi_name', 'value', 'level', 'fault_id', 'root_cause'], rows), cmdbText, map: 'group=fault_id', failures: g.failures, kept, dropped, rows: rows.length };
}
