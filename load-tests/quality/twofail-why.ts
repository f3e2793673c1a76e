/**
 * twofail-why says, for each root-cause miss where the failure's best group also holds another failure
 * whose root it names (rc-why's "merged" class, topology scenarios), HOW the second failure got in: the
 * seed's failure is the group's own, the other one is the intruder, and the first intruder member to
 * join (earliest join, then onset) is read for its rule and evidence: a merge (by its reason text), or a
 * join (rule, the path's direction and what alerts on its far end). `node load-tests/dist/quality/twofail-why.js
 * [quality|heldout|both] [--seed-offset n] [--config '<json>'] [--detail] [--gaps]`. --gaps adds a census of
 * every topology / same_ci join (merges left out) split by whether the joining alert and the far end's
 * alerts share a failure, and whether the joining alert sits on its own failure's root: onset lag behind
 * the far end, severity against it, template spread, a crude generic-symptom vocabulary (a measurement,
 * not a rule), and same-CI joins on / off the group's root. Findings (2026-12-07): notes in the round's report.
 */
import { createCmdbGraph, type CmdbGraph } from '@aiops/cmdb';
import type { ConfigurationItem, CorrelationGroup, Event, GroupMember } from '@aiops/model';
import { buildWorld } from '../heldout/bench.js';
import { HELDOUT_SCENARIOS, withSeedOffset as heldoutOffset } from '../heldout/suite.js';
import { engineCmdb } from './bench.js';
import { loadEngine } from './engine.js';
import { DEFAULT_SCENARIOS, withSeedOffset } from './scenarios.js';
import { generateShop } from './shop.js';
import { generateStorm } from './storm.js';

const args = process.argv.slice(2);
let seedOffset = 0;
let configInput: unknown = {};
let detail = false;
let which = 'both';
let gaps = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed-offset') seedOffset = Number(args[++i] ?? 0);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--detail') detail = true;
  else if (args[i] === '--gaps') gaps = true;
  else which = args[i] as string;
}

interface Case {
  suite: string;
  name: string;
  cmdb: readonly ConfigurationItem[];
  events: readonly Event[];
  truth: Record<string, { failureId: string; rootCauseCi: string } | null>;
  failures: Array<{ id: string; root: string; startAt: number }>;
  names: Readonly<Record<string, readonly string[]>>;
}

function* cases(): Generator<Case> {
  if (which !== 'heldout') {
    for (const base of DEFAULT_SCENARIOS) {
      const s = withSeedOffset(base, seedOffset);
      if (!s.topology) continue;
      const shop = generateShop(s.shop);
      const storm = generateStorm(shop, s.storm);
      yield { suite: 'Q', name: s.name, cmdb: engineCmdb(s, shop, false), events: storm.events, truth: storm.truth, failures: storm.failures.map((f) => ({ id: f.id, root: f.rootCauseCi, startAt: f.startAt })), names: storm.ciNames };
    }
  }
  if (which !== 'quality') {
    for (const base of HELDOUT_SCENARIOS) {
      const s = heldoutOffset(base, seedOffset);
      if (s.cmdb === 'none') continue;
      const w = buildWorld(s);
      yield { suite: 'H', name: s.name, cmdb: w.cmdb, events: w.outage.events, truth: w.outage.truth, failures: w.outage.failures.map((f) => ({ id: f.id, root: f.rootCauseCi, startAt: f.startAt })), names: w.view.names };
    }
  }
}

/** mergeKind names a merge by the reason text mergeInto records ("merged from <id>: <reason>"). */
function mergeKind(text: string): string {
  const why = text.replace(/^merged from \S+: /, '');
  if (/belongs to both/.test(why)) return 'merge: linked (an alert with strong evidence for both)';
  if (/a part of its root candidate/.test(why)) return 'merge: whole of a part (mergeWholesOf)';
  if (/most of its CIs need/.test(why)) return 'merge: root chain, silent root (mergeRootChain)';
  if (/its root candidate .* needs/.test(why)) return 'merge: root chain (mergeRootChain)';
  if (/is upstream of its root candidate/.test(why)) return 'merge: explained (the joining alert is upstream of its root)';
  return 'merge: other';
}

const { runner, reason } = await loadEngine(configInput);
if (!runner) {
  console.error(reason);
  process.exit(2);
}
const counts = new Map<string, number>();
const bump = (k: string): void => { counts.set(k, (counts.get(k) ?? 0) + 1); };
const lines: string[] = [];

function direction(graph: CmdbGraph, from: string, to: string): string {
  if (from === to) return 'same CI';
  if (graph.dependenciesOf(from, 8).some((r) => r.id === to)) return 'to its upstream';
  if (graph.dependentsOf(from, 8).some((r) => r.id === to)) return 'to its downstream';
  return 'sideways';
}

