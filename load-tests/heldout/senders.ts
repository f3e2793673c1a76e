/**
 * senders builds the raw payloads the held-out shops' monitoring tools send, in their own wording and
 * label names, for the real normalisers (@aiops/normalize) to turn into events: an SNMP trap bridge,
 * an ICMP/SNMP availability poller and cron-run plugin checks posting our generic JSON, Datadog monitor
 * webhooks, CloudWatch alarms and AWS Health events forwarded by an SNS→webhook bridge, vCenter alarms.
 * None of it is shared with ../quality/templates.ts.
 */
import type { Prng } from '../quality/prng.js';
import type { Asset } from './estate.js';

export type SenderKind = 'snmp' | 'poller' | 'script' | 'datadog' | 'cloudwatch' | 'vcenter';

/** Emission is one notification as it reaches the gateway: the adapter (source) and the parsed body. */
export interface Emission {
  source: 'generic' | 'datadog';
  body: unknown;
}

/** AlertSpec is one alert a tool can raise; `payload` renders one notification of it. */
export interface AlertSpec {
  /** unique per alert within a storm (fires, resolves and re-sends share it). */
  key: string;
  /** the asset that raised it (may be a neighbour of the broken one, e.g. the switch reporting its dead port). */
  emitter: Asset;
  kind: string;
  sender: SenderKind;
  payload(status: 'firing' | 'resolved', at: number, n: number): Emission;
}

/** Ctx gives a template the estate around the asset. */
export interface Ctx {
  rng: Prng;
  /** assets the asset runs on (servers, VMs, instances). */
  hostsOf(a: Asset): Asset[];
  /** the upstream device an asset is plugged into (for network assets), if any. */
  uplinkOf(a: Asset): Asset | undefined;
}

