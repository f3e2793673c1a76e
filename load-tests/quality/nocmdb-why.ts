/**
 * nocmdb-why asks, for the no-topology scenarios of all four suites, what evidence links two final groups
 * and whether merging them on it would be right: for every pair of groups (A opened first, B opened at most
 * 30 min later) it bins the gap between their first onsets and names the evidence between their members
 * (a shared label value by kind of key, a label value of one spelt in the other's text, the same masked
 * template, nothing), and counts the pairs of alerts a merge would make right (same failure: the missed
 * pairs) and wrong (two failures, or noise). Evidence worth a merge rule has few wrong pairs per right one
 * in every suite. `node load-tests/dist/quality/nocmdb-why.js [--seed-offset n[,n…]] [--config '<json>'] [--examples] [--dump '<row key>']`
 * (--dump prints the first members of both groups, their labels and how they joined, for rows whose key holds the text).
 */
import { maskTemplate } from '@aiops/correlate';
import type { Event } from '@aiops/model';
import { loadEngine } from './engine.js';
import { groupIndex } from './scorer.js';
import { noCmdbWorlds, type World } from './nocmdb-worlds.js';


const args = process.argv.slice(2);
let offsets = [0];
let configInput: unknown = {};
let examples = false;
let dump = '';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed-offset') offsets = (args[++i] ?? '0').split(',').map(Number);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--examples') examples = true;
  else if (args[i] === '--dump') dump = args[++i] ?? '';
}


const HOST = ['host', 'hostname', 'node', 'instance', 'ip', 'nodename', 'device', 'ne', 'server', 'object'];
const WORK = ['service', 'app', 'application', 'job', 'deployment', 'pod', 'workload', 'statefulset', 'daemonset', 'container', 'component', 'dbinstanceidentifier', 'instanceid', 'loadbalancer'];
const SCOPE = ['namespace', 'cluster', 'region', 'site', 'datacenter', 'zone', 'env', 'environment', 'availabilityzone'];
const RULE = ['alertname', 'monitor_id', 'check', 'check_command', 'metricname', 'alarm', 'alarmname'];
const kindOf = (k: string): string => (HOST.includes(k) ? 'host' : WORK.includes(k) ? 'work' : SCOPE.includes(k) ? 'scope' : RULE.includes(k) ? 'rule' : 'other');
const norm = (k: string, v: string): string => (HOST.includes(k) ? v.toLowerCase().replace(/:\d+$/, '').split('.')[0] ?? v : v.toLowerCase());

interface Alert { fp: string; at: number; kv: Map<string, string>; names: Set<string>; text: string; tpl: string; failure: string | null }

function alerts(w: World): Map<string, Alert> {
  const out = new Map<string, Alert>();
  for (const e of w.events) {
    if (out.has(e.fingerprint)) { const a = out.get(e.fingerprint) as Alert; a.at = Math.min(a.at, e.occurredAt); continue; }
    const kv = new Map<string, string>();
    const names = new Set<string>();
    const add = (k: string, v: string | undefined): void => {
      if (!v) return;
      const key = k.toLowerCase();
      const n = norm(key, v);
      kv.set(`${key}=${n}`, kindOf(key));
      if ((kindOf(key) === 'host' || kindOf(key) === 'work') && n.length >= 4) names.add(n);
    };
    for (const [k, v] of Object.entries(e.labels)) add(k, v);
    for (const [k, v] of Object.entries(e.resource)) if (typeof v === 'string') add(k, v);
    const text = `${e.title} ${e.description}`.toLowerCase();
    out.set(e.fingerprint, { fp: e.fingerprint, at: e.occurredAt, kv, names, text, tpl: maskTemplate(e.title), failure: w.truth[e.fingerprint]?.failureId ?? null });
  }
  return out;
}

