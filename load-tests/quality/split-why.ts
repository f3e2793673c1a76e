/**
 * split-why classifies, over both suites, why a failure's alerts ended in more than one group: for each
 * piece (a group holding some of a failure's alerts other than the group holding most of them) it says
 * whether the piece is a half of its own (the failure leads it) or a stray in another failure's group,
 * how far its first alert started after the main group opened, and what the CMDB offers between the
 * piece's CIs and the main group's (a causal chain within maxHops, only a shared upstream, a longer
 * path, nothing, no CI). Counts are weighted by missed pairs (piece alerts × main-group alerts of the
 * failure), which is what pairwise recall loses. `node load-tests/dist/quality/split-why.js [quality|heldout|both|fresh]
 * [--seed-offset n] [--config '<json>'] [--transform stale] [--examples] [--only <scenario substring>]`.
 */
import { createCmdbGraph, type CmdbGraph } from '@aiops/cmdb';
import type { ConfigurationItem, CorrelationGroup, Event } from '@aiops/model';
import { buildWorld as buildFresh } from '../fresh/bench.js';
import { FRESH_SCENARIOS, withSeedOffset as freshOffset } from '../fresh/suite.js';
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
let stale = false;
let examples = false;
let suite = 'both';
let only = '';
let detail = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed-offset') seedOffset = Number(args[++i] ?? 0);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--transform') stale = args[++i] === 'stale';
  else if (args[i] === '--examples') examples = true;
  else if (args[i] === '--detail') detail = true;
  else if (args[i] === '--only') only = args[++i] ?? '';
  else suite = args[i] as string;
}

interface Case {
  name: string;
  events: readonly Event[];
  cmdb: readonly ConfigurationItem[];
  failureOf: (fp: string) => string | null;
  failures: ReadonlyArray<{ id: string; startAt: number; rootCauseCi: string; kind?: string }>;
}

function* cases(): Generator<Case> {
  if (suite === 'fresh') {
    for (const base of FRESH_SCENARIOS) {
      const s = freshOffset(base, seedOffset);
      const w = buildFresh(s);
      yield { name: `F:${s.name}`, events: w.storm.events, cmdb: w.cmdb, failureOf: (fp) => w.storm.truth[fp]?.failureId ?? null, failures: w.storm.failures.map((f) => ({ id: f.id, startAt: f.at, rootCauseCi: f.rootCauseCi, kind: f.kind })) };
    }
    return;
  }
  if (suite !== 'heldout') {
    for (const base of DEFAULT_SCENARIOS) {
      const s = withSeedOffset(base, seedOffset);
      const shop = generateShop(s.shop);
      const storm = generateStorm(shop, s.storm);
      yield { name: s.name, events: storm.events, cmdb: engineCmdb(s, shop, stale), failureOf: (fp) => storm.truth[fp]?.failureId ?? null, failures: storm.failures };
    }
  }
  if (suite !== 'quality') {
    for (const base of HELDOUT_SCENARIOS) {
      const s = heldoutOffset(base, seedOffset);
      const w = buildWorld(s);
      yield { name: `H:${s.name}`, events: w.outage.events, cmdb: w.cmdb, failureOf: (fp) => w.outage.truth[fp]?.failureId ?? null, failures: w.outage.failures };
    }
  }
}

const MIN = 60_000;
const cfg = configInput as { grouping?: { windowMs?: number; maxHops?: number } };
const windowMs = cfg.grouping?.windowMs ?? 15 * MIN;
const maxHops = cfg.grouping?.maxHops ?? 2;

