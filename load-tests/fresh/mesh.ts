/**
 * mesh: an e-commerce shop on Kubernetes with an Istio service mesh, deployed by Argo CD. Namespaces
 * per team, workloads calling each other in tiers (edge → BFFs → domain services → data stores and
 * payment providers), pods on nodes; the CMDB is what a Kubernetes discovery would import (cluster,
 * nodes, namespaces, workloads, pods, data stores).
 *
 * What makes it unlike our other shops: every alert is a Prometheus rule through Alertmanager v4 (group
 * by alertname+namespace, so one webhook carries alerts of unrelated failures), a failure shows mostly
 * as SLO burn-rate alerts on its CALLERS (sloth-style labels: sloth_service, no `service`), mesh alerts
 * name both ends (source_workload, destination_service_name), kube-state-metrics alerts carry
 * job/service labels of the exporter rather than of the app, rules have `for:` of 2 to 15 minutes (a
 * short blip never fires), and deploys happen all the time, most of them harmless.
 */
import type { Prng } from '../quality/prng.js';
import { after, EstateBuilder, flapIntervals, fnv32, HOUR, MIN, relate, SEC, type Ci, type Estate, type FailureKind, type Fx, type NoiseCtx, type ShopModel } from './core.js';

const DOMAINS = ['checkout', 'cart', 'catalog', 'search', 'payments', 'identity', 'recommendations', 'shipping', 'inventory', 'pricing', 'promotions', 'reviews',
  'notifications', 'loyalty', 'returns', 'customer', 'media', 'content', 'fraud', 'orders', 'tax', 'giftcards', 'wishlist', 'store-locator'];
const ROLES = ['api', 'worker', 'consumer', 'bff', 'sync', 'scheduler', 'gateway', 'cache-warmer', 'admin', 'projector'];

interface Workload { ci: Ci; ns: string; cluster: string; tier: number; pods: Ci[]; callees: Workload[]; callers: Workload[]; stores: Ci[]; kind: 'Deployment' | 'StatefulSet' }

export interface MeshEstate extends Estate {
  clusters: string[];
  workloads: Workload[];
  byCi: Map<string, Workload>;
  nodes: Ci[];
  podsOn: Map<string, Ci[]>;
  stores: Array<{ ci: Ci; kind: 'postgres' | 'redis' | 'kafka' | 'elasticsearch'; users: Workload[] }>;
  psps: Array<{ ci: Ci; host: string; users: Workload[] }>;
  coredns: Workload[];
}

