import type { ResourceHints } from '@aiops/model';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** isIp tells an IPv4 or IPv6 literal from a host name. */
export function isIp(s: string): boolean {
  return IPV4.test(s) || (s.split(':').length > 2 && /^[0-9a-fA-F:.]+$/.test(s));
}

/**
 * stripPort turns a Prometheus `instance` (host:port, [v6]:port, a blackbox URL) into the bare host, which
 * is what a CMDB knows. A bare IPv6 literal is returned unchanged.
 */
export function stripPort(instance: string): string {
  let s = instance.trim();
  const scheme = s.indexOf('://');
  if (scheme > 0) {
    s = s.slice(scheme + 3);
    const slash = s.search(/[/?#]/);
    if (slash >= 0) s = s.slice(0, slash);
    const at = s.lastIndexOf('@');
    if (at >= 0) s = s.slice(at + 1);
  }
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    return end > 0 ? s.slice(1, end) : s;
  }
  const colons = s.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = s.split(':') as [string, string];
    if (/^\d+$/.test(port)) return host;
  }
  return s;
}

/** First present non-empty value among `keys`. */
function pick(labels: Readonly<Record<string, string>>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = labels[k];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/**
 * LABEL_HINTS says which label keys feed which resource hint, first match wins. It follows Prometheus,
 * kube-state-metrics, OpenTelemetry resource attributes and the names our other adapters produce.
 */
export const LABEL_HINTS: Readonly<Record<Exclude<keyof ResourceHints, 'instance' | 'ip'>, readonly string[]>> = {
  ci: ['aiops_ci', 'ci', 'ci_id'],
  host: ['host', 'hostname', 'host_name', 'host.name', 'nodename', 'node', 'kubernetes_node', 'server'],
  service: ['service', 'service_name', 'service.name'],
  application: ['application', 'app', 'app_kubernetes_io_name', 'app.kubernetes.io/name'],
  job: ['job'],
  namespace: ['namespace', 'kubernetes_namespace', 'k8s_namespace_name', 'k8s.namespace.name', 'exported_namespace'],
  pod: ['pod', 'pod_name', 'kubernetes_pod_name', 'k8s_pod_name', 'k8s.pod.name'],
  container: ['container', 'container_name', 'k8s.container.name'],
  workload: ['deployment', 'statefulset', 'daemonset', 'workload', 'k8s.deployment.name'],
  cluster: ['cluster', 'cluster_name', 'k8s_cluster_name', 'k8s.cluster.name'],
  environment: ['environment', 'env', 'deployment_environment', 'deployment.environment'],
  region: ['region', 'cloud_region', 'cloud.region', 'zone'],
};

/**
 * resourceFromLabels extracts resource hints from labels. `instance` loses its port; when no host label is
 * set, the instance's host becomes `host`; an IP instance also fills `ip`. `extra` (adapter knowledge such
 * as Zabbix's host name) wins over labels.
 */
export function resourceFromLabels(labels: Readonly<Record<string, string>>, extra: Partial<ResourceHints> = {}): ResourceHints {
  const out: ResourceHints = {};
  for (const key of Object.keys(LABEL_HINTS) as Array<keyof typeof LABEL_HINTS>) {
    const v = pick(labels, LABEL_HINTS[key]);
    if (v !== undefined) out[key] = key === 'host' ? stripPort(v) : v;
  }
  const rawInstance = pick(labels, ['instance', 'host_ip', 'ip']);
  if (rawInstance !== undefined) {
    const inst = stripPort(rawInstance);
    if (inst !== '') {
      out.instance = inst;
      if (isIp(inst)) out.ip = inst;
      if (out.host === undefined) out.host = inst;
    }
  }
  for (const [k, v] of Object.entries(extra) as Array<[keyof ResourceHints, string | undefined]>) {
    if (v !== undefined && v !== '') out[k] = v;
  }
  if (out.host !== undefined && out.ip === undefined && isIp(out.host)) out.ip = out.host;
  return out;
}
