/**
 * topo-loss classifies, per alert, the pairs the topology scenarios of the held-out and fresh suites lose,
 * by cause. Missed pairs (one failure, two groups): each alert outside the group holding most of its
 * failure is charged with that group's alerts of the failure, under the first cause that holds — no CI
 * matched, a CI other than the one the alert is about (wrong match), a start later than the join window
 * after the main group opened, then what the engine's CMDB offers between its CI and the main group's
 * (nothing, a path too long or without direction, a shared upstream only, or a causal chain within
 * maxHops that a guard or a concurrent failure's group stopped: which one). Wrong pairs (two failures,
 * one group): each member of another failure than the group's majority is charged with the majority's
 * alerts, by how its CI relates to the majority's CIs in the group (downstream, upstream, same CI, a
 * shared hub, nothing) and whether it came in by a merge. Noise members are counted apart.
 * `node load-tests/dist/quality/topo-loss.js heldout|fresh [--seed-offset n] [--config '<json>'] [--json]
 * [--examples <category substring>]`.
 */
import { createCmdbGraph, type CmdbGraph } from '@aiops/cmdb';
import type { ConfigurationItem, CorrelationGroup, Event } from '@aiops/model';
import { buildWorld as buildFresh } from '../fresh/bench.js';
import { FRESH_SCENARIOS, withSeedOffset as freshOffset } from '../fresh/suite.js';
import { buildWorld } from '../heldout/bench.js';
import { HELDOUT_SCENARIOS, withSeedOffset as heldoutOffset } from '../heldout/suite.js';
import { loadEngine } from './engine.js';

const args = process.argv.slice(2);
let seedOffset = 0;
let configInput: unknown = {};
let suite = 'heldout';
let json = false;
let examples = '';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed-offset') seedOffset = Number(args[++i] ?? 0);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--json') json = true;
  else if (args[i] === '--examples') examples = args[++i] ?? '';
  else suite = args[i] as string;
}

interface Case {
  name: string;
  events: readonly Event[];
  cmdb: readonly ConfigurationItem[];
  failureOf: (fp: string) => string | null;
  rootOf: Map<string, string>;
  /** the CIs the alert is about (emitter and subject); empty when unknown. */
  truthCis: (fp: string) => string[];
}

function* cases(): Generator<Case> {
  if (suite === 'fresh') {
    for (const base of FRESH_SCENARIOS) {
      const s = freshOffset(base, seedOffset);
      const w = buildFresh(s);
      if (w.cmdb.length === 0) continue;
      yield { name: `F:${s.name}`, events: w.storm.events, cmdb: w.cmdb, failureOf: (fp) => w.storm.truth[fp]?.failureId ?? null, rootOf: new Map(w.storm.failures.map((f) => [f.id, f.rootCauseCi])), truthCis: (fp) => { const c = w.storm.ciOf.get(fp); return c ? [c] : []; } };
    }
    return;
  }
  for (const base of HELDOUT_SCENARIOS) {
    const s = heldoutOffset(base, seedOffset);
    const w = buildWorld(s);
    if (w.cmdb.length === 0) continue;
    const byFp = new Map(w.outage.alerts.map((a) => [a.fingerprint, a]));
    yield { name: `H:${s.name}`, events: w.outage.events, cmdb: w.cmdb, failureOf: (fp) => w.outage.truth[fp]?.failureId ?? null, rootOf: new Map(w.outage.failures.map((f) => [f.id, f.rootCauseCi])), truthCis: (fp) => { const a = byFp.get(fp); return a ? [a.ciId, a.subjectId] : []; } };
  }
}

const MIN = 60_000;
const cfg = configInput as { grouping?: { windowMs?: number; maxHops?: number; effectLagMs?: number; lateCauseMs?: number; causeGraceMs?: number } };
const windowMs = cfg.grouping?.windowMs ?? 15 * MIN;
const maxHops = cfg.grouping?.maxHops ?? 2;
const effectLagMs = cfg.grouping?.effectLagMs ?? 10 * MIN;
const lateCauseMs = cfg.grouping?.lateCauseMs ?? 3 * MIN;
const graceMs = cfg.grouping?.causeGraceMs ?? 2 * MIN;
const HUB = 20;

const { runner, reason } = await loadEngine(configInput);
if (!runner) {
  console.error(reason);
  process.exit(2);
}