function build(prng: Prng, size: number): MeshEstate {
  const b = new EstateBuilder(prng.int(1000, 9000) * 1000);
  const clusters = size > 2000 ? ['prod-eu-1', 'prod-us-1'] : ['prod-eu-1'];
  const nW = Math.max(20, Math.round(size / 5.2));
  const workloads: Workload[] = [];
  const nodes: Ci[] = [];
  const podsOn = new Map<string, Ci[]>();
  const clusterCi = new Map(clusters.map((c) => [c, b.add({ name: c, type: 'k8s_cluster', role: 'cluster' })]));
  const nsCi = new Map<string, Ci>();
  const nodesOf = new Map<string, Ci[]>();
  for (const c of clusters) {
    const list: Ci[] = [];
    for (let i = 0; i < Math.max(6, Math.round(nW / 4 / clusters.length)); i++) {
      const n = b.add({ name: `gke-${c}-pool-${prng.int(1, 3)}-${prng.hex(8)}-${prng.alnum(4)}`, type: 'host', role: 'node', attributes: { cluster: c } });
      relate(n, 'part_of', clusterCi.get(c) as Ci);
      list.push(n);
      nodes.push(n);
    }
    nodesOf.set(c, list);
  }
  const ns = (cluster: string, name: string): Ci => {
    const k = `${cluster}/${name}`;
    let c = nsCi.get(k);
    if (!c) { c = b.add({ name, type: 'k8s_namespace', role: 'namespace', attributes: { cluster } }); relate(c, 'part_of', clusterCi.get(cluster) as Ci); nsCi.set(k, c); }
    return c;
  };
  const addWorkload = (cluster: string, namespace: string, name: string, tier: number, kind: Workload['kind'] = 'Deployment'): Workload => {
    const ci = b.add({ name, type: 'k8s_workload', role: 'workload', attributes: { cluster, namespace, kind } });
    relate(ci, 'part_of', ns(cluster, namespace));
    const w: Workload = { ci, ns: namespace, cluster, tier, pods: [], callees: [], callers: [], stores: [], kind };
    const replicas = kind === 'StatefulSet' ? 3 : prng.int(2, 6);
    const rs = prng.hex(10).replace(/[0-9]/g, (d) => 'bcdfghjklm'[Number(d)] as string).slice(0, 10);
    for (let r = 0; r < replicas; r++) {
      const node = prng.pick(nodesOf.get(cluster) as Ci[]);
      const pod = b.add({ name: kind === 'StatefulSet' ? `${name}-${r}` : `${name}-${rs}-${prng.alnum(5)}`, type: 'k8s_pod', role: 'pod', attributes: { cluster, namespace } });
      relate(pod, 'part_of', ci);
      relate(pod, 'runs_on', node);
      podsOn.set(node.id, [...(podsOn.get(node.id) ?? []), pod]);
      w.pods.push(pod);
    }
    workloads.push(w);
    return w;
  };
  const coredns = clusters.map((c) => addWorkload(c, 'kube-system', 'coredns', 4));
  for (const c of clusters) {
    addWorkload(c, 'edge', 'web', 0); addWorkload(c, 'edge', 'mobile-bff', 0); addWorkload(c, 'edge', 'graphql-gateway', 0);
  }
  const perCluster = Math.ceil((nW - workloads.length) / clusters.length);
  for (const c of clusters) {
    let made = 0;
    for (let d = 0; made < perCluster; d++) {
      const domain = DOMAINS[d % DOMAINS.length] as string;
      const suffix = d >= DOMAINS.length ? `-${Math.floor(d / DOMAINS.length) + 1}` : '';
      const roles = prng.shuffle([...ROLES]).slice(0, prng.int(2, 6));
      for (const r of roles) { if (made >= perCluster) break; addWorkload(c, domain + suffix, `${domain}${suffix}-${r}`, r === 'bff' || r === 'gateway' ? 1 : r === 'api' ? 2 : 3); made++; }
    }
  }
  // data stores and payment providers
  const stores: MeshEstate['stores'] = [];
  const storeDefs: Array<[string, MeshEstate['stores'][number]['kind'], string]> = [];
  for (const d of DOMAINS.slice(0, Math.max(4, Math.round(nW / 25)))) storeDefs.push([`pg-${d}`, 'postgres', 'database']);
  storeDefs.push(['redis-cart', 'redis', 'cache'], ['redis-sessions', 'redis', 'cache'], ['kafka-events', 'kafka', 'queue'], ['es-products', 'elasticsearch', 'database']);
  for (const [name, kind, type] of storeDefs) stores.push({ ci: b.add({ name, type, role: 'store', attributes: { technology: kind } }), kind, users: [] });
  const psps = [['Stripe', 'api.stripe.com'], ['Adyen', 'checkout-live.adyen.com']].map(([n, h]) => ({ ci: b.add({ name: n as string, handle: (n as string).toLowerCase(), type: 'supplier_service', role: 'psp' }), host: h as string, users: [] as Workload[] }));
  // calls go down the tiers, mostly within a cluster
  for (const w of workloads) {
    if (w.ns === 'kube-system') continue;
    relate(w.ci, 'runs_on', clusterCi.get(w.cluster) as Ci);
    const lower = workloads.filter((x) => x.cluster === w.cluster && x.tier > w.tier && x.tier < 4);
    const same = lower.filter((x) => x.ns === w.ns);
    const n = w.tier === 3 ? 0 : prng.int(1, w.tier === 0 ? 6 : 3);
    for (let i = 0; i < n && lower.length > 0; i++) {
      const x = same.length > 0 && prng.chance(0.5) ? prng.pick(same) : prng.pick(lower);
      if (w.callees.includes(x)) continue;
      w.callees.push(x); x.callers.push(w);
      relate(w.ci, 'depends_on', x.ci);
    }
    if (w.tier >= 2 && prng.chance(0.7)) {
      const own = stores.find((s) => s.ci.name === `pg-${w.ns}`);
      const s = own && prng.chance(0.7) ? own : prng.pick(stores);
      s.users.push(w); w.stores.push(s.ci);
      relate(w.ci, 'depends_on', s.ci);
    }
    if (w.ns.startsWith('payments') && w.tier >= 2) for (const p of psps) if (prng.chance(0.6)) { p.users.push(w); relate(w.ci, 'depends_on', p.ci); }
  }
  const bsNames = ['Checkout', 'Browse', 'Search', 'Account'];
  for (const [i, n] of bsNames.entries()) {
    const bs = b.add({ name: n, type: 'business_service', role: 'bs' });
    for (const w of workloads.filter((x) => x.tier === 0 || (x.tier === 1 && DOMAINS.indexOf(x.ns) % 4 === i))) relate(bs, 'depends_on', w.ci);
  }
  const e = b.done();
  return { ...e, clusters, workloads, byCi: new Map(workloads.map((w) => [w.ci.id, w])), nodes, podsOn, stores, psps, coredns };
}

