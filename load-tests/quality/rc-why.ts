/**
 * rc-why classifies the root-cause misses of the suites (the scorer's rule: the group holding most of a
 * failure's alerts names the failure's root). `node load-tests/dist/quality/rc-why.js [quality|heldout|fresh|both|all]
 * [--seed-offset n] [--config '<json>'] [--detail]` (both: tuned + held-out; all: the three). Classes, topology scenarios:
 *   merged      the best group also holds another failure and names that failure's root
 *   split       the root alerted but its alerts sit in another group (or were matched to no CI)
 *   below       the root CI is a member of the best group, another candidate ranked first (why: the winner's relation to the root)
 *   silent      no alert on the root: it was not named (rank among the group's candidates, if any)
 * No-topology scenarios are counted apart (named by entity name, not by CMDB id).
 */
import { createCmdbGraph, type CmdbGraph } from '@aiops/cmdb';
import type { ConfigurationItem, CorrelationGroup, Event } from '@aiops/model';
import { engineCmdb } from './bench.js';
import { loadEngine } from './engine.js';
import { DEFAULT_SCENARIOS, withSeedOffset } from './scenarios.js';
import { generateShop } from './shop.js';
import { generateStorm } from './storm.js';
import { buildWorld } from '../heldout/bench.js';
import { HELDOUT_SCENARIOS, withSeedOffset as heldoutOffset } from '../heldout/suite.js';
// (the fresh suite may not import this file; this file may read the fresh suite's worlds)
import { buildWorld as buildFresh } from '../fresh/bench.js';
import { FRESH_SCENARIOS, withSeedOffset as freshOffset } from '../fresh/suite.js';

const args = process.argv.slice(2);
let seedOffset = 0;
let configInput: unknown = {};
let detail = false;
let which = 'both';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed-offset') seedOffset = Number(args[++i] ?? 0);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--detail') detail = true;
  else which = args[i] as string;
}

interface Case {
  suite: string;
  name: string;
  topology: boolean;
  cmdb: readonly ConfigurationItem[];
  events: readonly Event[];
  truth: Record<string, { failureId: string; rootCauseCi: string } | null>;
  failures: Array<{ id: string; root: string; rootName: string; startAt: number }>;
  /** fingerprint -> the CI that raised it (truth), failure id. */
  alerts: Map<string, { ciId: string | null; failureId: string | null }>;
  names: Readonly<Record<string, readonly string[]>>;
}

function* cases(): Generator<Case> {
  if (which === 'quality' || which === 'both' || which === 'all') {
    for (const base of DEFAULT_SCENARIOS) {
      const s = withSeedOffset(base, seedOffset);
      const shop = generateShop(s.shop);
      const storm = generateStorm(shop, s.storm);
      yield {
        suite: 'Q', name: s.name, topology: s.topology, cmdb: engineCmdb(s, shop, false), events: storm.events, truth: storm.truth,
        failures: storm.failures.map((f) => ({ id: f.id, root: f.rootCauseCi, rootName: f.rootCauseName, startAt: f.startAt })),
        alerts: new Map(storm.alerts.map((a) => [a.fingerprint, { ciId: a.ciId, failureId: a.failureId }])), names: storm.ciNames,
      };
    }
  }
  if (which === 'heldout' || which === 'both' || which === 'all') {
    for (const base of HELDOUT_SCENARIOS) {
      const s = heldoutOffset(base, seedOffset);
      const w = buildWorld(s);
      yield {
        suite: 'H', name: s.name, topology: s.cmdb !== 'none', cmdb: w.cmdb, events: w.outage.events, truth: w.outage.truth,
        failures: w.outage.failures.map((f) => ({ id: f.id, root: f.rootCauseCi, rootName: f.rootCauseName, startAt: f.startAt })),
        alerts: new Map(w.outage.alerts.map((a) => [a.fingerprint, { ciId: a.ciId, failureId: a.failureId }])), names: w.view.names,
      };
    }
  }
  if (which === 'fresh' || which === 'all') {
    for (const base of FRESH_SCENARIOS) {
      const s = freshOffset(base, seedOffset);
      const w = buildFresh(s);
      const truth = w.storm.truth;
      yield {
        suite: 'F', name: s.name, topology: s.cmdb !== 'none', cmdb: w.cmdb, events: w.storm.events, truth,
        failures: w.storm.failures.map((f) => ({ id: f.id, root: f.rootCauseCi, rootName: f.rootName, startAt: f.at })),
        alerts: new Map([...w.storm.ciOf].map(([fp, ci]) => [fp, { ciId: ci, failureId: truth[fp]?.failureId ?? null }])), names: w.view.names,
      };
    }
  }
}

