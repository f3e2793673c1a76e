/**
 * datacenter: an incident-labelled alert log from a classic datacenter (Nagios/Icinga-style checks
 * forwarded to a ticketing tool): timestamp, host, check, state (CRITICAL/WARNING/UNKNOWN/OK), the
 * business service, the plugin output as free text, and the incident number an operator linked the
 * alert to. No topology in the log itself: what ties alerts together is in host names (site, rack,
 * role), in the output text (which backend, which database) and in time. Incidents: a top-of-rack
 * switch, a hypervisor, SAN latency, DNS, a database failover, a bad deploy, an expired certificate, a
 * memory leak over an hour. The topology variant adds the inventory a CMDB would hold (racks behind
 * switches, VMs on hypervisors, applications on hosts and their databases).
 */
import type { ConfigurationItem } from '@aiops/model';
import { createPrng, type Prng } from '../quality/prng.js';
import { ci, cmdbCsv, failureStarts, fmt, keepOwned, toCsv, type DatasetFile, type Episode, type Failure } from './core.js';

interface Host { name: string; role: string; rack: string; hv: string | null; service: string }
interface Dc {
  site: string;
  hosts: Host[];
  racks: string[];
  hypervisors: string[];
  /** service -> the database hosts it uses */
  dbOf: Map<string, string[]>;
  /** service -> services calling it */
  callers: Map<string, string[]>;
  cis: ConfigurationItem[];
}

const SERVICES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['webshop', ['checkout', 'search', 'auth', 'catalog']], ['checkout', ['payments', 'auth', 'inventory']], ['search', ['catalog']], ['catalog', []], ['auth', []],
  ['payments', []], ['inventory', []], ['reporting', ['inventory']], ['crm', ['auth']], ['mail', []],
];

/** buildDc: one site, racks of 16–24 hosts behind a ToR switch; app tiers as VMs on hypervisors, databases on bare metal. */
function buildDc(prng: Prng, size: number, site: string): Dc {
  const hosts: Host[] = [];
  const racks = Array.from({ length: Math.max(3, Math.round(size / 20)) }, (_, i) => `${site}-r${String(i + 1).padStart(2, '0')}`);
  const hypervisors = racks.flatMap((r) => [1, 2, 3].map((k) => `${r}-esx${k}`));
  const dbOf = new Map<string, string[]>();
  const callers = new Map<string, string[]>(SERVICES.map(([s]) => [s, []]));
  for (const [s, callees] of SERVICES) for (const c of callees) callers.get(c)?.push(s);
  // a VM runs on a hypervisor in its own rack: it shares that rack's switch
  const hvIn = (rack: string) => prng.pick(hypervisors.filter((x) => x.startsWith(`${rack}-`)));
  const counter = new Map<string, number>();
  const name = (role: string) => {
    const k = (counter.get(role) ?? 0) + 1;
    counter.set(role, k);
    return `${site}-${role}${String(k).padStart(2, '0')}`;
  };
  for (const [s] of SERVICES) {
    const dbs: string[] = [];
    for (const [role, n] of [['web', s === 'webshop' ? 4 : 0], ['app', prng.int(2, 4)], ['db', s === 'mail' ? 0 : prng.int(1, 2)]] as const) {
      for (let k = 0; k < n; k++) {
        const rack = prng.pick(racks);
        const h: Host = { name: name(role === 'app' ? `${s.slice(0, 4)}app` : role === 'db' ? `${s.slice(0, 4)}db` : 'web'), role, rack, hv: role === 'db' ? null : hvIn(rack), service: s };
        hosts.push(h);
        if (role === 'db') dbs.push(h.name);
      }
    }
    dbOf.set(s, dbs);
  }
  for (const role of ['dns', 'dns', 'lb', 'lb', 'backup', 'batch', 'batch', 'mon']) hosts.push({ name: name(role), role, rack: prng.pick(racks), hv: null, service: role === 'lb' ? 'webshop' : 'infrastructure' });
  while (hosts.length < size) {
    const rack = prng.pick(racks);
    hosts.push({ name: name('misc'), role: 'misc', rack, hv: hvIn(rack), service: 'infrastructure' });
  }
  const cis: ConfigurationItem[] = [ci(`net-${site}-core`, `${site}-core01`, 'network', [], { hostname: `${site}-core01` }), ci(`san-${site}`, `${site}-san01`, 'storage', [], { hostname: `${site}-san01` })];
  for (const r of racks) cis.push(ci(`net-${r}-tor`, `${r}-tor`, 'network', [{ type: 'connected_to', target: `net-${site}-core` }], { hostname: `${r}-tor` }));
  for (const hv of hypervisors) cis.push(ci(`host-${hv}`, hv, 'host', [{ type: 'connected_to', target: `net-${hv.replace(/-esx\d$/, '')}-tor` }, { type: 'depends_on', target: `san-${site}` }], { hostname: hv }));
  for (const h of hosts) {
    const rel: ConfigurationItem['relations'] = h.hv ? [{ type: 'runs_on', target: `host-${h.hv}` }] : [{ type: 'connected_to', target: `net-${h.rack}-tor` }];
    if (h.role === 'db') rel.push({ type: 'depends_on', target: `san-${site}` });
    cis.push(ci(`host-${h.name}`, h.name, h.hv ? 'vm' : 'host', rel, { hostname: h.name, fqdn: `${h.name}.corp.example` }));
  }
  for (const [s, callees] of SERVICES) {
    const rel: ConfigurationItem['relations'] = [
      ...hosts.filter((h) => h.service === s && h.role !== 'db' && h.role !== 'lb').map((h) => ({ type: 'runs_on' as const, target: `host-${h.name}` })),
      ...callees.map((c) => ({ type: 'depends_on' as const, target: `app-${c}` })),
      ...(dbOf.get(s) ?? []).map((d) => ({ type: 'depends_on' as const, target: `host-${d}` })),
      ...hosts.filter((h) => h.role === 'dns').map((h) => ({ type: 'depends_on' as const, target: `host-${h.name}` })),
    ];
    cis.push(ci(`app-${s}`, s, 'application', rel, { service: s }));
  }
  return { site, hosts, racks, hypervisors, dbOf, callers, cis };
}

