/**
 * join-rarity: for the no-topology scenarios of both suites, every label-evidence join the engine made
 * (same_ci / same_service / shared_label), right (the member is of the group's majority failure) or wrong,
 * by how many alerts carried the joining value (as a label value or a name word) in the hour before —
 * whether IDF-like weighting of a label value would separate the wrong joins from the right ones.
 * `node load-tests/dist/quality/join-rarity.js [--seed-offset n[,n…]] [--config '<json>']`
 */
import type { Event } from '@aiops/model';
import { buildWorld } from '../heldout/bench.js';
import { HELDOUT_SCENARIOS, withSeedOffset as heldoutOffset } from '../heldout/suite.js';
import { loadEngine } from './engine.js';
import { DEFAULT_SCENARIOS, withSeedOffset } from './scenarios.js';
import { generateShop } from './shop.js';
import { generateStorm } from './storm.js';

type Truth = Record<string, { failureId: string } | null>;
const args = process.argv.slice(2);
let offsets = [0];
let configInput: unknown = {};
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed-offset') offsets = (args[++i] ?? '0').split(',').map(Number);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
}
const worlds: Array<{ suite: string; events: readonly Event[]; truth: Truth }> = [];
for (const off of offsets) {
  for (const s of HELDOUT_SCENARIOS.filter((x) => x.cmdb === 'none')) {
    const w = buildWorld(heldoutOffset(s, off));
    worlds.push({ suite: 'heldout', events: w.outage.events, truth: w.outage.truth });
  }
  for (const base of DEFAULT_SCENARIOS.filter((x) => !x.topology)) {
    const s = withSeedOffset(base, off);
    const storm = generateStorm(generateShop(s.shop), s.storm);
    worlds.push({ suite: 'quality', events: storm.events, truth: storm.truth });
  }
}
const { runner, reason } = await loadEngine(configInput);
if (!runner) { console.error(reason); process.exit(2); }
const stat = new Map<string, { right: number; wrong: number }>();
const bucket = (n: number): string => (n <= 3 ? '<=3' : n <= 8 ? '4-8' : n <= 16 ? '9-16' : n <= 32 ? '17-32' : '>32');
for (const w of worlds) {
  const { final } = runner.run(w.events, []);
  const first = new Map<string, Event>();
  for (const e of w.events) if (!first.has(e.fingerprint)) first.set(e.fingerprint, e);
  const onsets = [...first.values()].sort((a, b) => a.occurredAt - b.occurredAt);
  const tokens = onsets.map((e) => new Set(Object.values(e.labels).flatMap((v) => [v.toLowerCase(), ...v.toLowerCase().split(/[^a-z0-9]+/)])));
  const carriers = (value: string, t: number): number => {
    let n = 0;
    for (let i = 0; i < onsets.length; i++) {
      const e = onsets[i]!;
      if (e.occurredAt > t) break;
      if (e.occurredAt > t - 3_600_000 && tokens[i]!.has(value)) n++;
    }
    return n;
  };
  const fid = (fp: string): string => w.truth[fp]?.failureId ?? `noise:${fp}`;
  for (const g of final) {
    const count = new Map<string, number>();
    for (const m of g.members) count.set(fid(m.fingerprint), (count.get(fid(m.fingerprint)) ?? 0) + 1);
    let maj = '';
    let n = 0;
    for (const [f, c] of count) if (c > n) { maj = f; n = c; }
    for (const m of g.members) {
      const d = m.evidence.detail ?? '';
      if (d.startsWith('merged') || d.startsWith('moved')) continue;
      const match = /^(same [a-z ]+?)(?: as [^:]+)?: (.+)$/.exec(d);
      if (!match || !['same_ci', 'same_service', 'shared_label'].includes(m.rule)) continue;
      const kind = match[1]!;
      const value = match[2]!.toLowerCase().split('/').pop()!.trim();
      const e = first.get(m.fingerprint);
      if (!e) continue;
      const c = carriers(value, e.occurredAt);
      const right = fid(m.fingerprint) === maj;
      const key = `${w.suite} | ${m.rule} ${kind} | carriers ${bucket(c)}`;
      let s = stat.get(key);
      if (!s) stat.set(key, (s = { right: 0, wrong: 0 }));
      // pairs with the majority this join made or broke
      if (right) s.right += n - 1;
      else s.wrong += n;
    }
  }
}
for (const [k, s] of [...stat.entries()].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`${k.padEnd(70)} right ${String(s.right).padStart(7)} wrong ${String(s.wrong).padStart(7)} ${((100 * s.right) / (s.right + s.wrong)).toFixed(1)}%`);
