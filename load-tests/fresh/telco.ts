/**
 * telco: an ISP network. POPs with two core routers (CR) and provider-edge routers (PE), a broadband
 * gateway (BNG) and a DWDM node per POP; core circuits between POPs ride the optical layer; access
 * nodes (OLTs, DSLAMs) and mobile cell-site routers hang off PEs (some dual-homed, so one PE loss does
 * not cut them); border PEs peer with transit providers; broadband logins depend on a RADIUS service.
 *
 * What makes it unlike our other shops: a link failure is reported by BOTH ends (linkDown and IS-IS
 * adjacency traps from two routers that do not depend on each other), the dead device usually cannot
 * report itself (its neighbours and the poller do), the root (an optical circuit, a transit provider)
 * often has no alert of its own, and customer ports flap all day (the classic SNMP trap storm).
 */
import type { Prng } from '../quality/prng.js';
import { after, EstateBuilder, flapIntervals, HOUR, MIN, relate, SEC, type Ci, type Estate, type FailureKind, type Fx, type NoiseCtx, type ShopModel } from './core.js';

const CITIES = ['ams', 'fra', 'lon', 'par', 'mad', 'mil', 'zrh', 'vie', 'waw', 'prg', 'cph', 'sto', 'osl', 'hel', 'bru', 'dub', 'lis', 'ath'];
const REGIONS = ['north', 'south', 'east', 'west'];

export interface TelcoEstate extends Estate {
  pops: Array<{ code: string; crs: Ci[]; pes: Ci[]; bng: Ci; oadm: Ci; access: Ci[]; csrs: Ci[]; region: string }>;
  /** circuit id -> its two ends (cr, port name) */
  circuits: Map<string, { a: Ci; b: Ci; ifA: string; ifB: string; oadmA: Ci; oadmB: Ci }>;
  /** who a device's ports face: device id -> [{ peer, ifName }] */
  ports: Map<string, Array<{ peer: Ci; ifName: string; circuit?: Ci }>>;
  homes: Map<string, Ci[]>;
  transit: Ci[];
  borderPeering: Array<{ pe: Ci; peer: Ci; ip: string; asn: string }>;
  radius: Ci;
  radiusVms: Ci[];
}

const ifName = (dev: Ci, n: number): string => (dev.role === 'cr' ? `HundredGigE0/0/0/${n}` : dev.role === 'pe' ? `TenGigE0/1/0/${n}` : `xe-0/0/${n}`);