type Emit = Fx['emit'];
/** fnvPick: a stable draw in [0, 1) from names and times (keeps the callers' prng streams unchanged). */
const fnvPick = (s: string, t: number): number => (fnv32(`${s}@${t}`) % 1000) / 1000;
const am = (w: Workload | null, key: string, alertname: string, title: string, text: string, level: 'critical' | 'major' | 'minor' | 'warning' | 'info', labels: Record<string, string>, forMs: number, intervals: Array<[number, number | null]>) =>
  ({ ci: w?.ci.id ?? null, sender: 'am' as const, key, title, text, level, forMs, intervals, labels: { alertname, prometheus: 'monitoring/k8s', ...(w ? { cluster: w.cluster, namespace: w.ns } : {}), ...labels } });

function sloBurn(emit: Emit, w: Workload, slo: 'requests-availability' | 'requests-latency', page: boolean, intervals: Array<[number, number | null]>, p: number): boolean {
  const svc = w.ci.name;
  // a burn rate hovering around its threshold fires, resolves and fires again
  const [first] = intervals;
  if (first && intervals.length === 1 && first[1] !== null && fnvPick(svc, first[0]) < 0.15) {
    const mid = first[0] + Math.floor((first[1] - first[0]) / 3);
    intervals = [[first[0], mid], [mid + 3 * MIN, first[1]]];
  }
  return emit(am(w, `slo:${svc}:${slo}:${page ? 'page' : 'ticket'}`, 'ErrorBudgetBurn', `${svc} ${slo} error budget burn rate is too high`,
    `${page ? 'High' : 'Low'} error budget burn for service=${svc} slo=${slo} (current value: ${(14 + Math.floor(p * 10)).toString()}x)`, page ? 'critical' : 'warning',
    { sloth_id: `${svc}-${slo}`, sloth_service: svc, sloth_slo: slo, sloth_severity: page ? 'page' : 'ticket', severity: page ? 'critical' : 'warning' }, page ? 2 * MIN : 15 * MIN, intervals), p);
}
function istio(emit: Emit, from: Workload, toName: string, toNs: string, what: 'errors' | 'latency', intervals: Array<[number, number | null]>, p: number): boolean {
  return emit(am(from, `istio:${what}:${from.ci.name}:${toName}`, what === 'errors' ? 'IstioHighClientErrorRate' : 'IstioHighRequestLatencyP99',
    what === 'errors' ? `High 5xx rate from ${from.ci.name} to ${toName}` : `High p99 latency from ${from.ci.name} to ${toName}`,
    what === 'errors' ? `${from.ci.name} sees more than 5% 5xx calling ${toName}` : `p99 of calls from ${from.ci.name} to ${toName} above 1s`, 'warning',
    { reporter: 'source', source_workload: from.ci.name, source_workload_namespace: from.ns, destination_service_name: toName, destination_service_namespace: toNs, severity: 'warning' }, 5 * MIN, intervals), p);
}