/** stable is a 32-bit FNV-1a hash: identities that must not depend on draw order. */
function stable(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const REGION_NAME: Record<string, string> = { 'eu-west-1': 'EU (Ireland)', 'us-east-1': 'US East (N. Virginia)' };
const iso = (t: number): string => new Date(t).toISOString();
const num = (rng: Prng, lo: number, hi: number, digits = 0): string => (lo + rng.next() * (hi - lo)).toFixed(digits);
const port = (rng: Prng): string => `${rng.pick(['Gi1/0/', 'Te1/1/', 'Gi0/', 'Eth1/'])}${rng.int(1, 48)}`;

// ---------- generic-JSON senders ----------

function snmpTrap(emitter: Asset, trap: string, ifName: string | null, title: (up: boolean) => string, detail: string, severity: 'critical' | 'major' | 'minor' | 'warning'): AlertSpec {
  return {
    key: `snmp|${emitter.id}|${trap}|${ifName ?? ''}`, emitter, kind: trap, sender: 'snmp',
    payload: (status, at) => ({
      source: 'generic',
      body: {
        title: title(status === 'resolved'), status, severity: status === 'resolved' ? 'info' : severity,
        labels: { alertname: trap, device: emitter.handle, ...(ifName ? { ifName } : {}), site: emitter.site, trap_source: emitter.ip ?? emitter.handle },
        resource: { host: emitter.handle },
        description: `${trap} from ${emitter.handle} (${emitter.ip ?? '?'}): ${detail}`, occurredAt: at,
      },
    }),
  };
}

function poller(emitter: Asset, check: string, text: (up: boolean) => string): AlertSpec {
  return {
    key: `poll|${emitter.id}|${check}`, emitter, kind: check, sender: 'poller',
    payload: (status, at) => ({
      source: 'generic',
      body: {
        title: text(status === 'resolved'), status, severity: status === 'resolved' ? 'info' : 'critical',
        labels: { alertname: check, device: emitter.handle, check, poller: `poller-${emitter.site}` }, resource: { host: emitter.ip ?? emitter.handle },
        occurredAt: at,
      },
    }),
  };
}

/** scriptCheck is a Nagios-plugin-style check run from cron on a host, posted as generic JSON (labels hostname/check/component). */
export function scriptCheck(host: Asset, check: string, component: string | null, output: (rng: Prng, n: number) => string, rng: Prng, severity: 'critical' | 'major' | 'warning' = 'critical'): AlertSpec {
  const name = host.fqdn ?? host.handle;
  return {
    key: `check|${host.id}|${check}|${component ?? ''}`, emitter: host, kind: check, sender: 'script',
    payload: (status, at, n) => {
      const text = status === 'resolved' ? `${check.toUpperCase()} OK` : `${check.toUpperCase()} ${severity === 'warning' ? 'WARNING' : 'CRITICAL'} - ${output(rng, n)}`;
      return {
        source: 'generic',
        body: {
          title: `${name}/${check}${component ? ` (${component})` : ''}: ${text}`.slice(0, 300), status, severity: status === 'resolved' ? 'info' : severity,
          labels: { alertname: check, hostname: name, check, ...(component ? { component } : {}) },
          description: text, occurredAt: Math.floor(at / 1000) * 1000,
        },
      };
    },
  };
}

function vcenter(obj: Asset, alarm: string, rng: Prng): AlertSpec {
  const objectType = obj.role === 'hypervisor' ? 'HostSystem' : 'VirtualMachine';
  return {
    key: `vc|${obj.id}|${alarm}`, emitter: obj, kind: alarm, sender: 'vcenter',
    payload: (status, at) => ({
      source: 'generic',
      body: {
        title: `vCenter alarm '${alarm}' on ${obj.handle} changed from ${status === 'resolved' ? 'red to green' : 'green to red'}`,
        status, severity: status === 'resolved' ? 'info' : 'major',
        labels: { alertname: alarm, vcenter: 'vc01.infra.local', object: obj.handle, object_type: objectType, alarm, datacenter: 'DC-Main' },
        resource: { host: obj.fqdn ?? obj.handle },
        description: `${objectType} ${obj.handle}: ${alarm} (event key ${rng.int(100000, 999999)})`, occurredAt: at,
      },
    }),
  };
}

/** cloudwatch is a CloudWatch alarm state change as the SNS→webhook bridge forwards it (fingerprint = alarm ARN). */
export function cloudwatch(emitter: Asset, ns: string, metric: string, dim: [string, string], reason: (rng: Prng) => string, rng: Prng): AlertSpec {
  const region = emitter.site;
  // one alarm per resource and metric, whoever trips it: the name must not depend on the draw
  const alarm = `${dim[1].split('/').slice(-2, -1)[0] ?? dim[1]}-${metric}-${['high', 'alarm', 'breach', 'crit'][stable(dim[1] + metric) % 4]}`.replace(/[^A-Za-z0-9_.-]/g, '-');
  const acct = emitter.arn?.split(':')[4] ?? '000000000000';
  const arn = `arn:aws:cloudwatch:${region}:${acct}:alarm:${alarm}`;
  const resource = emitter.role === 'ec2' ? { host: dim[1] } : { service: dim[1] };
  return {
    key: `cw|${arn}`, emitter, kind: `${ns}/${metric}`, sender: 'cloudwatch',
    payload: (status, at) => ({
      source: 'generic',
      body: {
        title: `${status === 'resolved' ? 'OK' : 'ALARM'}: "${alarm}" in ${REGION_NAME[region] ?? region}`, status,
        severity: status === 'resolved' ? 'info' : 'major', fingerprint: arn,
        labels: { AlarmName: alarm, Namespace: ns, MetricName: metric, [dim[0]]: dim[1], Region: region, AWSAccountId: acct },
        annotations: { AlarmArn: arn, NewStateValue: status === 'resolved' ? 'OK' : 'ALARM' },
        resource, description: status === 'resolved' ? 'Threshold Crossed: no datapoints were breaching the threshold' : reason(rng), occurredAt: at,
      },
    }),
  };
}

function awsEvent(emitter: Asset, code: string, service: string, text: string, extra: Record<string, string>): AlertSpec {
  return {
    key: `ev|${emitter.id}|${code}`, emitter, kind: code, sender: 'cloudwatch',
    payload: (status, at) => ({
      source: 'generic',
      body: {
        title: `${service} ${status === 'resolved' ? 'resolved' : 'event'}: ${text}`, status, severity: status === 'resolved' ? 'info' : 'critical',
        labels: { alertname: code, source: `aws.${service.toLowerCase()}`, Region: emitter.site, ...extra },
        description: `${code}: ${text}`, occurredAt: at,
      },
    }),
  };
}

// ---------- Datadog ----------

/** datadog is a Datadog monitor notification via the webhook integration ($AGGREG_KEY identity, tags). */
export function datadog(emitter: Asset, monitor: string, what: (rng: Prng) => string, rng: Prng, scope: Record<string, string> = {}): AlertSpec {
  // one monitor per (service, monitor name): a second failure finds it already firing
  const monitorId = 1_000_000 + (stable(monitor) % 8_999_999);
  const tags = { service: emitter.handle, env: 'prod', team: emitter.team, ...scope };
  const scopeStr = Object.entries(tags).filter(([k]) => k !== 'team').map(([k, v]) => `${k}:${v}`).join(',');
  const aggreg = `${stable(`${monitorId}|${scopeStr}`).toString(16)}${stable(`${scopeStr}|${monitorId}`).toString(16)}`;
  const priority = rng.pick(['P1', 'P2', 'P3']);
  return {
    key: `dd|${monitorId}|${scopeStr}`, emitter, kind: monitor, sender: 'datadog',
    payload: (status, at, n) => {
      const resolved = status === 'resolved';
      const transition = resolved ? 'Recovered' : n === 0 ? 'Triggered' : 'Renotify';
      return {
        source: 'datadog',
        body: {
          id: `${aggreg.slice(0, 8)}-${at}-${n}`, aggreg_key: aggreg, monitor_id: monitorId, alert_transition: transition,
          alert_type: resolved ? 'success' : 'error', severity: priority,
          title: `[${transition}${resolved ? '' : ` on {${scopeStr}}`}] ${emitter.handle}: ${monitor}`,
          body: `%%%\n${resolved ? `${monitor} recovered` : what(rng)}\n%%%`, date: at,
          scopes: scopeStr, tags: Object.entries(tags).map(([k, v]) => `${k}:${v}`).join(','),
          url: `https://app.datadoghq.eu/monitors/${monitorId}`,
        },
      };
    },
  };
}

// ---------- what each kind of asset says when it breaks (cause = null) or suffers (cause = the broken upstream) ----------

const NET_ROOT: Record<string, string[]> = {
  'core-switch': ['chassis', 'hsrp', 'cpu'],
  'dist-switch': ['chassis', 'stp', 'cpu'],
  'access-switch': ['chassis', 'psu'],
  firewall: ['ha', 'bgp', 'sessions'],
  lb: ['ha', 'cpu'],
  nat: ['cw'],
};

/** networkRoot: a broken network device; often it cannot speak itself, its neighbour and the poller do. */
function networkAlerts(a: Asset, cause: Asset | null, ctx: Ctx): AlertSpec[] {
  const { rng } = ctx;
  const out: AlertSpec[] = [];
  const up = ctx.uplinkOf(a);
  if (cause === null) {
    // the neighbour sees its port to the dead box go down
    if (up && up.type === 'network') {
      const ifn = port(rng);
      out.push(snmpTrap(up, 'linkDown', ifn, (ok) => `Interface ${ifn} ${ok ? 'up' : 'down'} on ${up.handle}`, `ifIndex=${rng.int(10100, 10148)} ifDescr=${ifn} ifAlias="uplink ${a.handle}" ifOperStatus=down(2)`, 'major'));
    }
    out.push(poller(a, rng.pick(['icmp', 'snmp-availability']), (ok) => (ok ? `${a.handle} is reachable again` : `Device ${a.handle} unreachable (${rng.int(3, 5)}/${rng.int(3, 5)} polls lost)`)));
    for (const k of NET_ROOT[a.role] ?? ['chassis']) {
      if (!rng.chance(0.35)) continue;
      const t = {
        chassis: [`Module ${rng.int(1, 4)} failed on ${a.handle}`, 'entConfigChange: module status failed'],
        psu: [`Power supply ${rng.int(1, 2)} failed on ${a.handle}`, 'ciscoEnvMonSupplyState critical(3)'],
        hsrp: [`HSRP group ${rng.int(1, 40)} state change to Standby on ${a.handle}`, 'cHsrpStateChange standby(5)'],
        cpu: [`CPU utilization ${num(rng, 91, 99)}% on ${a.handle}`, 'cpmCPUTotal5minRev above threshold'],
        stp: [`Spanning tree topology change on ${a.handle} VLAN ${rng.int(10, 400)}`, 'topologyChange'],
        ha: [`HA failover: ${a.handle} unit went standby`, 'haStateChange active->standby'],
        bgp: [`BGP peer 10.${rng.int(0, 9)}.0.${rng.int(1, 9)} Idle on ${a.handle}`, 'bgpBackwardTransition Established->Idle'],
        sessions: [`Session table ${num(rng, 95, 100)}% full on ${a.handle}`, 'fwSessionsUtil above threshold'],
        cw: ['', ''],
      }[k] ?? ['', ''];
      if (t[0]) out.push(snmpTrap(a, k, null, (ok) => (ok ? `${t[0]} cleared` : t[0] as string), t[1] as string, 'critical'));
    }
    return out;
  }
  // a device behind a broken one: its uplink is dead, the poller loses it
  out.push(poller(a, 'icmp', (ok) => (ok ? `${a.handle} is reachable again` : `Device ${a.handle} unreachable (3/3 polls lost)`)));
  if (rng.chance(0.4)) {
    const ifn = port(rng);
    out.push(snmpTrap(a, 'linkDown', ifn, (ok) => `Interface ${ifn} ${ok ? 'up' : 'down'} on ${a.handle}`, `ifIndex=${rng.int(10100, 10148)} ifDescr=${ifn} ifAlias="uplink ${cause.handle}" ifOperStatus=down(2)`, 'major'));
  }
  return out;
}

const checkOut = {
  ping: (rng: Prng) => `Packet loss = ${rng.pick(['100', '80', '60'])}%, RTA = nan ms`,
  http: (url: string, code: string) => (rng: Prng) => `HTTP/1.1 ${code} - ${rng.int(120, 900)} bytes in ${num(rng, 10, 30, 3)} second response time (${url})`,
};

/** hostAlerts: servers (network shop) via cron checks; VMs and hypervisors via vCenter; EC2 via CloudWatch. */
function hostAlerts(a: Asset, cause: Asset | null, ctx: Ctx): AlertSpec[] {
  const { rng } = ctx;
  if (a.role === 'ec2') {
    const dim: [string, string] = ['InstanceId', a.handle];
    return [cloudwatch(a, 'AWS/EC2', cause === null ? rng.pick(['StatusCheckFailed_Instance', 'StatusCheckFailed_System']) : 'StatusCheckFailed', dim, (r) => `Threshold Crossed: 2 datapoints [1.0, 1.0] were greater than or equal to the threshold (1.0) (${r.int(1, 9)} checks)`, rng)];
  }
  if (a.role === 'vm' || a.role === 'hypervisor') {
    const out = [vcenter(a, a.role === 'hypervisor' ? 'Host connection and power state' : 'Virtual machine heartbeat', rng)];
    if (cause === null && rng.chance(0.5)) out.push(vcenter(a, a.role === 'hypervisor' ? 'Host hardware sensor status' : 'Virtual machine CPU usage', rng));
    if (rng.chance(0.4)) out.push(scriptCheck(a, 'check_ping', null, checkOut.ping, rng));
    return out;
  }
  const out = [scriptCheck(a, 'check_ping', null, checkOut.ping, rng)];
  if (cause === null) {
    out.push(scriptCheck(a, rng.pick(['check_ipmi', 'check_raid', 'check_mem']), null, (r) => rng.pick([`PSU ${r.int(1, 2)} status Critical`, `array md${r.int(0, 2)} degraded, 1 of 2 disks failed`, `ECC uncorrectable errors: ${r.int(2, 90)}`]), rng));
  } else if (cause.type === 'network' && rng.chance(0.5)) {
    out.push(scriptCheck(a, 'check_bond', null, () => `bond0: link status definitely down for interface eno${rng.int(1, 2)}, disabling it`, rng));
  }
  return out;
}

/** what a consumer of `cause` says, in its own words (the cause named sometimes, as in real messages). */
function symptom(cause: Asset, rng: Prng): string {
  switch (cause.role) {
    case 'dns': return rng.pick([`getaddrinfo EAI_AGAIN ${rng.pick(['api', 'db', 'mq'])}.corp.local`, 'SERVFAIL resolving upstream hosts', 'DNS lookup timed out after 5000ms']);
    case 'sso': case 'ldap': return rng.pick([`token introspection failed: 502 from ${cause.handle}`, 'OIDC discovery document unavailable', 'login error rate above 20%']);
    case 'broker': return rng.pick([`AMQP connection refused (${cause.handle}:5672)`, 'publish confirms timing out', 'consumer channel closed: connection_forced']);
    case 'objstore': return rng.pick(['S3 PutObject 503 SlowDown', `upload to ${cause.handle} failed: connection reset`, 'presigned URL requests failing']);
    case 'vault': return rng.pick(['secret lease renewal failed: Vault is sealed', `permission denied reading secret/data/${rng.hex(4)}`]);
    case 'smtp': return 'outbound mail queue above 500 messages';
    case 'db': case 'rds': return rng.pick([`connection pool exhausted (${cause.handle})`, 'could not connect to database: timeout expired', `ORA-12541: TNS:no listener`, 'Deadlock found when trying to get lock']);
    case 'cache': return rng.pick(['Redis command timed out', `READONLY You can't write against a read only replica (${cause.handle})`]);
    case 'sqs': return rng.pick(['SendMessage errors: AWS.SimpleQueueService.NonExistentQueue', 'SQS ReceiveMessage throttled']);
    case 'dynamo': return 'ProvisionedThroughputExceededException on writes';
    case 'nat': return 'partner API calls timing out (connect ETIMEDOUT)';
    default: return rng.pick(['error rate above 5%', 'p99 latency above 2s', `upstream ${cause.handle} returning 503`, 'apdex below 0.7']);
  }
}

/** serviceAlerts: applications, databases, platform and managed services. */
function serviceAlerts(a: Asset, cause: Asset | null, ctx: Ctx): AlertSpec[] {
  const { rng } = ctx;
  const hosts = ctx.hostsOf(a);
  const host = hosts.length > 0 ? rng.pick(hosts) : undefined;
  const out: AlertSpec[] = [];
  const cloudDim = (): [string, string] => [a.role === 'rds' ? 'DBInstanceIdentifier' : a.role === 'sqs' ? 'QueueName' : a.role === 'lambda' ? 'FunctionName' : a.role === 'cache' ? 'CacheClusterId' : a.role === 'dynamo' ? 'TableName' : a.role === 'alb' ? 'LoadBalancer' : 'ServiceName', a.handle];
  const cwNs: Record<string, [string, string[]]> = {
    rds: ['AWS/RDS', ['CPUUtilization', 'DatabaseConnections', 'FreeableMemory', 'ReadLatency']],
    sqs: ['AWS/SQS', ['ApproximateAgeOfOldestMessage', 'NumberOfMessagesSent']],
    lambda: ['AWS/Lambda', ['Errors', 'Throttles', 'Duration']],
    cache: ['AWS/ElastiCache', ['EngineCPUUtilization', 'CurrConnections', 'Evictions']],
    dynamo: ['AWS/DynamoDB', ['ThrottledRequests', 'SystemErrors']],
    alb: ['AWS/ApplicationELB', ['HTTPCode_ELB_5XX_Count', 'UnHealthyHostCount']],
    ecs: ['AWS/ECS', ['RunningTaskCount', 'CPUUtilization']],
    nat: ['AWS/NATGateway', ['ErrorPortAllocation', 'PacketsDropCount']],
  };
  const cw = cwNs[a.role];
  if (cw) {
    // cloud shop: CloudWatch alarms; ECS services also carry Datadog APM monitors
    const metrics = rng.shuffle([...cw[1]]).slice(0, cause === null ? rng.int(1, 2) : 1);
    for (const m of metrics) out.push(cloudwatch(a, cw[0], m, cloudDim(), (r) => `Threshold Crossed: 1 out of the last 1 datapoints [${num(r, 90, 9999, 1)} (${iso(0).slice(0, 10)})] was greater than the threshold (${r.int(50, 500)}.0)`, rng));
    if (a.role === 'ecs' && rng.chance(0.5)) out.push(datadog(a, 'trace.http.request.errors above 5%', (r) => (cause ? symptom(cause, r) : `error rate ${num(r, 6, 60)}%`), rng));
    if (a.role === 'rds' && cause?.role === 'az') out.push(awsEvent(a, 'RDS-EVENT-0049', 'RDS', `Multi-AZ instance failover started for ${a.handle}`, { SourceIdentifier: a.handle }));
    return out;
  }
  if (a.role === 'az') {
    return [awsEvent(a, 'AWS_EC2_OPERATIONAL_ISSUE', 'EC2', `Increased API error rates and connectivity issues in ${a.handle}`, { availabilityZone: a.handle, service: 'EC2' })];
  }
  if (a.role === 'vip') {
    const lbDev = ctx.uplinkOf(a);
    const emitter = lbDev ?? a;
    return [snmpTrap(emitter, 'bigipServiceDown', a.handle, (ok) => `${ok ? 'Virtual server' : 'No members available for'} ${a.handle}${ok ? ' available' : ''}`, `Pool ${a.handle.replace('_vs', '_pool')} member status down (monitor http_head_f5)`, 'major')];
  }
  if (a.site === 'main' || a.role === 'dns' || a.role === 'sso') {
    // platform shop: Datadog monitors, tagged with the service; infra monitors also with the host
    const monitor = cause === null ? rootMonitor(a.role) : rng.pick(['error rate above 5%', 'p99 latency above 2s', 'health check failing']);
    out.push(datadog(a, monitor, (r) => (cause ? symptom(cause, r) : `${a.handle}: ${monitor}`), rng, host && rng.chance(0.5) ? { host: host.handle } : {}));
    if (rng.chance(0.3)) out.push(datadog(a, 'log errors above baseline', (r) => (cause ? symptom(cause, r) : 'ERROR count anomaly'), rng));
    return out;
  }
  // network shop: cron checks on the host the application or database runs on
  if (!host) return out;
  if (a.role === 'db') {
    out.push(scriptCheck(host, `check_${a.handle.split('-')[0]}`, a.handle, (r) => (cause ? `cannot connect to ${a.handle}: timeout` : rng.pick([`tablespace USERS ${num(r, 97, 100)}% full`, 'listener not responding', `${r.int(30, 90)} sessions blocked`])), rng));
  } else {
    const url = `https://${a.handle}.corp.example.net/health`;
    out.push(scriptCheck(host, 'check_http', a.handle, checkOut.http(url, cause ? rng.pick(['503 Service Unavailable', '500 Internal Server Error', '504 Gateway Timeout']) : '503 Service Unavailable'), rng));
    if (cause && rng.chance(0.4)) out.push(scriptCheck(host, 'check_logfiles', a.handle, (r) => `${r.int(3, 80)} errors in app.log: ${symptom(cause, r)}`, rng, 'warning'));
    if (!cause && rng.chance(0.5)) out.push(scriptCheck(host, 'check_procs', a.handle, (r) => `${r.int(0, 0)} processes with args '${a.handle}'`, rng));
  }
  return out;
}

function rootMonitor(role: string): string {
  switch (role) {
    case 'dns': return 'SERVFAIL ratio above 10%';
    case 'sso': return 'login error rate above 20%';
    case 'ldap': return 'bind latency above 1s';
    case 'broker': return 'node memory alarm / network partition';
    case 'objstore': return 'drives offline';
    case 'vault': return 'vault sealed';
    case 'smtp': return 'relay rejecting connections';
    case 'db': return 'replication broken / connections refused';
    default: return 'process not running';
  }
}

/** alertsOf lists the alerts an asset can raise when it breaks (cause null) or suffers from `cause`. */
export function alertsOf(a: Asset, cause: Asset | null, ctx: Ctx): AlertSpec[] {
  if (a.type === 'network' && a.role !== 'nat' || a.role === 'lb') return networkAlerts(a, cause, ctx);
  if (a.role === 'server' || a.role === 'vm' || a.role === 'hypervisor' || a.role === 'ec2') return hostAlerts(a, cause, ctx);
  return serviceAlerts(a, cause, ctx);
}