/** relation: the strongest CMDB link between any CI of `a` and any of `b`. */
function relation(g: CmdbGraph, a: ReadonlySet<string>, b: ReadonlySet<string>): string {
  if (a.size === 0) return 'piece has no CI';
  if (b.size === 0) return 'main has no CI';
  for (const x of a) if (b.has(x)) return 'same CI';
  let best = 99;
  for (const x of a) for (const r of g.dependenciesOf(x, 6)) if (b.has(r.id)) best = Math.min(best, r.hops);
  for (const y of b) for (const r of g.dependenciesOf(y, 6)) if (a.has(r.id)) best = Math.min(best, r.hops);
  if (best <= maxHops) return `causal chain <= ${maxHops} hops`;
  // a shared upstream: the two sides are effects of one CI (hub = many direct dependents)
  let shared = 99;
  let hub = false;
  const upA = new Map<string, number>();
  for (const x of a) for (const r of g.dependenciesOf(x, maxHops)) upA.set(r.id, Math.min(upA.get(r.id) ?? 99, r.hops));
  for (const y of b) {
    for (const r of g.dependenciesOf(y, maxHops)) {
      const h = upA.get(r.id);
      if (h === undefined) continue;
      const isHub = g.downstreamOf(r.id).length > 20;
      if (Math.max(h, r.hops) < shared || (Math.max(h, r.hops) === shared && !isHub)) { shared = Math.max(h, r.hops); hub = isHub; }
    }
  }
  if (shared < 99) return `shared upstream${hub ? ' (hub)' : ''}`;
  if (best < 99) return `causal chain ${maxHops + 1}-6 hops`;
  for (const x of a) for (const y of b) if (g.path(x, y, 6)) return 'undirected path <= 6';
  return 'no CMDB path';
}