for (const c of cases()) {
  const final = runner.run(c.events, c.cmdb).final;
  const ordered = [...final].sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
  const groupOf = new Map<string, number>();
  ordered.forEach((g, i) => { for (const m of g.members) if (m.fingerprint in c.truth && !groupOf.has(m.fingerprint)) groupOf.set(m.fingerprint, i); });
  const graph = createCmdbGraph(c.cmdb);
  const rootOf = new Map(c.failures.map((f) => [f.id, f.root]));
  const hit = (named: string | null, want: string): boolean => named !== null && (named === want || (c.names[want]?.includes(named.toLowerCase()) ?? false));
  const owner = (m: GroupMember): string => c.truth[m.fingerprint]?.failureId ?? 'noise';
  const nm = (id: string | undefined | null): string => (id ? graph.get(id)?.name ?? id : '-');
  if (gaps) {
    // every topology / same_ci join (merges left out): onset lag behind the far end's first alert in the group, by whether the two alerts share a failure
    const rootSet = new Set(c.failures.map((f) => f.root));
    const all = final.flatMap((g) => g.members);
    for (const g of final) {
      const firstOn = new Map<string, number>();
      for (const m of g.members) if (m.ciId) firstOn.set(m.ciId, Math.min(firstOn.get(m.ciId) ?? Infinity, m.firstSeen));
      for (const m of g.members) {
        if ((m.rule !== 'topology' && m.rule !== 'same_ci') || (m.evidence.detail ?? '').startsWith('merged from')) continue;
        const far = m.rule === 'same_ci' ? m.ciId : m.evidence.path?.[m.evidence.path.length - 1];
        if (!far || !m.ciId) continue;
        const farOwners = new Set(g.members.filter((x) => x.ciId === far && x.firstSeen <= m.firstSeen && x !== m).map(owner));
        const me = owner(m);
        if (me === 'noise' || farOwners.size === 0) continue;
        const rel = farOwners.has(me) ? 'same failure' : [...farOwners].every((o) => o === 'noise') ? 'far is noise' : 'other failure';
        const lag = (m.firstSeen - (firstOn.get(far) ?? m.firstSeen)) / 60_000;
        const b = lag < 1 ? '<1m' : lag < 3 ? '1-3m' : lag < 5 ? '3-5m' : lag < 10 ? '5-10m' : '>=10m';
        const onRoot = rootSet.has(m.ciId) && c.failures.some((f) => f.id === me && f.root === m.ciId) ? 'on own root' : 'effect';
        bump(`${c.suite} gap ${m.rule} ${onRoot} ${rel} ${b}`);
        const SEV = ['info', 'warning', 'minor', 'major', 'critical'];
        const farSev = Math.max(...g.members.filter((x) => x.ciId === far && x.firstSeen <= m.firstSeen && x !== m).map((x) => SEV.indexOf(x.severity)));
        const cmpSev = SEV.indexOf(m.severity) > farSev ? 'more severe than far end' : SEV.indexOf(m.severity) === farSev ? 'as severe' : 'less severe';
        const kind = /latency|error rate|5xx|health ?check|log errors|timeout|errors|refused|unavailable|no members/i.test(m.title) ? 'generic symptom' : 'other symptom';
        bump(`${c.suite} txt ${m.rule} ${onRoot} ${rel === 'same failure' ? 'same' : 'other'} ${kind}`);
        if (m.rule === 'topology') bump(`${c.suite} sev ${onRoot} ${rel} ${cmpSev}`);
        if (m.rule === 'same_ci') bump(`${c.suite} sameci ${m.ciId === g.rootCause?.ciId ? 'on group root' : 'not group root'} ${rel} ${lag < 5 ? '<5m' : '>=5m'}`);
        // how many other CIs raised this template before it (within 30 min, anywhere): a symptom many share is an effect
        const before = new Set(all.filter((x) => x.template === m.template && x.ciId !== m.ciId && x.firstSeen < m.firstSeen && m.firstSeen - x.firstSeen <= 30 * 60_000).map((x) => x.ciId));
        const farT = new Set(g.members.filter((x) => x.ciId === far).map((x) => x.template));
        const spread = before.size === 0 ? 'tpl new' : before.size < 3 ? 'tpl 1-2 CIs' : 'tpl 3+ CIs';
        bump(`${c.suite} tpl ${onRoot} ${rel === 'same failure' ? 'same' : 'other'} ${spread}${farT.has(m.template) ? ' (far end has it)' : ''}`);
        if (detail && onRoot === 'on own root' && rel === 'other failure') lines.push(`  ROOTJOIN ${c.name} ${m.rule} ${m.severity} "${m.title.slice(0, 70)}" far=${nm(far)} lag=${lag.toFixed(1)}m ${spread}`);
      }
    }
  }
  for (const f of c.failures) {
    const fps = Object.keys(c.truth).filter((fp) => c.truth[fp]?.failureId === f.id);
    if (fps.length === 0) continue;
    const per = new Map<number, number>();
    for (const fp of fps) { const gi = groupOf.get(fp); if (gi !== undefined) per.set(gi, (per.get(gi) ?? 0) + 1); }
    let best = -1, bestN = 0;
    for (const [gi, n] of per) if (n > bestN || (n === bestN && gi < best)) { best = gi; bestN = n; }
    const grp: CorrelationGroup | undefined = best >= 0 ? ordered[best] : undefined;
    const named = grp?.rootCause?.ciId ?? null;
    if (!grp || hit(named, f.root)) continue;
    const other = [...new Set(grp.members.map(owner))].find((id) => id !== f.id && id !== 'noise' && hit(named, rootOf.get(id) ?? ''));
    if (other === undefined) continue;
    bump(`${c.suite} merged misses`);
    const seed = grp.members.find((m) => m.rule === 'seed') ?? grp.members[0] as GroupMember;
    const home = owner(seed);
    const intruder = home === f.id ? other : home === other ? f.id : null;
    if (intruder === null) {
      bump(`${c.suite}   seed is ${home === 'noise' ? 'noise' : 'a third failure'}`);
      continue;
    }
    const ims = grp.members.filter((m) => owner(m) === intruder).sort((a, b) => a.joinedAt - b.joinedAt || a.firstSeen - b.firstSeen);
    const first = ims[0] as GroupMember;
    const who = intruder === f.id ? 'missed failure intrudes on the named one' : 'named failure intrudes on the missed one';
    const ev = first.evidence;
    let cls: string;
    let extra = '';
    if ((ev.detail ?? '').startsWith('merged from')) cls = mergeKind(ev.detail ?? '');
    else {
      const path = ev.path ?? [];
      const far = path[path.length - 1];
      const farOwners = far === undefined ? [] : [...new Set(grp.members.filter((m) => m.ciId === far).map(owner))].map((o) => (o === home ? 'home' : o === intruder ? 'intruder' : o === 'noise' ? 'noise' : 'third'));
      const dir = path.length >= 2 ? direction(graph, path[0] as string, far as string) : 'no path';
      // the intruder's own root: alerting (any alert of it on its root CI) before this member joined?
      const iroot = rootOf.get(intruder) ?? '';
      const rootAlerts = Object.keys(c.truth).filter((fp) => c.truth[fp]?.failureId === intruder);
      const rootOn = final.flatMap((gg) => gg.members).filter((m) => rootAlerts.includes(m.fingerprint) && m.ciId === iroot);
      const rootFirst = rootOn.length === 0 ? 'intruder root silent' : Math.min(...rootOn.map((m) => m.firstSeen)) <= first.joinedAt ? 'intruder root alerting before' : 'intruder root alerting after';
      const upAlerting = first.ciId && graph.dependenciesOf(first.ciId, 8).some((r) => r.id === iroot) ? 'member below intruder root' : first.ciId === iroot ? 'member on intruder root' : 'member not below intruder root';
      const homeRoot = rootOf.get(home) ?? '';
      const belowHome = first.ciId && graph.dependenciesOf(first.ciId, 8).some((r) => r.id === homeRoot) ? 'also below home root' : 'not below home root';
      const hubDeg = far ? graph.dependentsOf(far, 1).length : 0;
      cls = `join: ${first.rule} ${dir}${path.length ? ` ${path.length - 1} hop(s), far end alerts: ${farOwners.join('+') || 'none'}` : ''}; ${upAlerting}, ${belowHome}; ${rootFirst}`;
      extra = `   far=${nm(far)} (dependents 1 hop: ${hubDeg}) path=${path.map(nm).join('>')}`;
    }
    bump(`${c.suite}   ${who}`);
    bump(`${c.suite}   ${cls}`);
    if (detail) lines.push(`${c.suite} ${c.name} off=${seedOffset} ${f.id} named=${nm(named)} home=${home}(root ${nm(rootOf.get(home))}) intruder=${intruder}(root ${nm(rootOf.get(intruder))}) first=${nm(first.ciId)} ${first.rule} "${(ev.detail ?? '').slice(0, 160)}" | ${cls}`);
    if (detail && extra) lines.push(extra);
  }
}
for (const [k, v] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) console.log(`${String(v).padStart(4)}  ${k}`);
if (detail) for (const l of lines) console.log(l);
