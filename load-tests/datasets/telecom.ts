/**
 * telecom: a network-alarm dataset as an operator's NMS exports it (one row per alarm: occur and clear
 * time, NE name and type, vendor alarm name, severity, location info) with a fault group id and the
 * root alarm flagged. Network elements: core routers, aggregation routers dual-homed to them, access
 * rings and chains of cell-site routers, a base station and a power unit per site. Root alarms (fibre
 * cut, site power failure, board fault, NE reboot, RAN fault, core link down) raise floods of derived
 * alarms on neighbours and on everything cut off behind them; alarms flap (raised and cleared again).
 * Two vendors per network with their own alarm names. The topology a user has: the NE inventory with
 * physical links (connected_to) and site power (depends_on).
 */
import type { ConfigurationItem } from '@aiops/model';
import { createPrng, type Prng } from '../quality/prng.js';
import { ci, cmdbCsv, failureStarts, fmt, keepOwned, toCsv, type DatasetFile, type Episode, type Failure } from './core.js';

type Role = 'cr' | 'agg' | 'csr' | 'enb' | 'pmu';
interface Ne { name: string; role: Role; site: string; vendor: 'A' | 'Z' | 'E' | 'V'; region: string }
interface Net {
  nes: Ne[];
  /** adjacency (physical links) */
  links: Map<string, Set<string>>;
  /** the NE each access NE reaches the core through (first hop towards its aggregation) */
  uplinks: Map<string, string[]>;
  cis: ConfigurationItem[];
}

const REGIONS = ['HZ', 'NB', 'WZ', 'JX', 'SX', 'TZ'];