const { runner, reason } = await loadEngine(configInput);
if (!runner) { console.error(reason); process.exit(2); }
const tally = new Map<string, { right: number; wrong: number; n: number; halves: number; ex: string[] }>();
let halvesNow = false;
let dumped = 0;
let dumpNow: string[] = [];
const evOf = new Map<string, Event>();
const bump = (k: string, right: number, wrong: number, ex: string): void => {
  const t = tally.get(k) ?? { right: 0, wrong: 0, n: 0, halves: 0, ex: [] };
  t.right += right; t.wrong += wrong; t.n++; if (halvesNow) t.halves++;
  if (t.ex.length < 4 && right > 0) t.ex.push(ex);
  if (dump !== '' && k.includes(dump) && dumped++ < 12) console.log('DUMP', ex, '\n  A:', dumpNow[0], '\n  B:', dumpNow[1]);
  tally.set(k, t);
};
const MIN = 60_000;
for (const w of noCmdbWorlds(offsets)) {
  const r = runner.run(w.events, []);
  const as = alerts(w);
  for (const e of w.events) if (!evOf.has(e.fingerprint)) evOf.set(e.fingerprint, e);
  const ruleOf = new Map<string, string>();
  for (const g of r.final) for (const m of g.members) ruleOf.set(m.fingerprint, `${m.rule} ${m.evidence.detail ?? ''}`);
  const { groupOf } = groupIndex(r.groups, w.truth);
  const groups = new Map<number, Alert[]>();
  let solo = -1;
  for (const a of as.values()) { if (!(a.fp in w.truth)) continue; const g = groupOf.get(a.fp) ?? solo--; groups.set(g, [...(groups.get(g) ?? []), a]); }
  const gs = [...groups.values()].map((m) => ({ m, open: Math.min(...m.map((a) => a.at)) })).sort((x, y) => x.open - y.open);
  for (let i = 0; i < gs.length; i++) {
    const A = gs[i]!;
    for (let j = i + 1; j < gs.length; j++) {
      const B = gs[j]!;
      const dt = B.open - A.open;
      if (dt > 30 * MIN) break;
      let right = 0;
      const fa = new Map<string, number>();
      for (const a of A.m) if (a.failure) fa.set(a.failure, (fa.get(a.failure) ?? 0) + 1);
      for (const b of B.m) if (b.failure) right += fa.get(b.failure) ?? 0;
      const wrong = A.m.length * B.m.length - right;
      const lead = (m: Alert[]): string | null => { const n = new Map<string | null, number>(); for (const a of m) n.set(a.failure, (n.get(a.failure) ?? 0) + 1); return [...n].sort((p, q) => q[1] - p[1])[0]?.[0] ?? null; };
      const la = lead(A.m), lb = lead(B.m);
      const halves = la !== null && la === lb;
      // evidence between members that started within 5 min of each other
      const ev = new Set<string>();
      const hostKeys = new Set<string>();
      for (const a of A.m) for (const b of B.m) {
        if (Math.abs(a.at - b.at) > 5 * MIN) continue;
        for (const [k, kind] of a.kv) if (b.kv.has(k)) { ev.add(`kv:${kind}`); if (kind === 'host') hostKeys.add(k.split('=')[0] ?? k); }
        for (const n of a.names) if (b.text.includes(n) && !b.names.has(n)) ev.add('names');
        for (const n of b.names) if (a.text.includes(n) && !a.names.has(n)) ev.add('names');
        if (a.tpl === b.tpl) ev.add('tpl');
      }
      const near = A.m.some((a) => B.m.some((b) => Math.abs(a.at - b.at) <= 5 * MIN));
      if (!near) continue;
      const bin = dt <= 10_000 ? '<=10s' : dt <= MIN ? '<=1m' : dt <= 5 * MIN ? '1-5m' : dt <= 15 * MIN ? '5-15m' : '15-30m';
      const evs = ['kv:host', 'kv:work', 'names', 'kv:scope', 'kv:rule', 'tpl', 'kv:other'].filter((e) => ev.has(e));
      const strongest = evs[0] ?? 'none';
      halvesNow = halves;
      const show = (m: Alert[]): string => m.slice(0, 3).map((a) => { const e = evOf.get(a.fp); return `${a.fp} ${a.failure} t=${Math.round((a.at - A.open) / 1000)}s ${e?.title} ${JSON.stringify(e?.labels)} rule=${ruleOf.get(a.fp)}`; }).join('\n     ');
      dumpNow = [show(A.m), show(B.m)];
      const ex = `${w.name} |A|=${A.m.length} |B|=${B.m.length} right ${right} wrong ${wrong} ev ${evs.join(',')} hostkeys ${[...hostKeys].join(',')}`;
      bump(`${w.suite} ${bin.padEnd(6)} ${strongest}`, right, wrong, ex);
      bump(`* ${bin.padEnd(6)} ${strongest}`, right, wrong, ex);
      for (const e of evs) bump(`${w.suite} ${bin.padEnd(6)} any:${e}`, right, wrong, ex);
    }
  }
}
console.log('suite gap    evidence (strongest | any:)   group-pairs (both led by one failure)   right pairs   wrong pairs   right share');
for (const [k, v] of [...tally].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  if (v.right + v.wrong === 0) continue;
  console.log(`${k.padEnd(30)} ${String(v.n).padStart(8)} ${String(v.halves).padStart(6)} ${String(v.right).padStart(12)} ${String(v.wrong).padStart(12)} ${(100 * v.right / (v.right + v.wrong)).toFixed(1).padStart(8)} %`);
  if (examples) for (const e of v.ex) console.log(`      e.g. ${e}`);
}