const missed = new Map<string, number>();
const wrong = new Map<string, number>();
const ex = new Map<string, string[]>();
const add = (m: Map<string, number>, k: string, n: number, e: string): void => {
  m.set(k, (m.get(k) ?? 0) + n);
  if (examples !== '' && k.includes(examples)) { const l = ex.get(k) ?? []; if (l.length < 12) l.push(e); ex.set(k, l); }
};

const hopsUp = (g: CmdbGraph, from: string, to: string): number | undefined => (from === to ? 0 : g.dependenciesOf(from, 6).find((r) => r.id === to)?.hops);

for (const c of cases()) {
  const groups: CorrelationGroup[] = runner.run(c.events, c.cmdb).final;
  const g = createCmdbGraph(c.cmdb);
  const rootOf = c.rootOf;
  const name = (id: string | null | undefined): string => (id === undefined || id === null ? '-' : g.get(id)?.name ?? id);
  const onset = new Map<string, number>();
  const resolves = new Map<string, number[]>();
  const title = new Map<string, string>();
  for (const e of c.events) {
    if (e.status === 'resolved') resolves.set(e.fingerprint, [...(resolves.get(e.fingerprint) ?? []), e.occurredAt]);
    else if (!onset.has(e.fingerprint) || e.occurredAt < (onset.get(e.fingerprint) as number)) onset.set(e.fingerprint, e.occurredAt);
    if (!title.has(e.fingerprint)) title.set(e.fingerprint, e.title);
  }
  const on = (fp: string): number => onset.get(fp) ?? Infinity;
  /** still firing at t, or resolved within the grace (a resolve after the onset and before t - grace ends it; re-fires ignored). */
  const firingAt = (fp: string, t: number): boolean => !(resolves.get(fp) ?? []).some((r) => r >= on(fp) && r < t - graceMs);
  const sorted = [...groups].sort((x, y) => y.updatedAt - x.updatedAt || (x.id < y.id ? -1 : 1));
  const where = new Map<string, CorrelationGroup>();
  for (const gr of sorted) for (const m of gr.members) if (!where.has(m.fingerprint)) where.set(m.fingerprint, gr);
  const own = (gr: CorrelationGroup) => gr.members.filter((m) => where.get(m.fingerprint) === gr);
  const lead = (gr: CorrelationGroup): string | null => {
    const n = new Map<string | null, number>();
    for (const m of own(gr)) { const f = c.failureOf(m.fingerprint); n.set(f, (n.get(f) ?? 0) + 1); }
    return [...n].sort((p, q) => q[1] - p[1] || ((p[0] ?? '') < (q[0] ?? '') ? -1 : 1))[0]?.[0] ?? null;
  };
  const wrongMatch = (fp: string, ci: string): string | null => {
    const t = c.truthCis(fp);
    if (t.length === 0 || t.includes(ci)) return null;
    if (ci.endsWith('-D') && t.includes(ci.slice(0, -2))) return 'duplicate CI of the right one';
    return 'wrong CI match';
  };

  // ---- missed pairs
  const byFailure = new Map<string, string[]>();
  for (const fp of where.keys()) { const f = c.failureOf(fp); if (f) byFailure.set(f, [...(byFailure.get(f) ?? []), fp]); }
  for (const [f, fps] of byFailure) {
    const pieces = new Map<CorrelationGroup, string[]>();
    for (const fp of fps) { const gr = where.get(fp) as CorrelationGroup; pieces.set(gr, [...(pieces.get(gr) ?? []), fp]); }
    if (pieces.size < 2) continue;
    const [main, mainFps] = [...pieces].sort((p, q) => q[1].length - p[1].length || (p[0].id < q[0].id ? -1 : 1))[0] as [CorrelationGroup, string[]];
    const opened = Math.min(...own(main).map((m) => on(m.fingerprint)));
    const mainMembers = own(main).filter((m) => c.failureOf(m.fingerprint) === f && m.ciId);
    for (const [gr, pfps] of pieces) {
      if (gr === main) continue;
      const where2 = gr.members.length === 1 ? 'alone' : lead(gr) === f ? 'own half' : lead(gr) === null ? 'noise-led group' : "other failure's group";
      for (const fp of pfps) {
        const m = gr.members.find((x) => x.fingerprint === fp);
        const ci = m?.ciId;
        const t = on(fp);
        const n = mainFps.length;
        const e = `${c.name} ${f} ${name(ci)} "${(title.get(fp) ?? '').slice(0, 50)}" +${Math.round((t - opened) / 1000)}s in ${where2} via ${m?.rule}; main root ${name(main.rootCause?.ciId)}`;
        if (!ci) { add(missed, `no CI matched [${where2}]`, n, e); continue; }
        const wm = wrongMatch(fp, ci);
        if (wm) { add(missed, `${wm} [${where2}]`, n, e); continue; }
        if (t - opened > windowMs) { add(missed, `later than the join window [${where2}]`, n, e); continue; }
        // relations to the main group's own-failure CIs
        let best = 99; let dir = '';
        let up: { m: typeof mainMembers[number]; h: number }[] = [];
        for (const mm of mainMembers) {
          const a = hopsUp(g, ci, mm.ciId as string);
          const b = hopsUp(g, mm.ciId as string, ci);
          if (a !== undefined && a <= maxHops) up.push({ m: mm, h: a });
          if (a !== undefined && a < best) { best = a; dir = a === 0 ? 'same' : 'down'; }
          if (b !== undefined && b < best) { best = b; dir = b === 0 ? 'same' : 'up'; }
        }
        if (best <= maxHops) {
          if (where2 === "other failure's group") { add(missed, `chain <=${maxHops}: taken by a concurrent failure's group`, n, e); continue; }
          if (where2 === 'noise-led group') { add(missed, `chain <=${maxHops}: taken by a noise-led group`, n, e); continue; }
          if (dir === 'same' && up.every((u) => u.h === 0)) { add(missed, `same CI as main only [${where2}]`, n, e); continue; }
          up = up.filter((u) => u.h > 0);
          if (up.length > 0) {
            const before = up.filter((u) => on(u.m.fingerprint) <= t + lateCauseMs);
            if (before.length === 0) { add(missed, `chain <=${maxHops}, upstream main CI alerted after it [${where2}]`, n, e); continue; }
            const inLag = before.filter((u) => t - on(u.m.fingerprint) <= effectLagMs);
            if (inLag.length === 0) { add(missed, `chain <=${maxHops}, later than effectLagMs after its cause [${where2}]`, n, e); continue; }
            const firing = inLag.filter((u) => firingAt(u.m.fingerprint, t));
            if (firing.length === 0) { add(missed, `chain <=${maxHops}, cause resolved before it [${where2}]`, n, e); continue; }
            const hub = firing.every((u) => g.downstreamOf(u.m.ciId as string).length >= 10);
            add(missed, `chain <=${maxHops}, downstream, no timing guard explains${hub ? ' (through a hub)' : ''} [${where2}]`, n, e);
            continue;
          }
          // only upstream of main CIs: a cause joining its effects
          const downs = mainMembers.filter((mm) => { const b = hopsUp(g, mm.ciId as string, ci); return b !== undefined && b > 0 && b <= maxHops; });
          const late = downs.every((mm) => t - on(mm.fingerprint) > lateCauseMs);
          add(missed, `chain <=${maxHops}, upstream of main${late ? ', later than lateCauseMs' : ''} [${where2}]`, n, e);
          continue;
        }
        if (best < 99) { add(missed, `causal chain beyond ${maxHops} hops (${best}) [${where2}]`, n, e); continue; }
        // shared upstream within maxHops each
        let shared = ''; 
        const upA = new Set(g.dependenciesOf(ci, maxHops).map((r) => r.id));
        for (const mm of mainMembers) for (const r of g.dependenciesOf(mm.ciId as string, maxHops)) if (upA.has(r.id)) { const hub = g.downstreamOf(r.id).length > HUB; if (shared === '' || (shared === 'hub' && !hub)) shared = hub ? 'hub' : 'non-hub'; }
        if (shared !== '') { add(missed, `siblings under a shared upstream (${shared}) [${where2}]`, n, e); continue; }
        const path = mainMembers.some((mm) => g.path(ci, mm.ciId as string, 6));
        add(missed, path ? `undirected path only [${where2}]` : `no relation in the CMDB [${where2}]`, n, e);
      }
    }
  }

  // ---- wrong pairs
  const seen = new Set<CorrelationGroup>();
  for (const gr of where.values()) {
    if (seen.has(gr)) continue;
    seen.add(gr);
    const mem = own(gr);
    const maj = lead(gr);
    if (maj === null) continue;
    const majMembers = mem.filter((m) => c.failureOf(m.fingerprint) === maj);
    const majCis = [...new Set(majMembers.map((m) => m.ciId).filter((x): x is string => !!x))];
    for (const m of mem) {
      const f = c.failureOf(m.fingerprint);
      if (f === maj) continue;
      const n = majMembers.length;
      const merged = (m.evidence.detail ?? '').includes('merged from') || (m.evidence as { mergedFrom?: string }).mergedFrom !== undefined;
      const how = `${f === null ? 'noise' : 'failure'}${merged ? ', merged' : ''}`;
      const ci = m.ciId;
      const t = on(m.fingerprint);
      const e = `${c.name} ${f ?? 'noise'} into ${maj}: ${name(ci)} "${(title.get(m.fingerprint) ?? '').slice(0, 50)}" via ${m.rule} ${m.evidence.score?.toFixed(2) ?? ''} ${(m.evidence.detail ?? '').slice(0, 120)}; group root ${name(gr.rootCause?.ciId)}`;
      if (!ci) { add(wrong, `no CI (labels/text) [${how}]`, n, e); continue; }
      const wm = wrongMatch(m.fingerprint, ci);
      if (wm) { add(wrong, `${wm} [${how}]`, n, e); continue; }
      let rel = 'no CMDB relation to the majority';
      let best = 99;
      for (const x of majCis) {
        const a = hopsUp(g, ci, x);
        const b = hopsUp(g, x, ci);
        if (a === 0) { rel = 'same CI as the majority'; best = 0; break; }
        if (a !== undefined && a <= maxHops && a < best) { best = a; const alertingBefore = majMembers.some((mm) => mm.ciId === x && on(mm.fingerprint) <= t); rel = `downstream of a majority CI${alertingBefore ? '' : ' (that alerted later)'}`; }
        if (b !== undefined && b <= maxHops && b < best) { best = b; rel = 'upstream of a majority CI'; }
      }
      if (best === 99) {
        const upA = new Set(g.dependenciesOf(ci, maxHops).map((r) => r.id));
        let shared = '';
        for (const x of majCis) for (const r of g.dependenciesOf(x, maxHops)) if (upA.has(r.id)) { const hub = g.downstreamOf(r.id).length > HUB; if (shared === '' || (shared === 'hub' && !hub)) shared = hub ? 'hub' : 'non-hub'; }
        if (shared !== '') rel = `shared upstream (${shared}) with the majority`;
      }
      // the intruder's own failure: does its root (or any alerting CI of it before t) sit upstream of it within maxHops?
      let ownRel = 'noise';
      if (f !== null) {
        const root = rootOf.get(f);
        const h = root ? hopsUp(g, ci, root) : undefined;
        ownRel = h === undefined ? 'own root not upstream in the CMDB' : h <= maxHops ? `own root ${h === 0 ? 'is its CI' : `upstream ${h}h`}` : `own root upstream ${h}h (> maxHops)`;
        if (h !== undefined && h > 0) {
          const rootAlerts = [...where.keys()].filter((fp) => c.failureOf(fp) === f && where.get(fp)?.members.find((mm) => mm.fingerprint === fp)?.ciId === root);
          const first = Math.min(...rootAlerts.map(on));
          ownRel += rootAlerts.length === 0 ? ', root silent' : first <= t ? `, root alerting ${Math.round((t - first) / 1000)}s before` : ', root alerted after it';
        }
      }
      add(wrong, `${rel} [${how}]${f !== null && !rel.startsWith('no CI') ? ` | ${ownRel.replace(/\d+s before/, (x) => (Number.parseInt(x) > 600 ? '>10min before' : Number.parseInt(x) > 180 ? '3-10min before' : '<=3min before'))}` : ''}`, n, e);
    }
  }
}

if (json) console.log(JSON.stringify({ suite, seedOffset, missed: Object.fromEntries(missed), wrong: Object.fromEntries(wrong) }));
else {
  const print = (title2: string, m: Map<string, number>): void => {
    console.log(`\n${title2}: ${[...m.values()].reduce((a, b) => a + b, 0)}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1])) console.log(`${String(v).padStart(7)}  ${k}`);
  };
  print(`missed pairs (${suite}, offset ${seedOffset})`, missed);
  print('wrong pairs (charged against the majority)', wrong);
}
for (const [k, l] of ex) { console.log(`\n# ${k}`); for (const e of l) console.log(`  ${e}`); }