/** buildNet: `regions` regions, each 2 core routers, 3–5 aggregation routers, access rings/chains of 3–6 sites. */
function buildNet(prng: Prng, regions: number): Net {
  const nes: Ne[] = [];
  const links = new Map<string, Set<string>>();
  const uplinks = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    (links.get(a) ?? links.set(a, new Set()).get(a))?.add(b);
    (links.get(b) ?? links.set(b, new Set()).get(b))?.add(a);
  };
  let siteNo = 100;
  for (let r = 0; r < regions; r++) {
    const reg = REGIONS[r % REGIONS.length] as string;
    // half the regions run vendor A transport, the others vendor Z; base stations are vendor E, power units V
    const vendor: Ne['vendor'] = r % 2 === 0 ? 'A' : 'Z';
    const crs = [1, 2].map((i) => ({ name: `${reg}-CR-0${i}`, role: 'cr' as const, site: `${reg}-CORE`, vendor, region: reg }));
    nes.push(...crs);
    link(crs[0]?.name ?? '', crs[1]?.name ?? '');
    for (let a = 1; a <= prng.int(3, 5); a++) {
      const agg: Ne = { name: `${reg}-AGG-${String(a).padStart(2, '0')}`, role: 'agg', site: `${reg}-POP${a}`, vendor, region: reg };
      nes.push(agg);
      for (const c of crs) link(agg.name, c.name);
      for (let ring = 0; ring < prng.int(1, 3); ring++) {
        const chain = prng.chance(0.4);
        const n = prng.int(3, 6);
        const members: string[] = [];
        for (let k = 0; k < n; k++) {
          const site = `${reg}${siteNo++}`;
          const csr: Ne = { name: `${reg}-CSR-${site.slice(2)}`, role: 'csr', site, vendor, region: reg };
          const enb: Ne = { name: `ENB_${site}`, role: 'enb', site, vendor: 'E', region: reg };
          const pmu: Ne = { name: `PMU_${site}`, role: 'pmu', site, vendor: 'V', region: reg };
          nes.push(csr, enb, pmu);
          link(enb.name, csr.name);
          uplinks.set(enb.name, [csr.name]);
          link(members[members.length - 1] ?? agg.name, csr.name);
          members.push(csr.name);
        }
        // a ring closes back on the aggregation router: every site has two ways out
        if (!chain) link(members[members.length - 1] ?? '', agg.name);
        members.forEach((m, k) => uplinks.set(m, chain ? [members[k - 1] ?? agg.name] : [members[k - 1] ?? agg.name, members[k + 1] ?? agg.name]));
      }
    }
  }
  const byName = new Map(nes.map((n) => [n.name, n]));
  const TYPE: Record<Role, string> = { cr: 'network', agg: 'network', csr: 'network', enb: 'ran_node', pmu: 'power_system' };
  const NE_TYPE: Record<Role, string> = { cr: 'NE40E', agg: 'CX600', csr: 'ATN910', enb: 'RBS6601', pmu: 'NetSure' };
  const seen = new Set<string>();
  const cis = nes.map((n) => {
    const rel: ConfigurationItem['relations'] = [];
    for (const o of links.get(n.name) ?? []) {
      const key = n.name < o ? `${n.name}|${o}` : `${o}|${n.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rel.push({ type: 'connected_to', target: `ne-${o}` });
    }
    if (n.role === 'csr' || n.role === 'enb') rel.push({ type: 'depends_on', target: `ne-PMU_${n.site}` });
    return ci(`ne-${n.name}`, n.name, TYPE[n.role], rel, { hostname: n.name, ne_type: NE_TYPE[n.role], vendor: n.vendor }, { location: { site: n.site, region: n.region } });
  });
  void byName;
  return { nes, links, uplinks, cis };
}

/** cutOff: the NEs that lose every path to the core when `down` (NEs) and `cut` (links "a|b") fail. */
function cutOff(net: Net, down: ReadonlySet<string>, cut: ReadonlySet<string>): string[] {
  const reach = new Set<string>();
  const q = net.nes.filter((n) => n.role === 'cr' && !down.has(n.name)).map((n) => n.name);
  for (const s of q) reach.add(s);
  while (q.length > 0) {
    const a = q.pop() as string;
    for (const b of net.links.get(a) ?? []) {
      if (reach.has(b) || down.has(b) || cut.has(`${a}|${b}`) || cut.has(`${b}|${a}`)) continue;
      reach.add(b);
      q.push(b);
    }
  }
  return net.nes.filter((n) => n.role !== 'pmu' && !reach.has(n.name) && !down.has(n.name)).map((n) => n.name);
}

type Alarm = 'los' | 'eth_los' | 'link_down' | 'ospf_down' | 'commu_break' | 'heartbeat' | 'board' | 'hard_bad' | 'mains' | 'battery' | 'ring_switch' | 'cell_unavail' | 'vswr' | 's1_fail' | 'restart'
  | 'ber' | 'temp' | 'door' | 'license' | 'ntp' | 'cpu' | 'port_down';
/** per vendor: alarm name and severity (vendor A: Huawei-like, Z: ZTE-like, E: Ericsson-like RAN, V: power plant controller). */
const NAMES: Record<Ne['vendor'], Partial<Record<Alarm, readonly [string, string]>>> = {
  A: { los: ['R_LOS', 'Critical'], eth_los: ['ETH_LOS', 'Critical'], link_down: ['ETH_LINK_DOWN', 'Major'], ospf_down: ['OSPF_NBR_DOWN', 'Major'], commu_break: ['NE_COMMU_BREAK', 'Critical'], board: ['BD_STATUS', 'Major'], hard_bad: ['HARD_BAD', 'Critical'], ring_switch: ['ERPS_SWITCH', 'Minor'], restart: ['NE_COLD_START', 'Major'], ber: ['B2_EXC', 'Minor'], temp: ['TEMP_OVER', 'Major'], license: ['LICENSE_WILL_EXPIRE', 'Warning'], ntp: ['NTP_SYNC_FAIL', 'Minor'], cpu: ['CPU_OVERLOAD', 'Major'], port_down: ['PORT_DOWN', 'Minor'] },
  Z: { los: ['Optical port LOS', 'Critical'], eth_los: ['Ethernet port LOS', 'Critical'], link_down: ['Link down', 'Major'], ospf_down: ['OSPF neighbour down', 'Major'], commu_break: ['NE disconnected', 'Critical'], board: ['Board offline', 'Major'], hard_bad: ['Board hardware fault', 'Critical'], ring_switch: ['Ring protection switch', 'Minor'], restart: ['NE restarted', 'Major'], ber: ['B2 excessive errors', 'Minor'], temp: ['Board temperature high', 'Major'], license: ['License expiring', 'Warning'], ntp: ['Clock source lost', 'Minor'], cpu: ['CPU usage high', 'Major'], port_down: ['Port down', 'Minor'] },
  E: { commu_break: ['Heartbeat Failure', 'Critical'], heartbeat: ['Heartbeat Failure', 'Critical'], cell_unavail: ['Cell Unavailable', 'Critical'], vswr: ['VSWR Over Threshold', 'Major'], s1_fail: ['S1 Connection Failure', 'Major'], restart: ['Node Restart', 'Major'], temp: ['Enclosure Temperature High', 'Minor'], license: ['License Key File Fault', 'Warning'], ntp: ['NTP Server Unreachable', 'Minor'], board: ['Plug-In Unit General Problem', 'Major'] },
  V: { mains: ['AC Mains Failure', 'Critical'], battery: ['Battery Low Voltage', 'Critical'], door: ['Door Open', 'Warning'], temp: ['High Ambient Temperature', 'Minor'], commu_break: ['Controller Communication Lost', 'Major'] },
};

export interface TelecomOptions { seed: number; startAt: number; durationMs: number; failures: number; concurrent: number; noise: number; regions: number }

/** telecomStorm: failures and background alarms as episodes on NE names (the NE's CI is `ne-<name>`). */
function telecomStorm(net: Net, o: TelecomOptions, prng: Prng): { episodes: Episode[]; failures: Failure[] } {
  const byName = new Map(net.nes.map((n) => [n.name, n]));
  const episodes: Episode[] = [];
  const failures: Failure[] = [];
  const horizon = o.startAt + o.durationMs;
  const alarm = (ne: string, a: Alarm, start: number, end: number | null, owner: string | null, location: string, root = false) => {
    const n = byName.get(ne);
    const name = n ? NAMES[n.vendor][a] ?? NAMES.A[a] : undefined;
    if (!n || !name) return;
    episodes.push({ host: ne, title: name[0], service: '', severity: name[1], start, end: end !== null && end < horizon ? end : null, owner, root, ci: `ne-${ne}`, extra: { location, vendor: n.vendor, ne_type: n.role.toUpperCase() } });
  };
  const port = () => `Frame=0, Slot=${prng.int(1, 8)}, Port=${prng.int(0, 11)}`;
  /** flaps: an alarm raised and cleared again 1–3 times during its fault, as LOS on a bad fibre does */
  const flapping = (ne: string, a: Alarm, start: number, end: number, owner: string, loc: string, root = false) => {
    let t = start;
    for (let k = prng.chance(0.35) ? prng.int(2, 4) : 1; k > 0 && t < end; k--) {
      const stop = k === 1 ? end : Math.min(end, t + prng.int(20, 300) * 1000);
      alarm(ne, a, t, stop, owner, loc, root && t === start);
      t = stop + prng.int(5, 60) * 1000;
    }
  };
  /** isolated: NEs cut off lose their management link: the NMS raises a communication alarm per NE after polling, base stations heartbeat */
  const isolated = (names: readonly string[], t0: number, end: number, owner: string) => {
    for (const x of names) {
      const n = byName.get(x);
      if (!n) continue;
      alarm(x, 'commu_break', t0 + prng.int(60, 300) * 1000, end + prng.int(30, 300) * 1000, owner, n.role === 'enb' ? 'OAM link' : 'Gateway NE');
      if (n.role === 'enb' && prng.chance(0.5)) alarm(x, 's1_fail', t0 + prng.int(5, 40) * 1000, end + prng.int(60, 200) * 1000, owner, 'S1 link to MME pool');
    }
  };
  const access = net.nes.filter((n) => n.role === 'csr');
  const starts = failureStarts(prng, o.failures, o.startAt, o.durationMs, o.concurrent);
  starts.forEach((t0, i) => {
    const id = `FG${String(20260000 + i * 7 + prng.int(0, 6))}`;
    const kind = prng.weighted([['fibre-cut', 4], ['site-power', 2], ['board-fault', 2], ['ne-reboot', 1.5], ['ran-fault', 1.5], ['core-link', 1]] as const);
    const repair = t0 + prng.int(10, 180) * 60_000;
    const csr = prng.pick(access);
    const near = (ne: string) => [...(net.links.get(ne) ?? [])];
    let root = csr.name;
    if (kind === 'fibre-cut') {
      // a fibre between the site router and its uplink: LOS at both ends; the far end's LOS is the labelled root
      const up = prng.pick(net.uplinks.get(csr.name) ?? [csr.name]);
      root = up;
      const loc = port();
      flapping(up, byName.get(up)?.role === 'agg' ? 'los' : 'eth_los', t0 + prng.int(0, 3) * 1000, repair, id, loc, true);
      flapping(csr.name, 'eth_los', t0 + prng.int(0, 3) * 1000, repair, id, port());
      if (prng.chance(0.5)) alarm(up, 'link_down', t0 + prng.int(1, 5) * 1000, repair, id, loc);
      const lost = cutOff(net, new Set(), new Set([`${up}|${csr.name}`]));
      if (lost.length === 0) {
        const agg = net.nes.find((n) => n.role === 'agg' && n.region === csr.region && (net.links.get(n.name)?.has(up) || n.name === up));
        if (agg && prng.chance(0.7)) alarm(agg.name, 'ring_switch', t0 + prng.int(1, 10) * 1000, t0 + prng.int(60, 600) * 1000, id, `ERPS ring ${csr.site}`);
      }
      isolated(lost, t0, repair, id);
    } else if (kind === 'site-power') {
      // mains fails; the batteries hold 20–120 min; if repair comes later the site goes dark
      const pmu = `PMU_${csr.site}`;
      root = pmu;
      alarm(pmu, 'mains', t0, repair, id, 'AC input 1', true);
      const hold = t0 + prng.int(20, 120) * 60_000;
      if (hold < repair) {
        alarm(pmu, 'battery', hold - prng.int(5, 15) * 60_000, repair, id, 'Battery string 1');
        const dead = [csr.name, `ENB_${csr.site}`];
        const back = repair + prng.int(3, 10) * 60_000;
        for (const nb of near(csr.name)) if (!dead.includes(nb)) flapping(nb, byName.get(nb)?.role === 'agg' ? 'los' : 'eth_los', hold + prng.int(0, 5) * 1000, back, id, port());
        isolated([...dead, ...cutOff(net, new Set(dead), new Set())], hold, back, id);
      }
      if (prng.chance(0.3)) alarm(`ENB_${csr.site}`, 'temp', t0 + prng.int(10, 40) * 60_000, repair, id, 'Cabinet 1');
    } else if (kind === 'board-fault') {
      const ne = prng.chance(0.4) ? net.nes.find((n) => n.role === 'agg' && n.region === csr.region) ?? csr : csr;
      root = ne.name;
      const slot = `Frame=0, Slot=${prng.int(1, 8)}`;
      alarm(ne.name, 'hard_bad', t0, repair, id, slot, true);
      alarm(ne.name, 'board', t0 + prng.int(0, 2) * 1000, repair, id, slot);
      const onBoard = near(ne.name).filter((x) => byName.get(x)?.role !== 'enb' && byName.get(x)?.role !== 'cr').slice(0, prng.int(1, 2));
      for (const nb of onBoard) flapping(nb, byName.get(nb)?.role === 'agg' ? 'los' : 'eth_los', t0 + prng.int(0, 3) * 1000, repair, id, port());
      isolated(cutOff(net, new Set(), new Set(onBoard.map((nb) => `${ne.name}|${nb}`))), t0, repair, id);
    } else if (kind === 'ne-reboot') {
      // a software crash: the router reboots in 4–10 min; neighbours see their links drop; the NMS loses it
      const back = t0 + prng.int(4, 10) * 60_000;
      alarm(csr.name, 'restart', back, back + prng.int(10, 60) * 1000, id, 'System', true);
      for (const nb of near(csr.name)) if (byName.get(nb)?.role !== 'enb') alarm(nb, 'link_down', t0 + prng.int(1, 5) * 1000, back, id, port());
      isolated([csr.name, ...cutOff(net, new Set([csr.name]), new Set())], t0, back, id);
    } else if (kind === 'ran-fault') {
      // a radio unit fault: the base station's cells go down; nothing else sees it
      const enb = `ENB_${csr.site}`;
      root = enb;
      alarm(enb, prng.chance(0.5) ? 'vswr' : 'board', t0, repair, id, `RRU ${prng.int(1, 3)}`, true);
      alarm(enb, 'cell_unavail', t0 + prng.int(2, 30) * 1000, repair, id, `Cell ${csr.site}${prng.int(1, 3)}`);
    } else {
      // an aggregation uplink to a core router: OSPF and link alarms at both ends; traffic moves to the other core router
      const agg = prng.pick(net.nes.filter((n) => n.role === 'agg'));
      const cr = prng.pick(near(agg.name).filter((x) => byName.get(x)?.role === 'cr'));
      root = agg.name;
      const loc = port();
      flapping(agg.name, 'los', t0, repair, id, loc, true);
      alarm(agg.name, 'ospf_down', t0 + prng.int(30, 45) * 1000, repair, id, `OSPF 1 area 0 peer ${cr}`);
      alarm(cr, 'ospf_down', t0 + prng.int(30, 45) * 1000, repair, id, `OSPF 1 area 0 peer ${agg.name}`);
      alarm(cr, 'link_down', t0 + prng.int(0, 3) * 1000, repair, id, port());
    }
    failures.push({ id, kind, start: t0, rootName: root, rootCi: `ne-${root}` });
  });
  // background alarms: bit errors flapping on links, temperatures, site doors, licences, clock sync, CPU, customer ports
  const n = Math.round((o.durationMs / 3_600_000) * net.nes.length * 0.06 * o.noise);
  for (let i = 0; i < n; i++) {
    const t = o.startAt + Math.floor(prng.next() * o.durationMs);
    const kind = prng.weighted([['ber', 3], ['temp', 2], ['door', 1.5], ['license', 0.5], ['ntp', 1], ['cpu', 1], ['port_down', 3], ['cell_unavail', 0.7]] as const);
    const pool = net.nes.filter((x) => NAMES[x.vendor][kind] !== undefined);
    const ne = prng.pick(pool);
    const len = kind === 'license' ? null : prng.int(1, 40) * 60_000;
    const loc = kind === 'cell_unavail' ? `Cell ${ne.site}${prng.int(1, 3)}` : kind === 'door' ? 'Door sensor 1' : port();
    if (kind === 'ber' || kind === 'port_down') {
      for (let k = prng.int(1, 3), s = t; k > 0; k--, s += prng.int(2, 15) * 60_000) alarm(ne.name, kind, s, s + prng.int(10, 240) * 1000, null, loc);
    } else alarm(ne.name, kind, t, len === null ? null : t + len, null, loc);
  }
  return { episodes, failures };
}

/** telecomDataset: the NMS alarm export (CSV) and, with `topology`, the NE inventory as CMDB CSV. */
export function telecomDataset(topology: boolean, estateSeed: number, o: TelecomOptions): DatasetFile {
  const net = buildNet(createPrng(estateSeed), o.regions);
  const prng = createPrng(o.seed);
  const g = telecomStorm(net, o, prng);
  const { kept, dropped } = keepOwned(g.episodes);
  const rows = kept.map((ep, i) => ({
    Alarm_ID: String(100_000 + i),
    Occur_Time: fmt.slashes(ep.start),
    Clear_Time: ep.end === null ? '' : fmt.slashes(ep.end),
    NE_Name: ep.host,
    NE_Type: ep.extra.ne_type ?? '',
    Alarm_Name: ep.title,
    Severity: ep.severity,
    Location_Info: ep.extra.location ?? '',
    Vendor: { A: 'VendorA', Z: 'VendorZ', E: 'VendorE', V: 'VendorV' }[ep.extra.vendor as Ne['vendor']] ?? '',
    Group_ID: ep.owner ?? '-1',
    Is_Root_Alarm: ep.root === true ? 'Y' : 'N',
  }));
  const columns = ['Alarm_ID', 'Occur_Time', 'Clear_Time', 'NE_Name', 'NE_Type', 'Alarm_Name', 'Severity', 'Location_Info', 'Vendor', 'Group_ID', 'Is_Root_Alarm'];
  return { format: 'csv', text: toCsv(columns, rows), cmdbText: topology ? cmdbCsv(net.cis) : null, map: '', failures: g.failures, kept, dropped, rows: rows.length };
}