export interface DcOptions { seed: number; startAt: number; durationMs: number; failures: number; concurrent: number; noise: number; size: number }

/** a Nagios-style check on a host: the check name, its state and the plugin output. */
interface Check { host: Host; check: string; state: 'CRITICAL' | 'WARNING' | 'UNKNOWN'; output: string }

function dcStorm(dc: Dc, o: DcOptions, prng: Prng): { episodes: Episode[]; failures: Failure[] } {
  const episodes: Episode[] = [];
  const failures: Failure[] = [];
  const horizon = o.startAt + o.durationMs;
  const emit = (c: Check, start: number, end: number | null, owner: string | null) =>
    episodes.push({ host: c.host.name, title: c.check, service: c.host.service, severity: c.state, start, end: end !== null && end < horizon ? end : null, owner, ci: `host-${c.host.name}`, extra: { output: c.output } });
  const of = (s: string, role?: string) => dc.hosts.filter((h) => h.service === s && (role === undefined || h.role === role));
  const lbs = dc.hosts.filter((h) => h.role === 'lb');
  const httpFail = (h: Host, why: string): Check => ({ host: h, check: 'HTTP', state: 'CRITICAL', output: `CRITICAL - ${why}` });
  const starts = failureStarts(prng, o.failures, o.startAt, o.durationMs, o.concurrent);
  starts.forEach((t0, i) => {
    const id = `INC${String(4_100_000 + i * 13 + prng.int(0, 12)).padStart(7, '0')}`;
    const kind = prng.weighted([['tor-switch', 2], ['hypervisor', 2], ['san-latency', 1], ['dns', 1], ['db-failover', 2], ['bad-deploy', 2.5], ['cert-expired', 1], ['memory-leak', 1.5]] as const);
    const fix = t0 + prng.int(8, 90) * 60_000;
    const at = (a: number, b: number) => t0 + prng.int(a, b) * 1000;
    let root = '';
    if (kind === 'tor-switch') {
      const rack = prng.pick(dc.racks);
      root = `${rack}-tor`;
      const inRack = dc.hosts.filter((h) => h.rack === rack);
      // the switch is monitored from the core (SNMP); its hosts stop answering pings; services behind the LB lose backends
      emit({ host: { name: `${dc.site}-core01`, role: 'net', rack: '', hv: null, service: 'network' }, check: `Interface ${rack}-uplink`, state: 'CRITICAL', output: `CRITICAL - ifOperStatus down (Po${prng.int(10, 40)} to ${rack}-tor)` }, at(5, 40), fix, id);
      for (const h of inRack) emit({ host: h, check: 'PING', state: 'CRITICAL', output: 'CRITICAL - Host Unreachable (10.20.' + prng.int(1, 250) + '.' + prng.int(1, 250) + ')' }, at(60, 240), fix + prng.int(30, 120) * 1000, id);
      const hit = new Set(inRack.filter((h) => h.role === 'web' || h.role === 'app').map((h) => h.service));
      for (const s of hit) for (const lb of lbs.slice(0, 1)) emit({ host: lb, check: `Pool ${s}`, state: 'WARNING', output: `WARNING - pool ${s}: ${prng.int(1, 2)} of ${of(s, 'app').length + of(s, 'web').length} members down` }, at(30, 120), fix, id);
      failures.push({ id, kind, start: t0, rootName: root, rootCi: `net-${rack}-tor` });
      return;
    }
    if (kind === 'hypervisor') {
      const hv = prng.pick(dc.hypervisors.filter((x) => dc.hosts.some((h) => h.hv === x)));
      root = hv;
      const vms = dc.hosts.filter((h) => h.hv === hv);
      if (prng.chance(0.6)) emit({ host: { name: hv, role: 'hv', rack: '', hv: null, service: 'virtualization' }, check: 'ESXi host connection', state: 'CRITICAL', output: 'CRITICAL - host not responding in vCenter' }, at(20, 90), fix, id);
      for (const v of vms) emit({ host: v, check: 'PING', state: 'CRITICAL', output: 'CRITICAL - Host Unreachable' }, at(60, 200), fix + prng.int(60, 300) * 1000, id);
      for (const v of vms.filter((x) => x.role === 'app').slice(0, 2)) for (const c of (dc.callers.get(v.service) ?? []).slice(0, 2)) for (const h of of(c, 'app').slice(0, 1)) emit(httpFail(h, `${v.service} backend ${v.name}: connect timed out`), at(90, 300), fix, id);
      failures.push({ id, kind, start: t0, rootName: root, rootCi: `host-${hv}` });
      return;
    }
    if (kind === 'san-latency') {
      root = `${dc.site}-san01`;
      emit({ host: { name: root, role: 'san', rack: '', hv: null, service: 'storage' }, check: 'Array latency', state: 'WARNING', output: `WARNING - avg write latency ${prng.int(40, 200)} ms (warn 20)` }, at(0, 60), fix, id);
      const dbs = prng.shuffle(dc.hosts.filter((h) => h.role === 'db')).slice(0, prng.int(3, 6));
      for (const d of dbs) emit({ host: d, check: 'Disk IO wait', state: prng.chance(0.5) ? 'CRITICAL' : 'WARNING', output: `iowait ${prng.int(30, 90)}%, await ${prng.int(50, 400)} ms on /dev/mapper/data` }, at(60, 300), fix, id);
      for (const d of dbs.slice(0, 3)) for (const h of of(d.service, 'app').slice(0, 2)) emit({ host: h, check: 'App response time', state: 'WARNING', output: `WARNING - p95 ${prng.int(2, 9)}.${prng.int(0, 9)} s (warn 1 s), slow queries on ${d.name}` }, at(120, 420), fix, id);
      failures.push({ id, kind, start: t0, rootName: root, rootCi: `san-${dc.site}` });
      return;
    }
    if (kind === 'dns') {
      const dns = dc.hosts.filter((h) => h.role === 'dns');
      const d = prng.pick(dns);
      root = d.name;
      emit({ host: d, check: 'DNS', state: 'CRITICAL', output: 'CRITICAL - query for www.example.com timed out (named not responding)' }, at(0, 60), fix, id);
      if (prng.chance(0.5)) emit({ host: d, check: 'Procs named', state: 'CRITICAL', output: 'PROCS CRITICAL: 0 processes with command name named' }, at(0, 60), fix, id);
      for (const h of prng.shuffle(dc.hosts.filter((x) => x.role === 'app' || x.role === 'web')).slice(0, prng.int(4, 9))) emit(httpFail(h, `Name or service not known (${prng.pick(['auth', 'db', 'payments', 'mq'])}.corp.example)`), at(60, 600), fix + prng.int(0, 120) * 1000, id);
      failures.push({ id, kind, start: t0, rootName: root, rootCi: `host-${d.name}` });
      return;
    }
    const s = prng.pick(SERVICES.filter(([x]) => x !== 'mail' || kind !== 'db-failover').map(([x]) => x));
    const apps = of(s, 'app');
    const callersApps = (dc.callers.get(s) ?? []).flatMap((c) => of(c, 'app').slice(0, prng.int(1, 2)));
    if (kind === 'db-failover' && (dc.dbOf.get(s) ?? []).length > 0) {
      const db = prng.pick(dc.dbOf.get(s) ?? []);
      const dbHost = dc.hosts.find((h) => h.name === db) as Host;
      root = db;
      emit({ host: dbHost, check: 'MySQL', state: 'CRITICAL', output: `CRITICAL - Can't connect to MySQL server on '${db}' (111)` }, at(0, 60), fix, id);
      if (prng.chance(0.6)) emit({ host: dbHost, check: 'MySQL replication', state: 'CRITICAL', output: 'CRITICAL - Slave_SQL_Running: No, Seconds_Behind_Master: NULL' }, at(30, 120), fix + 600_000, id);
      for (const h of apps) emit({ host: h, check: 'App errors', state: 'CRITICAL', output: `CRITICAL - 5xx rate ${prng.int(10, 60)}%, HikariPool-1 - Connection is not available, request timed out (${db})` }, at(60, 240), fix, id);
      for (const h of callersApps) if (prng.chance(0.5)) emit(httpFail(h, `${s} API returned 503`), at(120, 400), fix, id);
      failures.push({ id, kind, start: t0, rootName: root, rootCi: `host-${db}` });
      return;
    }
    if (kind === 'cert-expired') {
      root = s;
      for (const lb of lbs) emit({ host: lb, check: `SSL cert ${s}.example.com`, state: 'CRITICAL', output: `CRITICAL - certificate '${s}.example.com' expired on ${fmt.naive(t0 - 60_000).slice(0, 10)}` }, at(0, 300), null, id);
      for (const h of callersApps) emit(httpFail(h, `SSL handshake failed: certificate has expired (${s}.example.com)`), at(30, 600), null, id);
      failures.push({ id, kind, start: t0, rootName: root, rootCi: `app-${s}` });
      return;
    }
    if (kind === 'memory-leak') {
      // an hour-long leak: swap, then OOM kills and restarts, one app server after another
      root = s;
      apps.forEach((h, k) => {
        const t = t0 + k * prng.int(5, 20) * 60_000;
        emit({ host: h, check: 'Swap', state: 'WARNING', output: `SWAP WARNING - ${prng.int(20, 50)}% free` }, t, t + prng.int(20, 60) * 60_000, id);
        if (prng.chance(0.7)) emit({ host: h, check: 'Service java', state: 'CRITICAL', output: `CRITICAL - ${s}.service: Main process exited, code=killed, status=9/KILL (OOM)` }, t + prng.int(10, 40) * 60_000, t + prng.int(45, 70) * 60_000, id);
      });
      for (const h of callersApps) if (prng.chance(0.4)) emit(httpFail(h, `${s} API: read timed out`), t0 + prng.int(20, 60) * 60_000, fix + 3_600_000, id);
      failures.push({ id, kind, start: t0, rootName: root, rootCi: `app-${s}` });
      return;
    }
    // a bad deploy: the new version throws; callers see errors; rolled back at `fix`
    root = s;
    const version = `${prng.int(2, 9)}.${prng.int(0, 40)}.${prng.int(0, 9)}`;
    for (const h of apps) emit({ host: h, check: 'App errors', state: 'CRITICAL', output: `CRITICAL - 5xx rate ${prng.int(5, 80)}% since deploy of ${s} ${version}, NullPointerException in OrderMapper` }, at(60, 300), fix, id);
    if (prng.chance(0.5)) for (const h of apps.slice(0, 1)) emit({ host: h, check: 'Log errors', state: 'WARNING', output: `WARNING - ${prng.int(100, 900)} ERROR lines/5 min in /var/log/${s}/app.log` }, at(90, 400), fix, id);
    for (const h of callersApps) emit(httpFail(h, `${s} API returned HTTP 500`), at(120, 500), fix, id);
    failures.push({ id, kind: 'bad-deploy', start: t0, rootName: root, rootCi: `app-${s}` });
  });
  // background: disk space, load on batch hosts, NTP, backups, SMART, packet loss flaps, puppet runs, cert warnings
  const n = Math.round((o.durationMs / 3_600_000) * dc.hosts.length * 0.05 * o.noise);
  for (let i = 0; i < n; i++) {
    const t = o.startAt + Math.floor(prng.next() * o.durationMs);
    const h = prng.pick(dc.hosts);
    const kind = prng.weighted([['disk', 3], ['load', 2], ['ntp', 1], ['backup', 1], ['smart', 0.5], ['loss', 2], ['puppet', 1.5], ['cert', 0.5]] as const);
    const checks: Record<typeof kind, Check> = {
      disk: { host: h, check: 'Disk /var', state: 'WARNING', output: `DISK WARNING - free space: /var ${prng.int(3, 9)}% (${prng.int(1, 9)}.${prng.int(0, 9)} GB)` },
      load: { host: h, check: 'Load', state: 'WARNING', output: `WARNING - load average: ${prng.int(8, 30)}.${prng.int(10, 99)}, ${prng.int(5, 20)}.00, 4.00` },
      ntp: { host: h, check: 'NTP', state: 'WARNING', output: `NTP WARNING: Offset ${prng.next().toFixed(3)} secs` },
      backup: { host: h, check: 'Backup', state: 'CRITICAL', output: 'CRITICAL - last successful backup 49 h ago' },
      smart: { host: h, check: 'SMART /dev/sdb', state: 'WARNING', output: 'WARNING - Reallocated_Sector_Ct 12' },
      loss: { host: h, check: 'PING', state: 'WARNING', output: `PING WARNING - Packet loss = ${prng.int(20, 60)}%, RTA = ${prng.int(1, 9)}.${prng.int(10, 99)} ms` },
      puppet: { host: h, check: 'Puppet agent', state: 'UNKNOWN', output: 'UNKNOWN - last run 3 h ago, "Could not retrieve catalog from remote server"' },
      cert: { host: h, check: 'SSL cert internal', state: 'WARNING', output: `WARNING - certificate expires in ${prng.int(5, 20)} days` },
    };
    const c = checks[kind];
    const flaps = kind === 'loss' ? prng.int(1, 4) : 1;
    for (let k = 0, s = t; k < flaps; k++, s += prng.int(3, 20) * 60_000) emit(c, s, kind === 'cert' || kind === 'backup' ? null : s + prng.int(2, 45) * 60_000, null);
  }
  return { episodes, failures };
}