const { runner, reason } = await loadEngine(configInput);
if (!runner) {
  console.error(reason);
  process.exit(2);
}
const tally = new Map<string, { pieces: number; pairs: number; ex: string[] }>();
const byScenario = new Map<string, number>();
let totalMissed = 0;
const coarse = new Map<string, number>();
for (const c of cases()) {
  if (only !== '' && !c.name.includes(only)) continue;
  const groups: CorrelationGroup[] = runner.run(c.events, c.cmdb).final;
  const g = createCmdbGraph(c.cmdb);
  const onset = new Map<string, number>();
  for (const e of c.events) if (!onset.has(e.fingerprint) || e.occurredAt < (onset.get(e.fingerprint) as number)) onset.set(e.fingerprint, e.occurredAt);
  // newest first, as the scorer reads them: an alert counts in its most recent group
  const sorted = [...groups].sort((x, y) => y.updatedAt - x.updatedAt || (x.id < y.id ? -1 : 1));
  const where = new Map<string, CorrelationGroup>();
  for (const gr of sorted) for (const m of gr.members) if (!where.has(m.fingerprint)) where.set(m.fingerprint, gr);
  const lead = (gr: CorrelationGroup): string | null => {
    const n = new Map<string | null, number>();
    for (const m of gr.members) if (where.get(m.fingerprint) === gr) { const f = c.failureOf(m.fingerprint); n.set(f, (n.get(f) ?? 0) + 1); }
    return [...n].sort((p, q) => q[1] - p[1])[0]?.[0] ?? null;
  };
  const opened = (gr: CorrelationGroup): number => Math.min(...gr.members.map((m) => onset.get(m.fingerprint) ?? Infinity));
  for (const f of c.failures) {
    const pieces = new Map<CorrelationGroup, string[]>();
    for (const [fp, gr] of where) if (c.failureOf(fp) === f.id) pieces.set(gr, [...(pieces.get(gr) ?? []), fp]);
    if (pieces.size < 2) continue;
    const [main, mainFps] = [...pieces].sort((p, q) => q[1].length - p[1].length)[0] as [CorrelationGroup, string[]];
    const mainCis = new Set(main.members.map((m) => m.ciId).filter((x): x is string => !!x));
    for (const [gr, fps] of pieces) {
      if (gr === main) continue;
      const pairs = fps.length * mainFps.length;
      totalMissed += pairs;
      byScenario.set(c.name, (byScenario.get(c.name) ?? 0) + pairs);
      const own = gr.members.filter((m) => fps.includes(m.fingerprint));
      const kind = gr.members.length === 1 ? 'singleton' : lead(gr) === f.id ? 'own half' : lead(gr) === null ? 'in a noise-led group' : 'in another failure\'s group';
      const first = Math.min(...fps.map((fp) => onset.get(fp) ?? Infinity));
      const gap = first - opened(main);
      const time = gap > windowMs ? 'after window' : gap < -windowMs ? 'main opened > window later' : gap > 5 * MIN ? 'in window (>5 min)' : 'in window (<=5 min)';
      const cis = new Set(own.map((m) => m.ciId).filter((x): x is string => !!x));
      const topo = c.cmdb.length === 0 ? 'no CMDB' : relation(g, cis, mainCis);
      const rules = [...new Set(own.map((m) => m.rule))].join('+');
      const key = `${c.cmdb.length === 0 ? 'notopo' : 'topo'} | ${kind} | ${time} | ${topo}`;
      const t = tally.get(key) ?? { pieces: 0, pairs: 0, ex: [] };
      t.pieces++;
      t.pairs += pairs;
      if (t.ex.length < 3) t.ex.push(`${c.name} ${f.id}: ${fps.length} alerts via ${rules}, +${Math.round(gap / 1000)} s`);
      tally.set(key, t);
      const cause = c.cmdb.length === 0 ? 'no CMDB: labels and text only'
        : cis.size === 0 ? 'piece alerts have no CI (unmatched)'
        : time === 'after window' || time === 'main opened > window later' ? 'outside the join window'
        : kind === 'in another failure\'s group' || kind === 'in a noise-led group' ? `joined another group first (${topo.startsWith('causal chain <=') || topo === 'same CI' ? 'had a causal chain to main' : topo})`
        : topo.startsWith('causal chain <=') || topo === 'same CI' ? 'own group although a causal chain to main exists'
        : topo.startsWith('shared upstream') ? `own group, only a ${topo} links it to main`
        : `own group, ${topo}`;
      if (detail && cause === 'own group although a causal chain to main exists') {
        const pr = gr.rootCause?.ciId ?? '-', mr = main.rootCause?.ciId ?? '-';
        const up = (x: string, y: string): number | undefined => g.dependenciesOf(x, 6).find((r) => r.id === y)?.hops;
        const alerting = (grp: CorrelationGroup, ci: string): string => (grp.members.some((m) => m.ciId === ci) ? 'alerting' : 'silent');
        const rel = pr === mr ? 'same root' : up(pr, mr) !== undefined ? `piece root needs main root (${up(pr, mr)} hops)` : up(mr, pr) !== undefined ? `main root needs piece root (${up(mr, pr)} hops)` : 'roots unrelated';
        // the piece's seed (its first alert): how its CI relates to the main group's members already alerting then
        const seed = [...gr.members].sort((x, y) => (onset.get(x.fingerprint) ?? 0) - (onset.get(y.fingerprint) ?? 0))[0];
        const st = seed ? onset.get(seed.fingerprint) ?? 0 : 0;
        const sc = seed?.ciId;
        const rels: string[] = [];
        if (sc) {
          for (const m of main.members) {
            const mt = onset.get(m.fingerprint) ?? Infinity;
            if (!m.ciId || mt > st) continue;
            const up = m.ciId === sc ? 0 : g.dependenciesOf(sc, 6).find((r) => r.id === m.ciId)?.hops;
            const dn = g.dependenciesOf(m.ciId, 6).find((r) => r.id === sc)?.hops;
            if (up !== undefined) rels.push(`seed needs ${up}h ${c.cmdb.find((x) => x.id === m.ciId)?.name} (lag ${Math.round((st - mt) / 1000)}s)`);
            else if (dn !== undefined) rels.push(`needed by ${dn}h ${c.cmdb.find((x) => x.id === m.ciId)?.name} (lag ${Math.round((st - mt) / 1000)}s)`);
          }
        }
        const upN = sc ? g.upstreamOf(sc).length : -1;
        console.log(`    seed ${seed?.rule} ${sc ? c.cmdb.find((x) => x.id === sc)?.name : '-'} (${upN} direct upstream) vs main earlier: ${[...new Set(rels)].slice(0, 4).join('; ') || 'none'}`);
        console.log(`${c.name} ${f.id} pairs ${pairs} piece ${fps.length}/${gr.members.length} (main ${mainFps.length}/${main.members.length}) +${Math.round(gap / 1000)} s, piece root ${alerting(gr, pr)} ${c.cmdb.find((x) => x.id === pr)?.name ?? pr}, main root ${alerting(main, mr)} ${c.cmdb.find((x) => x.id === mr)?.name ?? mr}: ${rel}; rules ${rules}`);
      }
      if (detail && cause === 'joined another group first (had a causal chain to main)') {
        // per stray alert: how its CI relates to the group it joined (root candidate) and to its own failure's main group
        const nm = (id: string | undefined): string => (id === undefined ? '-' : c.cmdb.find((x) => x.id === id)?.name ?? id);
        const hopsTo = (x: string, y: string): string => {
          if (x === y) return 'self';
          const d = g.dependenciesOf(x, 6).find((r) => r.id === y);
          if (d) return `needs ${d.hops}h ${g.upstreamOf(x).find((u) => u.id === y)?.type ?? ''}`.trim();
          const r = g.dependenciesOf(y, 6).find((q) => q.id === x);
          return r ? `needed-by ${r.hops}h` : 'unrelated';
        };
        const firstOn = (grp: CorrelationGroup, ci: string | undefined): number | undefined => {
          const t = grp.members.filter((m) => m.ciId === ci).map((m) => onset.get(m.fingerprint) ?? Infinity);
          return t.length === 0 ? undefined : Math.min(...t);
        };
        const other = c.failures.find((x) => x.id === lead(gr));
        for (const m of own) {
          const ci = m.ciId as string | undefined;
          const t = onset.get(m.fingerprint) ?? 0;
          const hr = gr.rootCause?.ciId, mr = main.rootCause?.ciId;
          const lag = (x: number | undefined): string => (x === undefined ? 'silent' : `${Math.round((t - x) / 1000)}s`);
          const title = c.events.find((e) => e.fingerprint === m.fingerprint)?.title ?? '';
          console.log(`JOINED ${c.name} ${f.id} (start ${Math.round((t - f.startAt) / 1000)}s ago) alert ${nm(ci)} "${title.slice(0, 70)}" via ${m.rule} ${m.evidence.score?.toFixed(2) ?? ''} ${m.evidence.detail ?? ''}`
            + `\n    joined: root ${nm(hr)} [${ci && hr ? hopsTo(ci, hr) : '-'}] lag ${lag(firstOn(gr, hr))}, other failure ${other?.id ?? 'noise'} started ${other ? Math.round((t - other.startAt) / 1000) : '-'}s before`
            + `\n    main:   root ${nm(mr)} [${ci && mr ? hopsTo(ci, mr) : '-'}] lag ${lag(firstOn(main, mr))}; text names joined root ${hr !== undefined && title.toLowerCase().includes(nm(hr).toLowerCase())}, main root ${mr !== undefined && title.toLowerCase().includes(nm(mr).toLowerCase())}`);
        }
      }
      const ck = `${c.name.startsWith('H:') ? 'heldout' : c.name.startsWith('F:') ? `fresh ${f.kind ?? ''}` : 'quality'} | ${cause}`;
      coarse.set(ck, (coarse.get(ck) ?? 0) + pairs);
    }
  }
}
console.log(`missed pairs (piece × main) ${totalMissed}; by scenario: ${[...byScenario].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log('\nby cause (missed pairs):');
for (const [k, v] of [...coarse].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) || b[1] - a[1])) console.log(`${String(v).padStart(6)}  ${k}`);
console.log('\npairs  pieces  suite | piece | onset vs main group | CMDB between piece and main');
for (const [k, v] of [...tally].sort((a, b) => b[1].pairs - a[1].pairs)) {
  console.log(`${String(v.pairs).padStart(5)}  ${String(v.pieces).padStart(6)}  ${k}`);
  if (examples) for (const e of v.ex) console.log(`               e.g. ${e}`);
}