function build(prng: Prng, size: number): TelcoEstate {
  const b = new EstateBuilder(prng.int(1000, 9000) * 1000);
  const npop = Math.max(4, Math.min(CITIES.length, Math.round(size / 80)));
  const perPop = Math.max(10, Math.floor(size / npop) - 10);
  const ports = new Map<string, Array<{ peer: Ci; ifName: string; circuit?: Ci }>>();
  const port = (dev: Ci, peer: Ci, circuit?: Ci): string => {
    const l = ports.get(dev.id) ?? [];
    const name = ifName(dev, l.length + 1);
    l.push({ peer, ifName: name, ...(circuit ? { circuit } : {}) });
    ports.set(dev.id, l);
    return name;
  };
  const homes = new Map<string, Ci[]>();
  const bbServices = new Map(REGIONS.map((r) => [r, b.add({ name: `Broadband ${r[0]?.toUpperCase()}${r.slice(1)}`, handle: `broadband-${r}`, type: 'business_service', role: 'bs' })]));
  const backhaul = b.add({ name: 'Mobile Backhaul', handle: 'mobile-backhaul', type: 'business_service', role: 'bs' });
  const vpn = b.add({ name: 'Business VPN', handle: 'business-vpn', type: 'business_service', role: 'bs' });
  const radius = b.add({ name: 'freeradius-aaa', type: 'application', role: 'radius', attributes: { technology: 'freeradius' } });
  const radiusVms = [1, 2].map((i) => { const v = b.add({ name: `aaa0${i}.oss.example.net`, handle: `aaa0${i}`, type: 'vm', role: 'radius-vm' }); relate(radius, 'runs_on', v); return v; });
  for (const s of bbServices.values()) relate(s, 'depends_on', radius);
  const transit = ['Transit Lumen AS3356', 'Transit Cogent AS174', 'DE-CIX Frankfurt'].map((n, i) => b.add({ name: n, handle: ['as3356', 'as174', 'decix'][i] as string, type: 'supplier_service', role: 'transit' }));
  const pops: TelcoEstate['pops'] = [];
  for (let p = 0; p < npop; p++) {
    const code = CITIES[p] as string;
    const region = REGIONS[p % REGIONS.length] as string;
    let k = 0;
    // management addresses: traps are identified by their source address, the CMDB records it
    const dev = (role: string, name: string, type = 'network'): Ci => { k++; return b.add({ name: `${name}.${code}.net.example.net`, handle: name, type, role, site: code.toUpperCase(), attributes: { ip: `10.${p + 10}.${Math.floor(k / 250)}.${(k % 250) + 1}` } }); };
    const crs = [1, 2].map((i) => dev('cr', `${code}-cr0${i}`));
    const pes = Array.from({ length: prng.int(2, 4) }, (_, i) => dev('pe', `${code}-pe0${i + 1}`));
    const bng = dev('bng', `${code}-bng01`);
    const oadm = dev('oadm', `${code}-oadm01`, 'optical_node');
    port(crs[0] as Ci, crs[1] as Ci); port(crs[1] as Ci, crs[0] as Ci);
    for (const x of [...pes, bng]) for (const cr of crs) { relate(x, 'connected_to', cr); port(x, cr); port(cr, x); }
    for (const pe of pes) relate(vpn, 'depends_on', pe);
    const access: Ci[] = [], csrs: Ci[] = [];
    const nAccess = Math.round(perPop * 0.6);
    for (let i = 0; i < perPop; i++) {
      const isAccess = i < nAccess;
      const n = String(100 + i * 3 + prng.int(0, 2)).padStart(4, '0');
      const c = isAccess ? dev('access', `${code}-${prng.chance(0.7) ? 'olt' : 'dslam'}${n}`) : dev('csr', `csr-${code}-${n}`);
      const h = [prng.pick(pes)];
      if (prng.chance(0.35)) { const o = pes.find((x) => x !== h[0]); if (o) h.push(o); }
      for (const pe of h) { relate(c, 'connected_to', pe); port(c, pe); port(pe, c); }
      homes.set(c.id, h);
      if (isAccess) { relate(c, 'depends_on', bng); relate(c, 'part_of', bbServices.get(region) as Ci); access.push(c); }
      else { relate(c, 'part_of', backhaul); csrs.push(c); }
    }
    pops.push({ code, crs, pes, bng, oadm, access, csrs, region });
  }
  // core circuits: a ring plus chords, each adjacency as two circuits (cr01-cr01, cr02-cr02)
  const circuits: TelcoEstate['circuits'] = new Map();
  const adj: Array<[number, number]> = [];
  for (let p = 0; p < npop; p++) adj.push([p, (p + 1) % npop]);
  for (let k = 0; k < Math.floor(npop / 3); k++) { const a = prng.int(0, npop - 1); const c = (a + prng.int(2, npop - 2)) % npop; adj.push([a, c]); }
  let seq = 1;
  for (const [x, y] of adj) {
    const [px, py] = [pops[x], pops[y]] as [TelcoEstate['pops'][number], TelcoEstate['pops'][number]];
    for (let i = 0; i < 2; i++) {
      const a = px.crs[i] as Ci, bb = py.crs[i] as Ci;
      const name = `OCH-${px.code.toUpperCase()}-${py.code.toUpperCase()}-${String(seq++).padStart(4, '0')}`;
      const circ = b.add({ name, type: 'optical_link', role: 'circuit', attributes: { bandwidth: '100G' } });
      relate(a, 'connected_to', circ); relate(bb, 'connected_to', circ);
      relate(circ, 'runs_on', px.oadm); relate(circ, 'runs_on', py.oadm);
      circuits.set(circ.id, { a, b: bb, ifA: port(a, bb, circ), ifB: port(bb, a, circ), oadmA: px.oadm, oadmB: py.oadm });
    }
  }
  const borderPeering: TelcoEstate['borderPeering'] = [];
  for (const [i, t] of transit.entries()) {
    for (const p of [pops[i % npop], pops[(i + 1) % npop]]) {
      const pe = p?.pes[0] as Ci;
      relate(pe, 'depends_on', t);
      borderPeering.push({ pe, peer: t, ip: `198.51.100.${10 + borderPeering.length}`, asn: ['3356', '174', '6695'][i] as string });
    }
  }
  return { ...b.done(), pops, circuits, ports, homes, transit, borderPeering, radius, radiusVms };
}