const { runner, reason } = await loadEngine(configInput);
if (!runner) {
  console.error(reason);
  process.exit(2);
}
const counts = new Map<string, number>();
const bump = (k: string): void => { counts.set(k, (counts.get(k) ?? 0) + 1); };
const lines: string[] = [];

/**
 * sideOf: grouping (the root's alerts are elsewhere, or the winner is another failure's or noise) or
 * ranking (the root, or a silent root the group's CIs depend on, was there to be named).
 */
function sideOf(cls: string): string {
  if (cls.startsWith('merged')) return 'grouping: polluted (another failure\'s root named)';
  if (cls.startsWith('split')) return 'grouping: split (root\'s alerts in another group)';
  if (cls.startsWith('no group')) return 'grouping: no group';
  if (cls.startsWith('below')) return /winner alerts: (other failure|noise)(\+other failure|\+noise)*,/.test(cls) ? 'grouping: polluted (winner alerts are another failure\'s or noise)' : 'ranking: root in group, another named';
  if (cls.startsWith('silent')) return /no group CIs depend/.test(cls) ? 'grouping: silent root, no group CI depends on it' : 'ranking: silent root behind the group, another named';
  return 'other';
}

function relation(cmdb: CmdbGraph, root: string, winner: string): string {
  if (cmdb.dependenciesOf(root, 8).some((r) => r.id === winner)) return 'winner upstream of root';
  if (cmdb.dependentsOf(root, 8).some((r) => r.id === winner)) return 'winner downstream of root';
  return 'winner unrelated to root';
}

