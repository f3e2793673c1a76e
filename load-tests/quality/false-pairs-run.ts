/**
 * false-pairs-run: where a grouping's precision goes, over several seed offsets at once. For each
 * scenario (substring filter) and offset it runs the engine and charges every member of a group that is
 * not of the group's majority failure (another failure, or noise) with its pairs against that majority,
 * under the evidence that joined it (false-pairs.ts). Prints the share per kind of join, then the worst
 * pollutions: which failure ended up in which, the gap between their starts, how the two roots relate in
 * the CMDB, and the join of the polluting failure's first alert (the one that let the rest follow).
 * `node load-tests/dist/quality/false-pairs-run.js [scenario substring] [--offsets 2000,3000]
 * [--config '<json>'] [--transform stale] [--top n] [--with-notopo]`
 */
import { engineCmdb } from './bench.js';
import { loadEngine } from './engine.js';
import { attributeFalsePairs } from './false-pairs.js';
import { DEFAULT_SCENARIOS, withSeedOffset } from './scenarios.js';
import { generateShop, type Shop } from './shop.js';
import { generateStorm } from './storm.js';

const args = process.argv.slice(2);
let offsets = [0];
let configInput: unknown = {};
let stale = false;
let top = 20;
let withNoTopology = false;
const pos: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--offsets') offsets = (args[++i] ?? '0').split(',').map(Number);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--transform') stale = args[++i] === 'stale';
  else if (args[i] === '--top') top = Number(args[++i] ?? 20);
  else if (args[i] === '--with-notopo') withNoTopology = true;
  else pos.push(args[i] as string);
}
const [scenarioName = ''] = pos;
const { runner, reason } = await loadEngine(configInput);
if (!runner) {
  console.error(reason);
  process.exit(2);
}

/** how the CMDB relates the two failures' roots: one below the other (hops up), or neither. */
function rootRelation(shop: Shop, minor: string, major: string): string {
  const upHops = (from: string, to: string): number | undefined => {
    let frontier = [from];
    const seen = new Set(frontier);
    for (let h = 1; h <= 6; h++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const r of shop.byId.get(id)?.relations ?? []) {
          if (r.target === to) return h;
          if (!seen.has(r.target)) { seen.add(r.target); next.push(r.target); }
        }
      }
      frontier = next;
    }
    return undefined;
  };
  const down = upHops(minor, major);
  if (down !== undefined) return `its root is ${down} hop(s) below the other's`;
  const up = upHops(major, minor);
  return up !== undefined ? `its root is ${up} hop(s) above the other's` : 'roots unrelated';
}

const byKind = new Map<string, { members: number; pairs: number }>();
const worst: { pairs: number; text: string }[] = [];
let total = 0;
for (const offset of offsets) {
  for (const base of DEFAULT_SCENARIOS.filter((x) => x.name.includes(scenarioName) && (withNoTopology || x.topology))) {
    const s = withSeedOffset(base, offset);
    const shop = generateShop(s.shop);
    const storm = generateStorm(shop, s.storm);
    const groups = runner.run(storm.events, engineCmdb(s, shop, stale)).final;
    const onset = new Map<string, number>();
    for (const e of storm.events) if ((onset.get(e.fingerprint) ?? Infinity) > e.occurredAt) onset.set(e.fingerprint, e.occurredAt);
    const r = attributeFalsePairs(groups, storm.truth, onset);
    total += r.pairs;
    for (const [k, v] of r.byKind) {
      const e = byKind.get(k) ?? { members: 0, pairs: 0 };
      e.members += v.members;
      e.pairs += v.pairs;
      byKind.set(k, e);
    }
    const failure = new Map(storm.failures.map((f) => [f.id, f]));
    const meta = new Map(storm.alerts.map((a) => [a.fingerprint, a]));
    const name = (id: string): string => shop.byId.get(id)?.name ?? id;
    for (const p of r.pollutions) {
      const minor = failure.get(p.failure);
      const major = failure.get(p.majority);
      const dt = minor && major ? Math.round((minor.startAt - major.startAt) / 1000) : 0;
      const gap = minor && major ? `starts ${Math.abs(dt)} s ${dt < 0 ? 'before' : 'after'} it, ${rootRelation(shop, minor.rootCauseCi, major.rootCauseCi)}` : '';
      const a = meta.get(p.first.fingerprint);
      const detail = (p.first.evidence.detail ?? '').replace(/\bci[0-9a-f]{12}\b/g, name).slice(0, 160);
      worst.push({ pairs: p.pairs, text: `${p.pairs} pairs: off ${offset} ${s.name} ${p.failure}:${p.members} in ${p.majority} ${gap}\n    first: ${a?.ciId ? name(a.ciId) : '-'}${a?.unmapped ? '(unmapped)' : ''} ${a?.kind ?? ''} ${p.first.rule}: ${detail}` });
    }
  }
}
console.log(`false pairs charged against the majority: ${total}`);
for (const [k, v] of [...byKind].sort((a, b) => b[1].pairs - a[1].pairs)) {
  console.log(`  ${k.padEnd(52)} ${String(v.members).padStart(5)} members ${String(v.pairs).padStart(7)} pairs ${(total > 0 ? (100 * v.pairs) / total : 0).toFixed(1).padStart(5)} %`);
}
console.log(`\nworst ${top} pollutions (a failure, or noise, inside another's group):`);
for (const w of worst.sort((a, b) => b.pairs - a.pairs).slice(0, top)) console.log(`  ${w.text}`);