const trap = (dev: Ci, key: string, title: string, text: string, level: 'critical' | 'major' | 'minor' | 'warning' | 'info', labels: Record<string, string>) =>
  ({ ci: dev.id, sender: 'trap' as const, key, host: dev.handle, title, text, level, labels: { host: String(dev.attributes['ip'] ?? dev.handle), sysName: dev.handle, ...labels } });

function linkDown(fx: Fx, dev: Ci, ifn: string, alias: string, until: number | null, p: number): boolean {
  // 15 % of links bounce a few times before they stay down (a degrading fibre, a flapping optic)
  const s = fx.at + fx.prng.int(0, 2 * SEC);
  const intervals = fx.prng.chance(0.15) ? [...flapIntervals(fx.prng, s - fx.prng.int(30 * SEC, 3 * MIN), s, fx.prng.int(2, 4), [3 * SEC, 30 * SEC]).slice(0, -1), [s, until] as [number, number | null]] : [[s, until] as [number, number | null]];
  return fx.emit({ ...trap(dev, `ifdown:${dev.handle}:${ifn}`, `Interface ${ifn} down`, `linkDown ifIndex ${ifn} ifAdminStatus up ifOperStatus down ifAlias "${alias}"`, 'major', { trap: 'IF-MIB::linkDown', ifName: ifn, ifAlias: alias }), intervals }, p);
}
function adjDown(fx: Fx, dev: Ci, peer: Ci, until: number | null, p: number): boolean {
  return fx.emit({ ...trap(dev, `isis:${dev.handle}:${peer.handle}`, `IS-IS adjacency to ${peer.handle} down`, `isisAdjacencyChange L2 neighbor ${peer.handle} state down (hold time expired)`, 'major', { trap: 'ISIS-MIB::isisAdjacencyChange', neighbor: peer.handle, level: 'L2' }), intervals: [[fx.at + fx.prng.int(2 * SEC, 30 * SEC), until]] }, p);
}
function icmp(fx: Fx, dev: Ci, from: number, until: number | null, p: number): boolean {
  return fx.emit({ ci: dev.id, sender: 'zabbix', key: `icmp:${dev.handle}`, host: dev.handle, title: 'Unavailable by ICMP ping', text: 'ICMP ping', level: 'major', labels: { component: 'network', scope: 'availability' }, intervals: [[from, until]] }, p);
}
function aliasTo(e: TelcoEstate, dev: Ci, peer: Ci): string | undefined {
  return e.ports.get(dev.id)?.find((x) => x.peer === peer)?.ifName;
}

