import type { Severity } from '@aiops/model';
import type { Prng } from './prng.js';

/** AlertRole says when the generator may use a kind: on the failing CI, on a dependent, or as noise. */
export type AlertRole = 'cause' | 'symptom' | 'noise';

/** TemplateContext carries what a rendered alert text may mention; numbers are drawn per alert. */
export interface TemplateContext {
  rng: Prng;
  /** display name of the alerting thing as its monitoring tool knows it (host name, service, pod…). */
  name: string;
  host: string;
  /** name of the upstream CI the symptom comes from, when there is one. */
  dep: string;
  depPort: number;
  port: number;
  tech: string;
  namespace: string;
  pod: string;
  container: string;
  workload: string;
}

export interface PromRendering { alertname: string; job: string; summary: (c: TemplateContext) => string }
export interface ZabbixRendering { trigger: (c: TemplateContext) => string; severity: 'Disaster' | 'High' | 'Average' | 'Warning' | 'Information' }
export interface IcingaRendering { check: string; output: (c: TemplateContext) => string }

/** AlertKind is one kind of alert a CI type raises, rendered per sender the way that sender words it. */
export interface AlertKind {
  id: string;
  types: readonly string[];
  roles: readonly AlertRole[];
  severity: Severity;
  /** symptom text names the upstream CI (connection refused to X); only used when one is known. */
  needsDep?: boolean;
  prom?: PromRendering;
  zabbix?: ZabbixRendering;
  icinga?: IcingaRendering;
}

const pct = (c: TemplateContext, lo: number, hi: number): string => (lo + c.rng.next() * (hi - lo)).toFixed(1);
const int = (c: TemplateContext, lo: number, hi: number): number => c.rng.int(lo, hi);
const MOUNTS = ['/var', '/', '/data', '/var/log', '/opt', '/tmp', '/u01'];
const mount = (c: TemplateContext): string => c.rng.pick(MOUNTS);
const HOSTS = ['host', 'vm'];
const APPS = ['application', 'service', 'k8s_workload'];

