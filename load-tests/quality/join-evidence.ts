/**
 * join-evidence asks, for the no-topology scenarios of both suites, what a rule joining an alert to an
 * open group on one kind of label-only evidence would gain and cost, after the engine has run: for every
 * alert and every group that opened within --life-ms before it (default 30 min), whether the alert shares
 * that evidence with the group's members that started before it, and whether the group's majority is the
 * alert's own failure (right) or another failure / noise (wrong). Counts are weighted by the group's
 * majority members (the pairs a join would gain or lose); "split" = right groups the engine did not put
 * the alert in (what recall could win); "[alert alone]" = the alert ended in a group of its own. A kind of evidence worth a rule has few wrong pairs per split
 * pair on both suites. Two more kinds: "same alert rule" (the rule or check identity a sender labels its alerts
 * with: alertname, monitor_id, check, check_command, MetricName, alarm), by how many alerts carried it in the
 * last hour and how long after the group's last alert of that rule; "implied topology" (one label's value
 * names the entity another label of a group member names: a pod's `node`, a datadog `host` that is a vCenter
 * `object`), per label pair.
 * `node load-tests/dist/quality/join-evidence.js [--seed-offset n[,n…]] [--config '<json>'] [--life-ms n]`
 */
import { maskTemplate } from '@aiops/correlate';
import type { Event } from '@aiops/model';
import { buildWorld } from '../heldout/bench.js';
import { HELDOUT_SCENARIOS, withSeedOffset as heldoutOffset } from '../heldout/suite.js';
import { loadEngine } from './engine.js';
import { DEFAULT_SCENARIOS, withSeedOffset } from './scenarios.js';
import { generateShop } from './shop.js';
import { generateStorm } from './storm.js';

type Truth = Record<string, { failureId: string } | null>;
interface World { suite: string; name: string; events: readonly Event[]; truth: Truth }

const args = process.argv.slice(2);
let offsets = [0];
let configInput: unknown = {};
let lifeMs = 30 * 60_000;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed-offset') offsets = (args[++i] ?? '0').split(',').map(Number);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--life-ms') lifeMs = Number(args[++i] ?? lifeMs);
}

function worlds(): World[] {
  const out: World[] = [];
  for (const off of offsets) {
    for (const s of HELDOUT_SCENARIOS.filter((x) => x.cmdb === 'none')) {
      const w = buildWorld(heldoutOffset(s, off));
      out.push({ suite: 'heldout', name: `${s.name}@${off}`, events: w.outage.events, truth: w.outage.truth });
    }
    for (const base of DEFAULT_SCENARIOS.filter((x) => !x.topology)) {
      const s = withSeedOffset(base, off);
      const storm = generateStorm(generateShop(s.shop), s.storm);
      out.push({ suite: 'quality', name: `${s.name}@${off}`, events: storm.events, truth: storm.truth });
    }
  }
  return out;
}

const NOT_EVIDENCE = new Set(['severity', 'env', 'environment', 'priority', 'alertname', 'state', 'status']);
/** labels that name the alert rule or check (what was measured), not an entity */
const RULE_LABELS = ['alertname', 'monitor_id', 'check', 'check_command', 'MetricName', 'alarm'];
/** an entity name as another label may spell it: no port, no domain */
const entityName = (v: string): string => v.toLowerCase().replace(/:\d+$/, '').split('.')[0] ?? '';
const words = (s: string): Set<string> => new Set(s.toLowerCase().split(/[^a-z0-9_.-]+/).filter((w) => w.length >= 4));