const kinds: Array<FailureKind<TelcoEstate>> = [
  {
    kind: 'fiber-cut', weight: 3, roots: (e) => e.cis.filter((c) => c.role === 'circuit'),
    unfold(e, root, fx) {
      const c = e.circuits.get(root.id);
      if (!c) return { reached: 0 };
      const fix = after(fx.prng, fx.at, [40 * MIN, 5 * HOUR]);
      for (const o of [c.oadmA, c.oadmB]) fx.emit({ ...trap(o, `los:${o.handle}:${root.name}`, `LOS on ${root.name}`, `Loss of signal on OCh port 1/${fx.prng.int(1, 8)}/${fx.prng.int(1, 4)} circuit ${root.name}`, 'critical', { alarm: 'LOS', circuit: root.name, trap: 'OPTICAL-MIB::ochAlarm' }), intervals: [[fx.at, after(fx.prng, fix)]] }, 0.85);
      linkDown(fx, c.a, c.ifA, `${root.name} to ${c.b.handle}`, after(fx.prng, fix), 0.95);
      linkDown(fx, c.b, c.ifB, `${root.name} to ${c.a.handle}`, after(fx.prng, fix), 0.95);
      adjDown(fx, c.a, c.b, after(fx.prng, fix), 0.8);
      adjDown(fx, c.b, c.a, after(fx.prng, fix), 0.8);
      // traffic reroutes onto another core circuit of the same router, which runs hot
      const alt = (e.ports.get(c.a.id) ?? []).filter((x) => x.circuit && x.circuit !== root);
      if (alt.length > 0 && fx.prng.chance(0.4)) {
        const x = fx.prng.pick(alt);
        const s = fx.at + fx.prng.int(2 * MIN, 8 * MIN);
        fx.emit({ ci: c.a.id, sender: 'zabbix', key: `util:${c.a.handle}:${x.ifName}`, host: c.a.handle, title: `Interface ${x.ifName}(${x.circuit?.name ?? ''}): High bandwidth usage (>90%)`, text: `Interface ${x.ifName}: Bits sent`, level: 'warning', labels: { component: 'network', interface: x.ifName }, intervals: flapIntervals(fx.prng, s, after(fx.prng, fix), 3, [2 * MIN, 6 * MIN]) });
      }
      return { reached: 2 };
    },
  },
  {
    kind: 'router-reload', weight: 2, roots: (e) => e.pops.flatMap((p) => [...p.crs, ...p.pes]),
    unfold(e, root, fx) {
      const back = fx.at + fx.prng.int(6 * MIN, 25 * MIN);
      icmp(fx, root, fx.at, after(fx.prng, back), 0.85);
      let reached = 0;
      for (const pt of e.ports.get(root.id) ?? []) {
        const peer = pt.peer;
        const ifn = aliasTo(e, peer, root);
        if (!ifn) continue;
        reached++;
        // a lost PE takes its single-homed access nodes and cell sites off the map
        if (peer.role === 'access' || peer.role === 'csr') {
          if ((e.homes.get(peer.id) ?? []).length === 1) icmp(fx, peer, fx.at + fx.prng.int(0, 30 * SEC), after(fx.prng, back, [30 * SEC, 3 * MIN]), 0.75);
          continue;
        }
        linkDown(fx, peer, ifn, `${pt.circuit?.name ?? 'core'} to ${root.handle}`, after(fx.prng, back), 0.9);
        if (peer.role === 'cr' || root.role === 'cr') adjDown(fx, peer, root, after(fx.prng, back), 0.7);
      }
      if (root.role === 'pe') {
        const pop = e.pops.find((p) => p.pes.includes(root));
        const cut = pop?.access.filter((a) => (e.homes.get(a.id) ?? []).length === 1 && e.homes.get(a.id)?.[0] === root) ?? [];
        if (pop && cut.length > 0) {
          fx.emit({ ...trap(pop.bng, `sessdrop:${pop.bng.handle}`, 'PPPoE sessions dropped', `active PPPoE sessions fell by ${cut.length * 180} in 60s`, 'major', { trap: 'BNG-MIB::sessionDrop' }), intervals: [[fx.at + fx.prng.int(10 * SEC, 60 * SEC), after(fx.prng, back)]] }, 0.6);
          if (cut.length >= 3) fx.emit({ ci: null, sender: 'probe', key: `probe:bb:${pop.region}`, title: `Broadband login success rate below 95% (${pop.region})`, text: 'synthetic PPPoE logins failing', level: 'major', labels: { probe: 'pppoe-login', region: pop.region, product: 'broadband' }, intervals: [[fx.at + fx.prng.int(0, 2 * MIN), after(fx.prng, back)]] }, 0.5);
          fx.emit({ ci: null, sender: 'probe', key: `probe:vpn:${root.handle}`, title: `L3VPN site unreachable: customer ${fx.prng.int(1000, 9999)}`, text: 'CE loopback not answering over VPN', level: 'major', labels: { probe: 'l3vpn-reach', customer: `C${fx.prng.int(1000, 9999)}` }, intervals: [[fx.at + fx.prng.int(30 * SEC, 3 * MIN), after(fx.prng, back)]] }, 0.4);
        }
      }
      // the router comes back and says so
      fx.emit({ ...trap(root, `coldstart:${root.handle}`, 'Device restarted (coldStart)', `SNMPv2-MIB::coldStart sysUpTime 0:00:${fx.prng.int(10, 59)}`, 'warning', { trap: 'SNMPv2-MIB::coldStart' }), intervals: [[back, null]] }, 0.7);
      return { reached };
    },
  },
  {
    kind: 'access-power', weight: 4, roots: (e) => e.pops.flatMap((p) => [...p.access, ...p.csrs]),
    unfold(e, root, fx) {
      const fix = after(fx.prng, fx.at, [20 * MIN, 3 * HOUR]);
      icmp(fx, root, fx.at + fx.prng.int(0, 20 * SEC), after(fx.prng, fix), 0.85);
      for (const pe of e.homes.get(root.id) ?? []) {
        const ifn = aliasTo(e, pe, root);
        if (ifn) linkDown(fx, pe, ifn, `${root.handle} uplink`, after(fx.prng, fix), 0.9);
      }
      const pop = e.pops.find((p) => p.access.includes(root));
      if (pop) fx.emit({ ...trap(pop.bng, `sessdrop:${pop.bng.handle}`, 'PPPoE sessions dropped', `active PPPoE sessions fell by ${fx.prng.int(80, 400)} in 60s`, 'major', { trap: 'BNG-MIB::sessionDrop' }), intervals: [[fx.at + fx.prng.int(10 * SEC, 60 * SEC), after(fx.prng, fx.at + 10 * MIN)]] }, 0.4);
      return { reached: (e.homes.get(root.id) ?? []).length + 1 };
    },
  },
  {
    kind: 'transit-loss', weight: 1, roots: (e) => e.transit,
    unfold(e, root, fx) {
      const fix = after(fx.prng, fx.at, [15 * MIN, 2 * HOUR]);
      let reached = 0;
      for (const s of e.borderPeering.filter((x) => x.peer === root)) {
        reached++;
        fx.emit({ ...trap(s.pe, `bgp:${s.pe.handle}:${s.ip}`, `BGP neighbor ${s.ip} (AS${s.asn}) down`, `bgpBackwardTransition peer ${s.ip} remote-as ${s.asn} state Idle last error Hold Timer Expired`, 'major', { trap: 'BGP4-MIB::bgpBackwardTransition', peer: s.ip, peer_as: s.asn }), intervals: [[fx.at + fx.prng.int(0, 90 * SEC), after(fx.prng, fix)]] }, 0.9);
        fx.emit({ ci: s.pe.id, sender: 'zabbix', key: `prefix:${s.pe.handle}:${s.asn}`, host: s.pe.handle, title: `BGP AS${s.asn}: received prefixes dropped below threshold`, text: 'bgpPeerAcceptedPrefixes', level: 'warning', labels: { component: 'bgp', peer_as: s.asn }, intervals: [[fx.at, after(fx.prng, fix)]] }, 0.5);
      }
      fx.emit({ ci: null, sender: 'probe', key: `probe:inet:${root.handle}`, title: 'Internet reachability: latency to external targets high', text: 'RTT p95 to anchor targets above 120 ms', level: 'warning', labels: { probe: 'inet-latency', path: 'transit' }, intervals: [[fx.at + fx.prng.int(0, 3 * MIN), after(fx.prng, fix)]] }, 0.4);
      return { reached };
    },
  },
  {
    kind: 'radius-outage', weight: 1, roots: (e) => [e.radius],
    unfold(e, root, fx) {
      const fix = after(fx.prng, fx.at, [10 * MIN, 60 * MIN]);
      for (const vm of e.radiusVms) fx.emit({ ci: root.id, sender: 'zabbix', key: `proc:${vm.handle}:radiusd`, host: vm.handle, title: 'radiusd is not running', text: 'proc.num[radiusd]', level: 'major', labels: { component: 'application', application: 'freeradius' }, intervals: [[fx.at, after(fx.prng, fix)]] }, 0.6);
      for (const p of e.pops) {
        fx.emit({ ...trap(p.bng, `radius:${p.bng.handle}`, 'RADIUS server dead', `AAA server 10.20.0.1${fx.prng.int(1, 2)}:1812 marked dead, authentication requests timing out`, 'major', { trap: 'AAA-SERVER-MIB::serverStateChange', aaa_server: '10.20.0.11' }), intervals: [[fx.at + fx.prng.int(5 * SEC, 60 * SEC), after(fx.prng, fix)]] }, 0.85);
      }
      for (const r of REGIONS) fx.emit({ ci: null, sender: 'probe', key: `probe:bb:${r}`, title: `Broadband login success rate below 95% (${r})`, text: 'synthetic PPPoE logins failing', level: 'major', labels: { probe: 'pppoe-login', region: r, product: 'broadband' }, intervals: [[fx.at + fx.prng.int(0, 2 * MIN), after(fx.prng, fix)]] }, 0.6);
      return { reached: e.pops.length };
    },
  },
  {
    kind: 'optical-node', weight: 1, roots: (e) => e.pops.map((p) => p.oadm),
    unfold(e, root, fx) {
      const fix = after(fx.prng, fx.at, [30 * MIN, 3 * HOUR]);
      icmp(fx, root, fx.at, after(fx.prng, fix), 0.6);
      let reached = 0;
      for (const [id, c] of e.circuits) {
        if (c.oadmA !== root && c.oadmB !== root) continue;
        const circ = e.byId.get(id) as Ci;
        const far = c.oadmA === root ? c.oadmB : c.oadmA;
        reached += 2;
        fx.emit({ ...trap(far, `los:${far.handle}:${circ.name}`, `LOS on ${circ.name}`, `Loss of signal on OCh port 1/${fx.prng.int(1, 8)}/${fx.prng.int(1, 4)} circuit ${circ.name}`, 'critical', { alarm: 'LOS', circuit: circ.name, trap: 'OPTICAL-MIB::ochAlarm' }), intervals: [[fx.at, after(fx.prng, fix)]] }, 0.85);
        linkDown(fx, c.a, c.ifA, `${circ.name} to ${c.b.handle}`, after(fx.prng, fix), 0.95);
        linkDown(fx, c.b, c.ifB, `${circ.name} to ${c.a.handle}`, after(fx.prng, fix), 0.95);
        adjDown(fx, c.a, c.b, after(fx.prng, fix), 0.7);
        adjDown(fx, c.b, c.a, after(fx.prng, fix), 0.7);
      }
      return { reached };
    },
  },
];