export const ALERT_KINDS: readonly AlertKind[] = [
  // ---- hosts and VMs
  { id: 'host_down', types: [...HOSTS, 'load_balancer'], roles: ['cause', 'symptom'], severity: 'critical',
    prom: { alertname: 'InstanceDown', job: 'node', summary: (c) => `Instance ${c.host} down (no scrape for ${int(c, 2, 9)}m)` },
    zabbix: { trigger: (c) => `${c.host} is unavailable by ICMP ping`, severity: 'High' },
    icinga: { check: 'hostalive', output: (c) => `CRITICAL - Host Unreachable (${c.host}) rta nan, lost 100%` } },
  { id: 'host_cpu', types: HOSTS, roles: ['cause', 'symptom', 'noise'], severity: 'warning',
    prom: { alertname: 'HostHighCpuLoad', job: 'node', summary: (c) => `High CPU on ${c.host}: ${pct(c, 90, 99.9)}%` },
    zabbix: { trigger: (c) => `High CPU utilization (over 90% for 5m) on ${c.host}: ${pct(c, 90, 99.9)}%`, severity: 'Warning' },
    icinga: { check: 'load', output: (c) => `LOAD CRITICAL - total load average: ${pct(c, 12, 64)}, ${pct(c, 10, 40)}, ${pct(c, 8, 30)}` } },
  { id: 'host_disk', types: HOSTS, roles: ['cause', 'noise'], severity: 'major',
    prom: { alertname: 'HostOutOfDiskSpace', job: 'node', summary: (c) => `Disk ${mount(c)} ${int(c, 91, 99)}% full on ${c.host}` },
    zabbix: { trigger: (c) => `${mount(c)}: Disk space is critically low (used > 90%) on ${c.host}, ${int(c, 91, 99)}% used`, severity: 'Average' },
    icinga: { check: 'disk', output: (c) => `DISK CRITICAL - free space: ${mount(c)} ${int(c, 100, 900)} MB (${int(c, 1, 8)}% inode=${int(c, 40, 90)}%)` } },
  { id: 'host_memory', types: HOSTS, roles: ['cause', 'symptom', 'noise'], severity: 'warning',
    prom: { alertname: 'HostOutOfMemory', job: 'node', summary: (c) => `Memory usage ${pct(c, 92, 99.5)}% on ${c.host}` },
    zabbix: { trigger: (c) => `High memory utilization (>90% for 5m) on ${c.host}`, severity: 'Average' },
    icinga: { check: 'mem', output: (c) => `MEMORY CRITICAL - ${pct(c, 92, 99.5)}% used (${int(c, 100, 600)} MB free)` } },
  { id: 'host_iowait', types: HOSTS, roles: ['symptom', 'noise'], severity: 'warning',
    prom: { alertname: 'HostHighIoWait', job: 'node', summary: (c) => `High IO wait ${int(c, 25, 80)}% on ${c.host}` },
    zabbix: { trigger: (c) => `Disk read/write request responses are too high (${int(c, 40, 900)}ms) on ${c.host}`, severity: 'Warning' },
    icinga: { check: 'iostat', output: (c) => `IOSTAT WARNING - await ${int(c, 40, 900)} ms, util ${int(c, 85, 100)}%` } },
  { id: 'host_readonly', types: HOSTS, roles: ['symptom'], severity: 'critical',
    prom: { alertname: 'HostFilesystemReadOnly', job: 'node', summary: (c) => `Filesystem ${mount(c)} remounted read-only on ${c.host}` },
    zabbix: { trigger: (c) => `${mount(c)}: Filesystem has become read-only on ${c.host}`, severity: 'Average' },
    icinga: { check: 'fs_rw', output: (c) => `CRITICAL - ${mount(c)} is mounted read-only` } },
  { id: 'host_ntp', types: HOSTS, roles: ['noise'], severity: 'warning',
    prom: { alertname: 'HostClockSkew', job: 'node', summary: (c) => `Clock skew ${pct(c, 0.1, 4)}s detected on ${c.host}` },
    zabbix: { trigger: (c) => `System time is out of sync (diff with Zabbix server > 10s) on ${c.host}`, severity: 'Warning' },
    icinga: { check: 'ntp_time', output: (c) => `NTP WARNING: Offset ${pct(c, 0.1, 4)} secs` } },
  { id: 'host_backup', types: HOSTS, roles: ['noise'], severity: 'minor',
    prom: { alertname: 'BackupJobFailed', job: 'backup-exporter', summary: (c) => `Backup job ${c.rng.pick(['nightly', 'weekly', 'wal-archive'])} failed on ${c.host} (exit ${int(c, 1, 255)})` },
    zabbix: { trigger: (c) => `Backup of ${c.host} failed: job #${int(c, 1000, 99999)}`, severity: 'Warning' },
    icinga: { check: 'backup', output: (c) => `CRITICAL - last successful backup ${int(c, 26, 90)}h ago` } },
  { id: 'host_cert', types: [...HOSTS, 'load_balancer'], roles: ['noise'], severity: 'info',
    prom: { alertname: 'SSLCertExpiringSoon', job: 'blackbox', summary: (c) => `TLS certificate for ${c.host} expires in ${int(c, 3, 20)} days` },
    zabbix: { trigger: (c) => `SSL certificate on ${c.host} expires in less than ${int(c, 7, 30)} days`, severity: 'Information' },
    icinga: { check: 'ssl_cert', output: (c) => `SSL WARNING - Certificate '${c.host}' expires in ${int(c, 3, 20)} day(s)` } },
  { id: 'nfs_stale', types: HOSTS, roles: ['symptom'], severity: 'major',
    prom: { alertname: 'HostNfsStale', job: 'node', summary: (c) => `NFS mount ${mount(c)} stale on ${c.host} (server ${c.dep} not responding)` },
    zabbix: { trigger: (c) => `NFS server ${c.dep} not responding, still trying (${c.host})`, severity: 'High' },
    icinga: { check: 'nfs', output: (c) => `CRITICAL - nfs server ${c.dep} not responding` }, needsDep: true },
  // ---- network, storage, load balancers
  { id: 'if_down', types: ['network'], roles: ['cause'], severity: 'critical',
    prom: { alertname: 'InterfaceDown', job: 'snmp', summary: (c) => `Interface Gi1/0/${int(c, 1, 48)} down on ${c.host}` },
    zabbix: { trigger: (c) => `Interface Gi1/0/${int(c, 1, 48)}(): Link down on ${c.host}`, severity: 'Average' },
    icinga: { check: 'ifstatus', output: (c) => `CRITICAL: host '${c.host}', interfaces up: ${int(c, 2, 40)}, down: ${int(c, 1, 8)}` } },
  { id: 'switch_unreachable', types: ['network'], roles: ['cause', 'symptom'], severity: 'critical',
    prom: { alertname: 'SnmpTargetDown', job: 'snmp', summary: (c) => `Switch ${c.host} unreachable (SNMP timeout)` },
    zabbix: { trigger: (c) => `No SNMP data collection on ${c.host}`, severity: 'Disaster' },
    icinga: { check: 'snmp', output: () => 'SNMP CRITICAL - No response from remote host' } },
  { id: 'packet_loss', types: ['network', 'load_balancer'], roles: ['cause', 'symptom', 'noise'], severity: 'major',
    prom: { alertname: 'HighPacketLoss', job: 'blackbox', summary: (c) => `High packet loss ${int(c, 5, 60)}% on ${c.host}` },
    zabbix: { trigger: (c) => `High ICMP ping loss on ${c.host}: ${int(c, 5, 60)}%`, severity: 'Warning' },
    icinga: { check: 'ping4', output: (c) => `PING CRITICAL - Packet loss = ${int(c, 5, 60)}%, RTA = ${pct(c, 20, 400)} ms` } },
  { id: 'bgp_down', types: ['network'], roles: ['cause'], severity: 'critical',
    prom: { alertname: 'BgpPeerDown', job: 'snmp', summary: (c) => `BGP peer 10.255.${int(c, 0, 9)}.${int(c, 1, 254)} down on ${c.host}` },
    zabbix: { trigger: (c) => `BGP peer 10.255.${int(c, 0, 9)}.${int(c, 1, 254)} state is not Established on ${c.host}`, severity: 'High' },
    icinga: { check: 'bgp', output: (c) => `CRITICAL - peer 10.255.${int(c, 0, 9)}.${int(c, 1, 254)} state Idle` } },
  { id: 'san_latency', types: ['storage'], roles: ['cause', 'noise'], severity: 'major',
    prom: { alertname: 'StorageVolumeLatencyHigh', job: 'netapp-harvest', summary: (c) => `Volume vol_data${int(c, 1, 40)} latency ${int(c, 30, 400)}ms on ${c.host}` },
    zabbix: { trigger: (c) => `Volume vol_data${int(c, 1, 40)}: average latency is too high (${int(c, 30, 400)}ms) on ${c.host}`, severity: 'Average' },
    icinga: { check: 'san_latency', output: (c) => `CRITICAL - vol_data${int(c, 1, 40)} latency ${int(c, 30, 400)}ms` } },
  { id: 'san_controller', types: ['storage'], roles: ['cause'], severity: 'critical',
    prom: { alertname: 'StorageControllerFailed', job: 'netapp-harvest', summary: (c) => `Controller ${c.rng.pick(['A', 'B'])} failed on ${c.host}` },
    zabbix: { trigger: (c) => `Storage controller ${c.rng.pick(['A', 'B'])} status is failed on ${c.host}`, severity: 'Disaster' },
    icinga: { check: 'san_health', output: (c) => `CRITICAL - controller ${c.rng.pick(['A', 'B'])}: FAILED` } },
  { id: 'lb_pool', types: ['load_balancer'], roles: ['symptom'], severity: 'major',
    prom: { alertname: 'HaproxyBackendDown', job: 'haproxy', summary: (c) => `Pool ${c.dep} members down ${int(c, 1, 4)}/4 on ${c.host}` },
    zabbix: { trigger: (c) => `Pool ${c.dep}: members down on ${c.host}`, severity: 'High' },
    icinga: { check: 'lb_pool', output: (c) => `CRITICAL - pool ${c.dep}: ${int(c, 1, 4)} of 4 members down` }, needsDep: true },
  { id: 'lb_5xx', types: ['load_balancer'], roles: ['symptom', 'noise'], severity: 'major',
    prom: { alertname: 'HaproxyHighHttp5xx', job: 'haproxy', summary: (c) => `HTTP 5xx rate ${pct(c, 5, 40)}% on VIP ${c.name}` },
    zabbix: { trigger: (c) => `High rate of 5xx responses on ${c.host} (${pct(c, 5, 40)}%)`, severity: 'Average' },
    icinga: { check: 'http_vip', output: (c) => `HTTP CRITICAL: HTTP/1.1 503 Service Unavailable - ${int(c, 200, 900)} bytes in ${pct(c, 0.1, 9)} second response time` } },
  // ---- applications and services
  { id: 'latency', types: [...APPS, 'load_balancer'], roles: ['symptom', 'cause', 'noise'], severity: 'warning',
    prom: { alertname: 'HighLatencyP99', job: 'app', summary: (c) => `p99 latency ${pct(c, 1.2, 9.5)}s on ${c.name}` },
    zabbix: { trigger: (c) => `${c.name}: response time is too high (${pct(c, 1.2, 9.5)}s)`, severity: 'Warning' },
    icinga: { check: 'http_latency', output: (c) => `HTTP WARNING: HTTP/1.1 200 OK - ${int(c, 1000, 90000)} bytes in ${pct(c, 1.2, 9.5)} second response time` } },
  { id: 'error_rate', types: APPS, roles: ['symptom', 'cause'], severity: 'major',
    prom: { alertname: 'HighErrorRate', job: 'app', summary: (c) => `5xx rate above 5% on ${c.name} (${pct(c, 5.1, 48)}%)` },
    zabbix: { trigger: (c) => `${c.name}: HTTP 5xx error rate is high (${pct(c, 5.1, 48)}%)`, severity: 'Average' },
    icinga: { check: 'http', output: (c) => `HTTP CRITICAL: HTTP/1.1 ${c.rng.pick([500, 502, 503, 504])} - ${int(c, 100, 900)} bytes in ${pct(c, 0.1, 30)} second response time` } },
  { id: 'conn_refused', types: APPS, roles: ['symptom'], severity: 'major', needsDep: true,
    prom: { alertname: 'UpstreamConnectionErrors', job: 'app', summary: (c) => `Connection refused to ${c.dep}:${c.depPort} from ${c.name} (${int(c, 3, 900)} errors/min)` },
    zabbix: { trigger: (c) => `${c.name}: cannot connect to ${c.dep}:${c.depPort}`, severity: 'High' },
    icinga: { check: 'app_deps', output: (c) => `CRITICAL - connect to ${c.dep}:${c.depPort} failed: Connection refused` } },
  { id: 'upstream_timeout', types: APPS, roles: ['symptom'], severity: 'major', needsDep: true,
    prom: { alertname: 'UpstreamTimeouts', job: 'app', summary: (c) => `Upstream ${c.dep} timeout after ${int(c, 5, 60)}s (${int(c, 10, 500)} req failed)` },
    zabbix: { trigger: (c) => `${c.name}: requests to ${c.dep} time out`, severity: 'Average' },
    icinga: { check: 'app_deps', output: (c) => `CRITICAL - ${c.dep} did not answer within ${int(c, 5, 60)}s` } },
  { id: 'circuit_open', types: ['service', 'k8s_workload'], roles: ['symptom'], severity: 'warning', needsDep: true,
    prom: { alertname: 'CircuitBreakerOpen', job: 'app', summary: (c) => `Circuit breaker open: ${c.name} -> ${c.dep}` } },
  { id: 'health', types: APPS, roles: ['symptom', 'cause'], severity: 'critical',
    prom: { alertname: 'TargetDown', job: 'app', summary: (c) => `${c.name}: health check GET /health returned ${c.rng.pick([500, 502, 503])}` },
    zabbix: { trigger: (c) => `${c.name}: Service is down (port ${c.port})`, severity: 'High' },
    icinga: { check: 'tcp_app', output: (c) => `CRITICAL - Socket timeout after ${int(c, 10, 30)} seconds (port ${c.port})` } },
  { id: 'jvm_heap', types: ['application', 'service'], roles: ['cause', 'noise'], severity: 'warning',
    prom: { alertname: 'JvmHeapUsageHigh', job: 'jmx', summary: (c) => `JVM heap ${int(c, 90, 99)}% on ${c.name} (GC ${int(c, 200, 4000)}ms/min)` },
    zabbix: { trigger: (c) => `${c.name}: JVM heap usage is high (${int(c, 90, 99)}%)`, severity: 'Warning' },
    icinga: { check: 'jvm_heap', output: (c) => `JMX CRITICAL - HeapMemoryUsage.used=${int(c, 90, 99)}%` } },
  { id: 'process_down', types: ['application', 'service'], roles: ['cause'], severity: 'critical',
    prom: { alertname: 'ProcessNotRunning', job: 'process-exporter', summary: (c) => `Process ${c.tech} (${c.name}) not running on ${c.host}` },
    zabbix: { trigger: (c) => `Process ${c.tech} is not running on ${c.host}`, severity: 'High' },
    icinga: { check: 'procs', output: (c) => `PROCS CRITICAL: 0 processes with args '${c.name}'` } },
  { id: 'synthetic', types: ['business_service'], roles: ['symptom'], severity: 'critical',
    prom: { alertname: 'ProbeFailed', job: 'blackbox', summary: (c) => `Synthetic check '${c.name} journey' failed from ${int(c, 2, 5)}/5 locations` },
    zabbix: { trigger: (c) => `Web scenario "${c.name}" failed: HTTP ${c.rng.pick([500, 502, 503, 504])}`, severity: 'High' },
    icinga: { check: 'http_journey', output: (c) => `CRITICAL - step ${int(c, 2, 6)} of '${c.name}' failed: HTTP ${c.rng.pick([500, 502, 503, 504])}` } },
  // ---- data stores
  { id: 'db_down', types: ['database', 'cloud_service'], roles: ['cause'], severity: 'critical',
    prom: { alertname: 'DatabaseDown', job: 'db-exporter', summary: (c) => `${c.tech} down on ${c.host}:${c.port}` },
    zabbix: { trigger: (c) => `${c.tech}: Service is down on ${c.host}`, severity: 'Disaster' },
    icinga: { check: 'db_connect', output: (c) => `CRITICAL - could not connect to ${c.tech} on port ${c.port}: Connection refused` } },
  { id: 'db_connections', types: ['database', 'cloud_service'], roles: ['cause', 'symptom', 'noise'], severity: 'major',
    prom: { alertname: 'DatabaseTooManyConnections', job: 'db-exporter', summary: (c) => `Too many connections (${int(c, 480, 500)}/500) on ${c.name}` },
    zabbix: { trigger: (c) => `${c.tech}: Too many connections on ${c.host} (${int(c, 480, 500)} of 500)`, severity: 'Average' },
    icinga: { check: 'db_connections', output: (c) => `CRITICAL - ${int(c, 480, 500)} of 500 connections used` } },
  { id: 'db_replication', types: ['database'], roles: ['cause', 'symptom', 'noise'], severity: 'warning',
    prom: { alertname: 'DatabaseReplicationLag', job: 'db-exporter', summary: (c) => `Replication lag ${int(c, 30, 1800)}s on ${c.name}` },
    zabbix: { trigger: (c) => `${c.tech}: Replication lag is too high on ${c.host} (${int(c, 30, 1800)}s)`, severity: 'Warning' },
    icinga: { check: 'db_replication', output: (c) => `WARNING - replica lag ${int(c, 30, 1800)} seconds` } },
  { id: 'db_slow', types: ['database', 'cloud_service'], roles: ['symptom', 'noise'], severity: 'warning',
    prom: { alertname: 'DatabaseSlowQueries', job: 'db-exporter', summary: (c) => `Slow queries: ${int(c, 20, 400)}/min on ${c.name}` },
    zabbix: { trigger: (c) => `${c.tech}: Number of slow queries is too high on ${c.host}`, severity: 'Warning' },
    icinga: { check: 'db_slow', output: (c) => `WARNING - ${int(c, 20, 400)} slow queries in last 5 minutes` } },
  { id: 'cache_down', types: ['cache'], roles: ['cause'], severity: 'critical',
    prom: { alertname: 'RedisDown', job: 'redis', summary: (c) => `${c.tech} ${c.name} down on ${c.host}:${c.port}` },
    zabbix: { trigger: (c) => `${c.tech}: Service is down on ${c.host}`, severity: 'High' },
    icinga: { check: 'redis', output: (c) => `CRITICAL - connection to ${c.host}:${c.port} refused` } },
  { id: 'cache_memory', types: ['cache'], roles: ['cause', 'noise'], severity: 'warning',
    prom: { alertname: 'RedisOutOfMemory', job: 'redis', summary: (c) => `${c.tech} memory ${int(c, 90, 99)}% on ${c.name}, evictions ${int(c, 100, 9000)}/s` } },
  { id: 'queue_lag', types: ['queue'], roles: ['symptom', 'cause', 'noise'], severity: 'major',
    prom: { alertname: 'KafkaConsumerLagHigh', job: 'kafka-exporter', summary: (c) => `Consumer lag ${int(c, 10000, 900000)} on topic ${c.name}-events` },
    zabbix: { trigger: (c) => `Queue ${c.name}.q depth is too high (${int(c, 10000, 90000)})`, severity: 'Average' },
    icinga: { check: 'queue_depth', output: (c) => `CRITICAL - ${c.name}.q messages=${int(c, 10000, 90000)}` } },
  { id: 'queue_down', types: ['queue'], roles: ['cause'], severity: 'critical',
    prom: { alertname: 'KafkaUnderReplicatedPartitions', job: 'kafka-exporter', summary: (c) => `Under-replicated partitions: ${int(c, 3, 60)} on ${c.name}` },
    zabbix: { trigger: (c) => `${c.tech}: broker on ${c.host} is down`, severity: 'High' },
    icinga: { check: 'mq_broker', output: (c) => `CRITICAL - broker ${c.host} not responding on ${c.port}` } },
  // ---- Kubernetes (Prometheus only, like kube-prometheus)
  { id: 'pod_crashloop', types: ['k8s_pod'], roles: ['cause', 'symptom', 'noise'], severity: 'warning',
    prom: { alertname: 'KubePodCrashLooping', job: 'kube-state-metrics', summary: (c) => `Pod ${c.namespace}/${c.pod} (${c.container}) is restarting ${pct(c, 1, 9)} times / 10 minutes` } },
  { id: 'pod_notready', types: ['k8s_pod'], roles: ['symptom', 'noise'], severity: 'warning',
    prom: { alertname: 'KubePodNotReady', job: 'kube-state-metrics', summary: (c) => `Pod ${c.namespace}/${c.pod} has been in a non-ready state for longer than 15 minutes` } },
  { id: 'pod_oom', types: ['k8s_pod'], roles: ['cause', 'noise'], severity: 'warning',
    prom: { alertname: 'KubeContainerOOMKilled', job: 'kube-state-metrics', summary: (c) => `Container ${c.container} in pod ${c.namespace}/${c.pod} OOMKilled (limit ${c.rng.pick([256, 512, 1024, 2048])}Mi)` } },
  { id: 'replicas', types: ['k8s_workload'], roles: ['symptom', 'noise'], severity: 'warning',
    prom: { alertname: 'KubeDeploymentReplicasMismatch', job: 'kube-state-metrics', summary: (c) => `Deployment ${c.namespace}/${c.workload} has not matched the expected number of replicas for longer than 15 minutes (${int(c, 0, 2)}/${int(c, 3, 8)})` } },
  { id: 'hpa_maxed', types: ['k8s_workload'], roles: ['noise', 'symptom'], severity: 'warning',
    prom: { alertname: 'KubeHpaMaxedOut', job: 'kube-state-metrics', summary: (c) => `HPA ${c.namespace}/${c.workload} has been running at max replicas for longer than 15 minutes` } },
  { id: 'node_notready', types: ['host'], roles: ['cause', 'symptom'], severity: 'critical',
    prom: { alertname: 'KubeNodeNotReady', job: 'kube-state-metrics', summary: (c) => `${c.host} has been unready for more than 15 minutes` } },
  { id: 'node_pressure', types: ['host'], roles: ['cause', 'noise'], severity: 'warning',
    prom: { alertname: 'KubeNodePressure', job: 'kube-state-metrics', summary: (c) => `${c.host} has active Condition ${c.rng.pick(['MemoryPressure', 'DiskPressure', 'PIDPressure'])}` } },
  { id: 'kubelet_down', types: ['host'], roles: ['cause'], severity: 'critical',
    prom: { alertname: 'KubeletDown', job: 'kubelet', summary: (c) => `Kubelet on ${c.host} has disappeared from Prometheus target discovery` } },
  { id: 'quota', types: ['k8s_namespace'], roles: ['noise'], severity: 'info',
    prom: { alertname: 'KubeQuotaAlmostFull', job: 'kube-state-metrics', summary: (c) => `Namespace ${c.namespace} is using ${int(c, 90, 99)}% of its ${c.rng.pick(['cpu', 'memory', 'pods'])} quota` } },
  { id: 'apiserver', types: ['k8s_cluster'], roles: ['cause', 'noise'], severity: 'critical',
    prom: { alertname: 'KubeAPIErrorBudgetBurn', job: 'apiserver', summary: (c) => `The API server is burning too much error budget (${pct(c, 2, 30)}% 5xx)` } },
];

/** kindsFor lists the kinds a CI type may raise in a role (k8s nodes are hosts with role k8s-node). */
export function kindsFor(type: string, role: AlertRole, isK8sNode: boolean): AlertKind[] {
  const out: AlertKind[] = [];
  for (const k of ALERT_KINDS) {
    if (!k.types.includes(type) || !k.roles.includes(role)) continue;
    const k8sOnly = k.id.startsWith('node_') || k.id === 'kubelet_down';
    if (type === 'host' && k8sOnly !== isK8sNode && !(isK8sNode && (k.id === 'host_disk' || k.id === 'host_cpu' || k.id === 'host_memory'))) continue;
    out.push(k);
  }
  return out;
}