const { runner, reason } = await loadEngine(configInput);
if (!runner) {
  console.error(`engine not available: ${reason}`);
  process.exit(2);
}
type Stat = { split: number; wrong: number };
const stat = new Map<string, Stat>();
const bump = (suite: string, f: string, k: keyof Stat, n: number): void => {
  const key = `${suite} | ${f}`;
  let s = stat.get(key);
  if (!s) stat.set(key, (s = { split: 0, wrong: 0 }));
  s[k] += n;
};
for (const w of worlds()) {
  const { groups } = runner.run(w.events, []);
  const first = new Map<string, Event>();
  for (const e of w.events) if (!first.has(e.fingerprint)) first.set(e.fingerprint, e);
  const fidOf = (fp: string): string => w.truth[fp]?.failureId ?? `noise:${fp}`;
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => g.members.forEach((fp) => { if (!groupOf.has(fp)) groupOf.set(fp, i); }));
  // carriers of each label value over the storm (onsets), for rarity
  const carriers = new Map<string, number[]>();
  for (const e of first.values()) for (const [k, v] of Object.entries(e.labels)) {
    const xs = carriers.get(`${k}=${v}`);
    if (xs) xs.push(e.occurredAt);
    else carriers.set(`${k}=${v}`, [e.occurredAt]);
  }
  const spread = (kv: string, t: number): number => (carriers.get(kv) ?? []).filter((x) => x <= t && x > t - 3_600_000).length;
  const G = groups.map((g) => {
    const ms = g.members.map((fp) => first.get(fp)).filter((e): e is Event => e !== undefined).sort((a, b) => a.occurredAt - b.occurredAt);
    const count = new Map<string, number>();
    for (const e of ms) count.set(fidOf(e.fingerprint), (count.get(fidOf(e.fingerprint)) ?? 0) + 1);
    let maj = '';
    let n = 0;
    for (const [f, c] of count) if (c > n) { maj = f; n = c; }
    return { ms, maj, n, start: ms[0]?.occurredAt ?? 0 };
  });
  for (const a of first.values()) {
    const fa = w.truth[a.fingerprint]?.failureId;
    const ta = maskTemplate(a.title);
    const wa = words(`${a.title} ${a.description}`);
    G.forEach((g, gi) => {
      if (g.n < 2 || g.start > a.occurredAt || g.start < a.occurredAt - lifeMs) return;
      const before = g.ms.filter((m) => m.occurredAt <= a.occurredAt && m.fingerprint !== a.fingerprint);
      if (before.length === 0) return;
      if (groupOf.get(a.fingerprint) === gi) return; // only what a new join would change
      const k: keyof Stat = fa !== undefined && g.maj === fa ? 'split' : 'wrong';
      const last = before[before.length - 1]!.occurredAt;
      const age = a.occurredAt - g.start;
      const feats: string[] = [];
      const phase = age <= 5 * 60_000 ? 'young' : 'old';
      if (a.occurredAt - last <= 60_000) feats.push(`${phase}: last onset within 60 s`);
      const sameT = before.filter((m) => maskTemplate(m.title) === ta);
      if (sameT.length > 0) {
        const gap = a.occurredAt - sameT[sameT.length - 1]!.occurredAt;
        feats.push(`${phase}: same template`);
        if (gap <= 60_000) feats.push(`${phase}: same template, last within 60 s`);
        if (gap <= 120_000) feats.push(`${phase}: same template, last within 120 s`);
        if (sameT.length >= 3 && gap <= 120_000) feats.push(`${phase}: same template x3+, last within 120 s`);
      }
      let rare = Infinity;
      let anyShared = false;
      for (const m of before) for (const [lk, v] of Object.entries(a.labels)) {
        if (NOT_EVIDENCE.has(lk.toLowerCase()) || m.labels[lk] !== v) continue;
        anyShared = true;
        rare = Math.min(rare, spread(`${lk}=${v}`, a.occurredAt));
      }
      if (anyShared) feats.push(`${phase}: shares a label value`);
      if (rare <= 5) feats.push(`${phase}: shares a value <= 5 carriers/h`);
      else if (rare <= 16) feats.push(`${phase}: shares a value 6-16 carriers/h`);
      for (const rk of RULE_LABELS) {
        const rv = a.labels[rk];
        if (rv === undefined) continue;
        const same = before.filter((m) => m.labels[rk] === rv);
        if (same.length === 0) continue;
        const n = spread(`${rk}=${rv}`, a.occurredAt);
        const gap = a.occurredAt - same[same.length - 1]!.occurredAt;
        const b = n <= 5 ? '<= 5' : n <= 16 ? '6-16' : '> 16';
        feats.push(`${phase}: same alert rule, ${b} carriers/h, last ${gap <= 60_000 ? '<= 60 s' : gap <= 180_000 ? '61-180 s' : '> 180 s'} before`);
      }
      const implied = new Set<string>();
      for (const m of before) for (const [k1, v1] of Object.entries(a.labels)) {
        if (v1.length < 4 || NOT_EVIDENCE.has(k1.toLowerCase()) || RULE_LABELS.includes(k1)) continue;
        const n1 = entityName(v1);
        for (const [k2, v2] of Object.entries(m.labels)) {
          if (k1 !== k2 && !NOT_EVIDENCE.has(k2.toLowerCase()) && !RULE_LABELS.includes(k2) && entityName(v2) === n1) implied.add(`${k1} = member's ${k2}`);
        }
      }
      for (const x of implied) feats.push(`${phase}: implied topology: ${x}`);
      if (implied.size > 0) feats.push(`${phase}: implied topology: any label pair`);
      // mentions: a's text names a member's label value, or a member's text names a's
      let mention = false;
      for (const m of before) {
        for (const v of Object.values(m.labels)) if (v.length >= 4 && wa.has(v.toLowerCase()) && !Object.values(a.labels).includes(v)) mention = true;
        const wm = words(`${m.title} ${m.description}`);
        for (const v of Object.values(a.labels)) if (v.length >= 4 && wm.has(v.toLowerCase()) && !Object.values(m.labels).includes(v)) mention = true;
        if (mention) break;
      }
      if (mention) feats.push(`${phase}: text names the other's label value`);
      feats.push(`${phase}: any`);
      const alone = (groups[groupOf.get(a.fingerprint) ?? -1]?.members.length ?? 1) <= 1;
      for (const f of feats) {
        bump(w.suite, f, k, g.n);
        if (alone) bump(w.suite, `${f} [alert alone]`, k, g.n);
      }
    });
  }
}
console.log(`no-topology scenarios, seed offsets ${offsets.join(', ')}: alert × other group opened ≤ ${lifeMs / 60000} min before (weighted by the group's majority)`);
console.log(`${'suite | evidence with the group'.padEnd(62)} ${'split(right)'.padStart(12)} ${'wrong'.padStart(8)} ${'right share'.padStart(11)}`);
for (const [f, s] of [...stat.entries()].sort((x, y) => x[0].localeCompare(y[0]))) {
  console.log(`${f.padEnd(62)} ${String(s.split).padStart(12)} ${String(s.wrong).padStart(8)} ${((100 * s.split) / (s.split + s.wrong)).toFixed(1).padStart(10)}%`);
}