const kinds: Array<FailureKind<MeshEstate>> = [
  {
    kind: 'bad-deploy', weight: 5, roots: (e) => e.workloads.filter((w) => w.ns !== 'kube-system' && w.callers.length > 0).map((w) => w.ci),
    unfold(e, root, fx) {
      const w = e.byCi.get(root.id) as Workload;
      const rev = fx.prng.hex(7);
      const fix = fx.at + fx.prng.int(8 * MIN, 50 * MIN);
      const argo = (tag: string, text: string): unknown => fx.emit({ ci: root.id, sender: 'argocd', key: `sync:${root.name}:${tag}`, title: `Application ${root.name} sync succeeded`, text, level: 'info', labels: { app: root.name, dest_namespace: w.ns, dest_cluster: w.cluster, revision: tag, argocd_project: w.ns } , intervals: [[fx.at - fx.prng.int(20 * SEC, 90 * SEC), null]] }, 0.75);
      argo(rev, `Application ${root.name} synced to revision ${rev} (image tag ${fx.prng.int(100, 999)})`);
      const on = fx.at + fx.prng.int(0, 60 * SEC);
      sloBurn(fx.emit, w, 'requests-availability', true, [[on, after(fx.prng, fix)]], 0.8);
      sloBurn(fx.emit, w, 'requests-availability', false, [[on, after(fx.prng, fix, [5 * MIN, 20 * MIN])]], 0.35);
      if (fx.prng.chance(0.35)) for (const pod of w.pods) fx.emit(am(w, `crash:${pod.name}`, 'KubePodCrashLooping', `Pod ${w.ns}/${pod.name} is crash looping`, `Pod ${w.ns}/${pod.name} (app) is in waiting state (reason: "CrashLoopBackOff").`, 'warning', { pod: pod.name, container: 'app', job: 'kube-state-metrics', service: 'kube-prometheus-stack-kube-state-metrics', severity: 'warning' }, 15 * MIN, [[on, after(fx.prng, fix)]]), 0.8);
      let reached = 1;
      for (const c of w.callers) {
        reached++;
        istio(fx.emit, c, `${root.name}.${w.ns}.svc.cluster.local`, w.ns, 'errors', [[on + fx.prng.int(0, 60 * SEC), after(fx.prng, fix)]], 0.55);
        sloBurn(fx.emit, c, 'requests-availability', true, [[on + fx.prng.int(0, 2 * MIN), after(fx.prng, fix)]], 0.5);
        for (const cc of c.callers) { reached++; sloBurn(fx.emit, cc, 'requests-availability', true, [[on + fx.prng.int(30 * SEC, 3 * MIN), after(fx.prng, fix)]], 0.25); }
      }
      // the rollback is a sync too
      fx.emit({ ci: root.id, sender: 'argocd', key: `sync:${root.name}:rollback-${rev}`, title: `Application ${root.name} sync succeeded`, text: `Application ${root.name} rolled back from ${rev}`, level: 'info', labels: { app: root.name, dest_namespace: w.ns, dest_cluster: w.cluster, revision: 'previous', argocd_project: w.ns }, intervals: [[fix - fx.prng.int(30 * SEC, 2 * MIN), null]] }, 0.5);
      return { reached };
    },
  },
  {
    kind: 'datastore', weight: 3, roots: (e) => e.stores.filter((s) => s.users.length > 0).map((s) => s.ci),
    unfold(e, root, fx) {
      const s = e.stores.find((x) => x.ci === root);
      if (!s) return { reached: 0 };
      const fix = after(fx.prng, fx.at, [10 * MIN, 70 * MIN]);
      const exp = { postgres: ['PostgresqlTooManyConnections', 'postgres-exporter', 9187, 'connections above 80% of max_connections'], redis: ['RedisHighLatency', 'redis-exporter', 9121, 'commands p99 above 50ms'], kafka: ['KafkaConsumerLagHigh', 'kafka-exporter', 9308, 'consumer group lag above 10000'], elasticsearch: ['ElasticsearchClusterRed', 'elasticsearch-exporter', 9114, 'cluster health is RED'] }[s.kind] as [string, string, number, string];
      fx.emit(am(null, `store:${root.name}:${exp[0]}`, exp[0], `${root.name}: ${exp[3]}`, `${exp[0]} on ${root.name}`, 'critical', { instance: `${root.name}-0.${root.name}.data.svc:${exp[2]}`, job: exp[1], namespace: 'data', ...(s.kind === 'elasticsearch' ? { cluster: root.name } : { cluster: e.clusters[0] as string }), severity: 'critical' }, 2 * MIN, [[fx.at, fix]]), 0.75);
      if (s.kind === 'postgres') fx.emit(am(null, `store:${root.name}:lag`, 'PostgresqlReplicationLag', `${root.name}: replica lagging`, 'pg_replication_lag > 30s', 'warning', { instance: `${root.name}-1.${root.name}.data.svc:9187`, job: 'postgres-exporter', namespace: 'data', cluster: e.clusters[0] as string, severity: 'warning' }, 5 * MIN, [[fx.at + fx.prng.int(1 * MIN, 5 * MIN), fix]]), 0.4);
      let reached = 0;
      for (const u of s.users) {
        reached++;
        sloBurn(fx.emit, u, 'requests-latency', true, [[fx.at + fx.prng.int(0, 90 * SEC), after(fx.prng, fix)]], 0.6);
        for (const c of u.callers) { reached++; sloBurn(fx.emit, c, 'requests-latency', true, [[fx.at + fx.prng.int(30 * SEC, 3 * MIN), after(fx.prng, fix)]], 0.25); istio(fx.emit, c, `${u.ci.name}.${u.ns}.svc.cluster.local`, u.ns, 'latency', [[fx.at + fx.prng.int(0, 2 * MIN), after(fx.prng, fix)]], 0.3); }
      }
      return { reached };
    },
  },
  {
    kind: 'node-loss', weight: 2, roots: (e) => e.nodes,
    unfold(e, root, fx) {
      const back = fx.at + fx.prng.int(16 * MIN, 60 * MIN);
      const cluster = String(root.attributes['cluster']);
      const lbl = { node: root.name, job: 'kube-state-metrics', service: 'kube-prometheus-stack-kube-state-metrics', cluster, severity: 'warning' };
      fx.emit(am(null, `node:${root.name}:notready`, 'KubeNodeNotReady', `${root.name} is not ready`, `${root.name} has been unready for more than 15 minutes.`, 'warning', { ...lbl, condition: 'Ready', status: 'true' }, 15 * MIN, [[fx.at, back]]), 0.9);
      fx.emit(am(null, `node:${root.name}:unreach`, 'KubeNodeUnreachable', `${root.name} is unreachable`, `${root.name} is unreachable and some workloads may be rescheduled.`, 'warning', { ...lbl, key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, 15 * MIN, [[fx.at + fx.prng.int(0, 60 * SEC), back]]), 0.6);
      // pods are evicted after 5 minutes and rescheduled: callers see a short burn, statefulsets stay down
      let reached = 0;
      for (const pod of e.podsOn.get(root.id) ?? []) {
        const w = e.workloads.find((x) => x.pods.includes(pod));
        if (!w) continue;
        reached++;
        if (w.kind === 'StatefulSet' || w.ns === 'kube-system') fx.emit(am(w, `notready:${pod.name}`, 'KubePodNotReady', `Pod ${w.ns}/${pod.name} is not ready`, `Pod ${w.ns}/${pod.name} has been in a non-ready state for longer than 15 minutes.`, 'warning', { pod: pod.name, job: 'kube-state-metrics', service: 'kube-prometheus-stack-kube-state-metrics', severity: 'warning' }, 15 * MIN, [[fx.at, back]]), 0.8);
        else sloBurn(fx.emit, w, 'requests-availability', true, [[fx.at + fx.prng.int(0, 30 * SEC), fx.at + fx.prng.int(5 * MIN, 8 * MIN)]], 0.35);
      }
      return { reached };
    },
  },
  {
    kind: 'psp-outage', weight: 1, roots: (e) => e.psps.filter((p) => p.users.length > 0).map((p) => p.ci),
    unfold(e, root, fx) {
      const p = e.psps.find((x) => x.ci === root);
      if (!p) return { reached: 0 };
      const fix = after(fx.prng, fx.at, [10 * MIN, 60 * MIN]);
      let reached = 0;
      for (const u of p.users) {
        reached++;
        istio(fx.emit, u, p.host, 'istio-system', 'errors', [[fx.at + fx.prng.int(0, 60 * SEC), fix]], 0.7);
        fx.emit(am(u, `psp:${u.ci.name}:${root.handle}`, 'PaymentProviderErrorRate', `${root.name} authorisations failing`, `more than 10% of ${root.name} calls from ${u.ci.name} fail`, 'critical', { provider: root.handle, service: u.ci.name, severity: 'critical' }, 2 * MIN, [[fx.at, fix]]), 0.8);
        sloBurn(fx.emit, u, 'requests-availability', true, [[fx.at + fx.prng.int(0, 2 * MIN), fix]], 0.6);
        for (const c of u.callers) { reached++; sloBurn(fx.emit, c, 'requests-availability', true, [[fx.at + fx.prng.int(30 * SEC, 3 * MIN), fix]], 0.45); }
      }
      return { reached };
    },
  },
  {
    kind: 'cluster-dns', weight: 1, roots: (e) => e.coredns.map((w) => w.ci),
    unfold(e, root, fx) {
      const w = e.byCi.get(root.id) as Workload;
      const fix = after(fx.prng, fx.at, [8 * MIN, 40 * MIN]);
      fx.emit(am(w, `coredns:${w.cluster}:errors`, 'CoreDNSErrorsHigh', 'CoreDNS is returning SERVFAIL', 'CoreDNS is returning SERVFAIL for 12% of requests.', 'critical', { job: 'coredns', service: 'kube-dns', severity: 'critical' }, 5 * MIN, [[fx.at, fix]]), 0.9);
      fx.emit(am(w, `coredns:${w.cluster}:latency`, 'CoreDNSLatencyHigh', 'CoreDNS has high latency', 'CoreDNS has 99th percentile latency of 2.1 seconds.', 'critical', { job: 'coredns', service: 'kube-dns', severity: 'critical' }, 5 * MIN, [[fx.at + fx.prng.int(0, 2 * MIN), fix]]), 0.6);
      let reached = 0;
      for (const x of e.workloads.filter((y) => y.cluster === w.cluster && y.ns !== 'kube-system')) {
        if (!fx.prng.chance(0.35)) continue;
        reached++;
        sloBurn(fx.emit, x, 'requests-availability', true, [[fx.at + fx.prng.int(0, 3 * MIN), after(fx.prng, fix)]], 0.5);
      }
      return { reached };
    },
  },
];

function noise(e: MeshEstate, n: NoiseCtx): void {
  const { prng } = n;
  const apps = e.workloads.filter((w) => w.ns !== 'kube-system');
  n.emit(am(null, 'watchdog', 'Watchdog', 'An alert that should always be firing to certify that Alertmanager is working properly.', 'This is an alert meant to ensure that the entire alerting pipeline is functional.', 'info', { namespace: 'monitoring', severity: 'none' }, 0, [[n.start - HOUR, null]]));
  n.emit(am(null, 'infoinhibitor', 'InfoInhibitor', 'Info-level alert inhibition.', 'This is an alert that is used to inhibit info alerts.', 'info', { namespace: 'monitoring', severity: 'none' }, 0, [[n.start - HOUR, null]]));
  for (const t of n.poisson(6)) {
    const w = prng.pick(apps);
    const pod = prng.pick(w.pods);
    n.emit(am(w, `throttle:${pod.name}`, 'CPUThrottlingHigh', `Processes experience elevated CPU throttling`, `${prng.int(26, 80)}% throttling of CPU in namespace ${w.ns} for container app in pod ${pod.name}.`, 'info', { pod: pod.name, container: 'app', severity: 'info' }, 15 * MIN, flapIntervals(prng, t, t + prng.int(20 * MIN, 80 * MIN), prng.int(1, 3), [3 * MIN, 10 * MIN])));
  }
  for (const t of n.poisson(8)) {
    const w = prng.pick(apps);
    const rev = prng.hex(7);
    n.emit({ ci: w.ci.id, sender: 'argocd', key: `sync:${w.ci.name}:${rev}`, title: `Application ${w.ci.name} sync succeeded`, text: `Application ${w.ci.name} synced to revision ${rev} (image tag ${prng.int(100, 999)})`, level: 'info', labels: { app: w.ci.name, dest_namespace: w.ns, dest_cluster: w.cluster, revision: rev, argocd_project: w.ns }, intervals: [[t, null]] });
  }
  for (const t of n.poisson(1.5)) {
    const w = prng.pick(apps.filter((x) => x.callers.length <= 1));
    sloBurn((c) => n.emit(c), w, 'requests-latency', false, flapIntervals(prng, t, t + prng.int(30 * MIN, 2 * HOUR), prng.int(1, 3), [10 * MIN, 30 * MIN]), 1);
  }
  for (const t of n.poisson(1)) {
    const w = prng.pick(apps);
    const job = `${w.ci.name}-nightly-${Math.floor(t / 60_000)}`;
    n.emit(am(w, `jobfail:${job}`, 'KubeJobFailed', `Job ${w.ns}/${job} failed to complete`, `Job ${w.ns}/${job} failed to complete. Removing failed job after investigation should clear this alert.`, 'warning', { job_name: job, job: 'kube-state-metrics', service: 'kube-prometheus-stack-kube-state-metrics', severity: 'warning' }, 15 * MIN, [[t, null]]));
  }
  for (const t of n.poisson(1)) {
    const w = prng.pick(apps);
    n.emit(am(w, `hpa:${w.ci.name}`, 'KubeHpaMaxedOut', `HPA ${w.ns}/${w.ci.name} is running at max replicas`, `HPA ${w.ns}/${w.ci.name} has been running at max replicas for longer than 15 minutes.`, 'warning', { horizontalpodautoscaler: w.ci.name, job: 'kube-state-metrics', service: 'kube-prometheus-stack-kube-state-metrics', severity: 'warning' }, 15 * MIN, [[t, t + prng.int(20 * MIN, 90 * MIN)]]));
  }
  for (const t of n.poisson(0.4)) {
    const w = prng.pick(apps);
    n.emit(am(w, `cert:${w.ci.name}`, 'CertManagerCertExpirySoon', `The cert ${w.ci.name}-tls is ${prng.int(5, 20)} days from expiring`, 'certmanager_certificate_expiration_timestamp_seconds - time() < 21 * 24 * 3600', 'warning', { name: `${w.ci.name}-tls`, exported_namespace: w.ns, job: 'cert-manager', severity: 'warning' }, 1 * HOUR, [[t - 2 * HOUR, null]]));
  }
  for (const t of n.poisson(2)) {
    const w = prng.pick(apps.filter((x) => x.callees.length > 0));
    const to = prng.pick(w.callees);
    istio((c) => n.emit(c), w, `${to.ci.name}.${to.ns}.svc.cluster.local`, to.ns, 'latency', flapIntervals(prng, t, t + prng.int(10 * MIN, 45 * MIN), prng.int(1, 3), [3 * MIN, 10 * MIN]), 1);
  }
  for (const t of n.poisson(0.5)) {
    const w = prng.pick(apps);
    const pod = `${w.ci.name}-debug-${prng.alnum(5)}`;
    n.emit(am(w, `crash:${pod}`, 'KubePodCrashLooping', `Pod ${w.ns}/${pod} is crash looping`, `Pod ${w.ns}/${pod} (debug) is in waiting state (reason: "CrashLoopBackOff").`, 'warning', { pod, container: 'debug', job: 'kube-state-metrics', service: 'kube-prometheus-stack-kube-state-metrics', severity: 'warning' }, 15 * MIN, [[t, null]]));
  }
}

export const MESH: ShopModel<MeshEstate> = { shape: 'mesh', build, kinds, noise };