/**
 * dcDataset: the log as a CSV: firing rows (state CRITICAL/WARNING/UNKNOWN, re-notified every 30 min)
 * and recovery rows (state OK), ISO times; the incident number; the root CI (host or application) an operator
 * wrote one in the postmortem field. With `topology` the inventory CMDB.
 */
export function dcDataset(topology: boolean, estateSeed: number, o: DcOptions): DatasetFile {
  const dc = buildDc(createPrng(estateSeed), o.size, prng0(estateSeed));
  const prng = createPrng(o.seed);
  const g = dcStorm(dc, o, prng);
  const { kept, dropped } = keepOwned(g.episodes);
  const rootOf = new Map(g.failures.map((f) => [f.id, f.rootName]));
  const out: Array<{ t: number; row: Record<string, string> }> = [];
  const horizon = o.startAt + o.durationMs;
  for (const ep of kept) {
    const base = { hostname: ep.host, check: ep.title, service: ep.service, incident_id: ep.owner ?? '', root_cause_ci: ep.owner ? rootOf.get(ep.owner) ?? '' : '' };
    for (let t = ep.start, k = 0; t < Math.min(ep.end ?? horizon, horizon); t += 30 * 60_000, k++) {
      out.push({ t, row: { ts: fmt.isoSeconds(t), ...base, state: ep.severity, attempt: k === 0 ? '3/3' : 'renotify', output: ep.extra.output ?? '' } });
    }
    if (ep.end !== null) out.push({ t: ep.end, row: { ts: fmt.isoSeconds(ep.end), ...base, state: 'OK', attempt: '1/3', output: `OK - ${ep.title} recovered` } });
  }
  out.sort((a, b) => a.t - b.t);
  const rows = out.map((x) => x.row);
  return {
    format: 'csv', text: toCsv(['ts', 'hostname', 'check', 'state', 'attempt', 'service', 'output', 'incident_id', 'root_cause_ci'], rows),
    cmdbText: topology ? cmdbCsv(dc.cis) : null, map: '', failures: g.failures, kept, dropped, rows: rows.length,
  };
}

const prng0 = (seed: number): string => ['fra1', 'ams2', 'lon3', 'par1'][seed % 4] as string;
