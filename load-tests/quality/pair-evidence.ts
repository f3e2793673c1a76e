/**
 * pair-evidence asks, for the no-topology scenarios, how much a piece of label-only evidence says about two
 * alerts belonging to one failure, before any rule is written for it: over every pair of alerts whose
 * onsets are at most --window-ms apart (default 5 min), per kind of evidence (a shared label key, a shared
 * value that few alerts carried in the last hour, host name structure, onset within 60 s), how many pairs
 * are one failure (and how many of those the engine currently splits), how many are two failures or
 * noise, and the share that is one failure. A kind whose share is not well above the `any` row on both
 * suites is no evidence to join on.
 * `node load-tests/dist/quality/pair-evidence.js [--suite heldout] [--seed-offset n[,n…]] [--config '<json>'] [--window-ms n]`
 */
import type { Event } from '@aiops/model';
import { loadEngine } from './engine.js';
import { DEFAULT_SCENARIOS, withSeedOffset } from './scenarios.js';
import { generateShop } from './shop.js';
import { generateStorm } from './storm.js';

type Truth = Record<string, { failureId: string } | null>;
interface World { name: string; events: readonly Event[]; truth: Truth }

const args = process.argv.slice(2);
let suite = 'default';
let offsets = [0];
let configInput: unknown = {};
let windowMs = 5 * 60_000;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--suite') suite = args[++i] ?? suite;
  else if (args[i] === '--seed-offset') offsets = (args[++i] ?? '0').split(',').map(Number);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--window-ms') windowMs = Number(args[++i] ?? windowMs);
}

async function worlds(): Promise<World[]> {
  const out: World[] = [];
  if (suite === 'heldout') {
    const { buildWorld } = await import('../heldout/bench.js');
    const { HELDOUT_SCENARIOS, withSeedOffset } = await import('../heldout/suite.js');
    for (const off of offsets) {
      for (const s of HELDOUT_SCENARIOS.filter((x) => x.cmdb === 'none')) {
        const w = buildWorld(withSeedOffset(s, off));
        out.push({ name: `${s.name}@${off}`, events: w.outage.events, truth: w.outage.truth });
      }
    }
    return out;
  }
  for (const off of offsets) {
    for (const base of DEFAULT_SCENARIOS.filter((x) => !x.topology)) {
      const s = withSeedOffset(base, off);
      const storm = generateStorm(generateShop(s.shop), s.storm);
      out.push({ name: `${s.name}@${off}`, events: storm.events, truth: storm.truth });
    }
  }
  return out;
}

const HOST_LABELS = ['host', 'hostname', 'node', 'instance', 'device'];
const NOT_EVIDENCE = new Set(['severity', 'env', 'environment']);
const hostOf = (l: Record<string, string>): string => (HOST_LABELS.map((k) => l[k]).find((v) => v !== undefined && v !== '') ?? '').toLowerCase().replace(/:\d+$/, '');
/** stem: the first DNS label without its trailing index (vm-crm-047 -> vm-crm). */
const stemOf = (h: string): string => (h.split('.')[0] ?? '').replace(/[-_]?\d+$/, '');

/** spreadAt: how many alerts carried label=value in the hour up to t (onsets ascending). */
function spreadAt(onsets: readonly number[] | undefined, t: number): number {
  let n = 0;
  for (const x of onsets ?? []) if (x <= t && x > t - 3_600_000) n++;
  return n;
}

/** features: the kinds of evidence a pair (a before b) shares. */
function features(a: Event, b: Event, carriers: Map<string, number[]>): string[] {
  const f = ['any'];
  const within60 = b.occurredAt - a.occurredAt <= 60_000;
  if (within60) f.push('onsets within 60 s');
  let rarest = Infinity;
  for (const [k, v] of Object.entries(a.labels)) {
    if (NOT_EVIDENCE.has(k) || b.labels[k] !== v) continue;
    f.push(`same label ${k}`);
    rarest = Math.min(rarest, spreadAt(carriers.get(`${k}=${v}`), b.occurredAt));
  }
  if (rarest <= 5) f.push('a shared value <= 5 alerts carried (1 h)');
  else if (rarest <= 16) f.push('a shared value 6-16 alerts carried');
  else if (rarest < Infinity) f.push('shared values > 16 alerts carried only');
  if (a.labels['alertname'] !== undefined && a.labels['alertname'] === b.labels['alertname'] && within60) f.push('same alertname within 60 s');
  const ha = hostOf(a.labels);
  const hb = hostOf(b.labels);
  if (ha !== '' && hb !== '' && ha !== hb) {
    const da = ha.split('.').slice(1).join('.');
    if (da !== '' && da === hb.split('.').slice(1).join('.')) f.push('same host domain suffix');
    if (stemOf(ha) === stemOf(hb)) f.push('same host name stem');
  }
  return f;
}

const { runner, reason } = await loadEngine(configInput);
if (!runner) {
  console.error(`engine not available: ${reason}`);
  process.exit(2);
}
const stat = new Map<string, { same: number; split: number; other: number; noise: number }>();
for (const w of await worlds()) {
  const { groups } = runner.run(w.events, []);
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => g.members.forEach((fp) => { if (!groupOf.has(fp)) groupOf.set(fp, i); }));
  const first = new Map<string, Event>();
  for (const e of w.events) if (!first.has(e.fingerprint)) first.set(e.fingerprint, e);
  const alerts = [...first.values()].sort((x, y) => x.occurredAt - y.occurredAt);
  const carriers = new Map<string, number[]>();
  for (const e of alerts) for (const [k, v] of Object.entries(e.labels)) {
    const kv = `${k}=${v}`;
    const xs = carriers.get(kv);
    if (xs) xs.push(e.occurredAt);
    else carriers.set(kv, [e.occurredAt]);
  }
  for (let i = 0; i < alerts.length; i++) {
    const a = alerts[i] as Event;
    for (let j = i + 1; j < alerts.length && (alerts[j] as Event).occurredAt - a.occurredAt <= windowMs; j++) {
      const b = alerts[j] as Event;
      const ta = w.truth[a.fingerprint];
      const tb = w.truth[b.fingerprint];
      const kind = ta && tb && ta.failureId === tb.failureId ? (groupOf.get(a.fingerprint) === groupOf.get(b.fingerprint) ? 'same' : 'split') : ta && tb ? 'other' : 'noise';
      for (const f of features(a, b, carriers)) {
        let s = stat.get(f);
        if (!s) stat.set(f, (s = { same: 0, split: 0, other: 0, noise: 0 }));
        s[kind === 'split' ? 'split' : kind]++;
        if (kind === 'split') s.same++;
      }
    }
  }
}
console.log(`no-topology ${suite === 'heldout' ? 'held-out' : 'bench:quality'} scenarios, seed offsets ${offsets.join(', ')}: pairs of alerts at most ${windowMs / 1000} s apart`);
console.log(`${'evidence'.padEnd(42)} ${'one failure'.padStart(11)} ${'(split)'.padStart(8)} ${'two failures'.padStart(12)} ${'noise'.padStart(7)} ${'share'.padStart(6)}`);
for (const [f, s] of [...stat.entries()].sort((x, y) => y[1].same - x[1].same)) {
  const share = (100 * s.same) / (s.same + s.other + s.noise);
  console.log(`${f.padEnd(42)} ${String(s.same).padStart(11)} ${String(s.split).padStart(8)} ${String(s.other).padStart(12)} ${String(s.noise).padStart(7)} ${share.toFixed(1).padStart(5)}%`);
}