for (const c of cases()) {
  const r = runner.run(c.events, c.cmdb);
  const final = r.final;
  // same order as the scorer: newest first; an alert counts in the first group listing it
  const ordered = [...final].sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
  const groupOf = new Map<string, number>();
  ordered.forEach((g, i) => { for (const m of g.members) if (m.fingerprint in c.truth && !groupOf.has(m.fingerprint)) groupOf.set(m.fingerprint, i); });
  const graph = createCmdbGraph(c.cmdb);
  const rootOfFailure = new Map(c.failures.map((f) => [f.id, f.root]));
  const hitName = (named: string | null, want: string): boolean => named !== null && (named === want || (c.names[want]?.includes(named.toLowerCase()) ?? false));
  for (const f of c.failures) {
    const fps = Object.keys(c.truth).filter((fp) => c.truth[fp]?.failureId === f.id);
    if (fps.length === 0) continue;
    const per = new Map<number, number>();
    for (const fp of fps) { const g = groupOf.get(fp); if (g !== undefined) per.set(g, (per.get(g) ?? 0) + 1); }
    let best = -1, bestN = 0;
    for (const [g, n] of per) if (n > bestN || (n === bestN && g < best)) { best = g; bestN = n; }
    const grp: CorrelationGroup | undefined = best >= 0 ? ordered[best] : undefined;
    const named = grp?.rootCause?.ciId ?? null;
    const kind = c.topology ? 'topo' : 'notopo';
    bump(`${c.suite} ${kind} failures`);
    if (hitName(named, f.root)) { bump(`${c.suite} ${kind} hits`); continue; }
    const rootAlerted = [...c.alerts.entries()].some(([, a]) => a.failureId === f.id && a.ciId === f.root);
    const split = per.size > 1 || fps.some((fp) => !groupOf.has(fp));
    let cls: string;
    if (!grp) cls = 'no group (all singletons)';
    else {
      const foreign = new Map<string, number>();
      for (const m of grp.members) {
        const t = c.truth[m.fingerprint];
        if (t && t.failureId !== f.id) foreign.set(t.failureId, (foreign.get(t.failureId) ?? 0) + 1);
      }
      const otherRoot = [...foreign.keys()].some((id) => hitName(named, rootOfFailure.get(id) ?? ''));
      const rootInGroup = grp.members.some((m) => m.ciId === f.root);
      const rank = grp.candidates.findIndex((x) => hitName(x.ciId, f.root));
      if (!c.topology) cls = `${rootAlerted ? 'root alerted' : 'root silent'}, ${otherRoot ? "names another failure's root" : named === null ? 'no root' : `rank ${rank < 0 ? '-' : rank + 1}`}`;
      else if (otherRoot) {
        // does that other failure score this group (then the merge costs one of the two either way) or only lend it a piece?
        const other = [...foreign.keys()].find((id) => hitName(named, rootOfFailure.get(id) ?? '')) as string;
        const otherPer = new Map<number, number>();
        for (const fp of Object.keys(c.truth)) if (c.truth[fp]?.failureId === other) { const g = groupOf.get(fp); if (g !== undefined) otherPer.set(g, (otherPer.get(g) ?? 0) + 1); }
        let ob = -1, obN = 0;
        for (const [g, n] of otherPer) if (n > obN || (n === obN && g < ob)) { ob = g; obN = n; }
        const otherStart = c.failures.find((x) => x.id === other)?.startAt ?? 0;
        cls = `merged: names another failure's root (${rootInGroup ? 'root in group' : rootAlerted ? 'root alerted elsewhere' : 'root silent'}; other failure ${ob === best ? 'scores this group' : 'has its main group elsewhere'}, started ${otherStart < f.startAt ? 'earlier' : 'later'})`;
      }
      else if (rootInGroup) {
        const winnerInGroup = named !== null && grp.members.some((m) => m.ciId === named);
        const why = (grp.rootCause?.reason ?? '').replace(/[0-9]+/g, 'n').slice(0, 40);
        // whose alerts are on the winner, and did they start before the root's
        const on = grp.members.filter((m) => m.ciId === named);
        const owners = new Set(on.map((m) => { const t = c.truth[m.fingerprint]; return t === undefined ? '?' : t === null ? 'noise' : t.failureId === f.id ? 'same failure' : 'other failure'; }));
        const first = (ci: string | null): number => Math.min(...grp.members.filter((m) => m.ciId === ci).map((m) => m.firstSeen));
        const earlier = first(named) < first(f.root) ? 'winner first' : 'root first';
        cls = `below: ${named === null ? 'no root' : relation(graph, f.root, named)}${winnerInGroup ? ` (winner alerts: ${[...owners].join('+')}, ${earlier})` : ' (winner silent)'}; ${why}`;
      } else if (rootAlerted) {
        const rootFps = [...c.alerts.entries()].filter(([, a]) => a.failureId === f.id && a.ciId === f.root).map(([fp]) => fp);
        const matched = rootFps.some((fp) => ordered.some((g) => g.members.some((m) => m.fingerprint === fp && m.ciId === f.root)));
        cls = `split: root alerted, ${matched ? 'in another group' : 'not matched to its CI'}`;
      } else {
        // how many of the group's CIs depend on the silent root (what a ranking could see of it)
        const cis = new Set(grp.members.map((m) => m.ciId).filter((x): x is string => x !== null));
        const under = new Set(graph.dependentsOf(f.root, 8).map((r) => r.id));
        let dep = 0;
        for (const x of cis) if (under.has(x)) dep++;
        cls = `silent: ${rank < 0 ? 'not a candidate' : `candidate rank ${rank + 1}`}; named ${named === null ? 'none' : relation(graph, f.root, named)}; ${dep === 0 ? 'no' : dep * 2 >= cis.size ? 'most' : 'some'} group CIs depend on it`;
      }
      const wm = grp.members.filter((m) => m.ciId === named);
      const gap = wm.length ? Math.round((Math.min(...wm.map((m) => m.firstSeen)) - f.startAt) / 1000) : null;
      if (detail) lines.push(`${c.suite} ${c.name} ${f.id} root=${f.rootName} named=${named ? graph.get(named)?.name ?? named : null} winnerAlerts=${wm.length} winnerOnset-failureStart=${gap}s [${wm.map((m) => `${m.rule}:${m.title.slice(0, 50)}`).slice(0, 2).join(' / ')}] split=${split} alerts=${fps.length} best=${bestN}/${grp.members.length} foreign=${[...foreign].map(([k, v]) => `${k}:${v}`).join(',')} | ${cls} | ${grp.candidates.map((x) => `${graph.get(x.ciId)?.name ?? x.ciId} ${x.score} (${x.reason})`).join('; ')}`);
    }
    bump(`${c.suite} ${kind} miss ${split ? '[split] ' : ''}${cls}`);
    if (c.topology) bump(`${c.suite} topo MISS ${sideOf(cls)}`);
  }
}
for (const [k, v] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) console.log(`${String(v).padStart(4)}  ${k}`);
if (detail) for (const l of lines) console.log(l);