function noise(e: TelcoEstate, n: NoiseCtx): void {
  const { prng } = n;
  const edge = e.pops.flatMap((p) => [...p.access, ...p.pes]);
  const routers = e.pops.flatMap((p) => [...p.crs, ...p.pes, p.bng]);
  // customer ports bouncing: the trap storm every ISP lives with
  for (const t of n.poisson(14)) {
    const dev = prng.pick(edge);
    const ifn = `ge-1/${prng.int(0, 3)}/${prng.int(0, 47)}`;
    const alias = `CUST-${prng.int(10000, 99999)} ${prng.pick(['FTTH', 'DIA', 'L2VPN', 'ETH'])}`;
    n.emit({ ...trap(dev, `ifdown:${dev.handle}:${ifn}`, `Interface ${ifn} down`, `linkDown ifIndex ${ifn} ifAdminStatus up ifOperStatus down ifAlias "${alias}"`, 'major', { trap: 'IF-MIB::linkDown', ifName: ifn, ifAlias: alias }), intervals: flapIntervals(prng, t, t + prng.int(2 * MIN, 40 * MIN), prng.int(1, 6), [5 * SEC, 90 * SEC]) });
  }
  for (const t of n.poisson(3)) {
    const dev = prng.pick(routers);
    const ifn = prng.pick((e.ports.get(dev.id) ?? []).map((x) => x.ifName).concat('mgmt0'));
    n.emit({ ci: dev.id, sender: 'zabbix', key: `crc:${dev.handle}:${ifn}`, host: dev.handle, title: `Interface ${ifn}: High error rate (>2 for 5m)`, text: `Interface ${ifn}: Inbound packets with errors`, level: 'warning', labels: { component: 'network', interface: ifn }, intervals: flapIntervals(prng, t, t + prng.int(10 * MIN, 60 * MIN), prng.int(1, 3), [3 * MIN, 10 * MIN]) });
  }
  for (const t of n.poisson(2)) {
    const dev = prng.pick(routers);
    n.emit({ ci: dev.id, sender: 'zabbix', key: `cpu:${dev.handle}`, host: dev.handle, title: 'High CPU utilization (over 90% for 5m)', text: 'CPU utilization', level: 'warning', labels: { component: 'cpu' }, intervals: flapIntervals(prng, t, t + prng.int(8 * MIN, 30 * MIN), prng.int(1, 4), [2 * MIN, 8 * MIN]) });
  }
  for (const t of n.poisson(2)) {
    const dev = prng.pick([...routers, ...edge]);
    const what = prng.pick(['Power supply 2 failed', 'Fan tray 1 speed low', 'Temperature sensor above warning threshold', 'Optics rx power low on xe-0/0/4']);
    n.emit({ ...trap(dev, `env:${dev.handle}:${what}`, what, `entity alarm: ${what}`, 'warning', { trap: 'ENTITY-STATE-MIB::entStateOperDisabled' }), intervals: [[t, null]] });
  }
  for (const t of n.poisson(4)) {
    const dev = prng.pick(routers);
    n.emit({ ...trap(dev, `cfg:${dev.handle}:${Math.floor(t / MIN)}`, 'Configuration changed', `config commit by ${prng.pick(['noc-auto', 'jdoe', 'ansible', 'nso'])}`, 'info', { trap: 'CISCO-CONFIG-MAN-MIB::ciscoConfigManEvent' }), intervals: [[t, null]] });
  }
  // customer CE sessions and wobbly microwave cell sites
  for (const t of n.poisson(3)) {
    const pe = prng.pick(e.pops.flatMap((p) => p.pes));
    const ip = `100.64.${prng.int(0, 255)}.${prng.int(1, 254)}`;
    n.emit({ ...trap(pe, `bgp:${pe.handle}:${ip}`, `BGP neighbor ${ip} (AS${prng.int(64512, 65500)}) down`, `bgpBackwardTransition peer ${ip} state Active vrf CUST-${prng.int(100, 999)}`, 'minor', { trap: 'BGP4-MIB::bgpBackwardTransition', peer: ip, vrf: 'customer' }), intervals: flapIntervals(prng, t, t + prng.int(3 * MIN, 30 * MIN), prng.int(1, 4), [30 * SEC, 3 * MIN]) });
  }
  const csrs = e.pops.flatMap((p) => p.csrs);
  for (const c of csrs.filter(() => prng.chance(0.04 * n.rate))) {
    const t = prng.int(n.start, n.end - 10 * MIN);
    n.emit({ ci: c.id, sender: 'zabbix', key: `loss:${c.handle}`, host: c.handle, title: 'High ICMP ping loss', text: 'ICMP loss', level: 'warning', labels: { component: 'network', scope: 'performance' }, intervals: flapIntervals(prng, t, t + prng.int(20 * MIN, 2 * HOUR), prng.int(2, 6), [2 * MIN, 12 * MIN]) });
  }
}

export const TELCO: ShopModel<TelcoEstate> = { shape: 'telco', build, kinds, noise };
