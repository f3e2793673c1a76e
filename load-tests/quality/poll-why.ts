/**
 * poll-why asks, for the no-topology scenarios of all four suites, whether alerts of the same check (the
 * engine's same-poll.ts sameCheck: one sender, the same label keys, only the subject label differing, the
 * same title template with the subject taken out) that start within a few seconds of each other are one
 * failure, and where the engine puts them: per suite and onset gap (0 s, ≤1 s, ≤3 s, ≤10 s) it counts the
 * pairs of one failure and of two (or noise), the one-failure pairs the engine leaves in two groups and the
 * two-failure pairs it puts in one. `node load-tests/dist/quality/poll-why.js [--seed-offset n[,n…]] [--config '<json>'] [--examples]`
 * (--examples prints a few one-failure pairs left apart per row).
 */
import { sameCheck } from '@aiops/correlate';
import type { Event } from '@aiops/model';
import { loadEngine } from './engine.js';
import { groupIndex } from './scorer.js';
import { noCmdbWorlds } from './nocmdb-worlds.js';


const args = process.argv.slice(2);
let offsets = [0];
let configInput: unknown = {};
let examples = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed-offset') offsets = (args[++i] ?? '0').split(',').map(Number);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--examples') examples = true;
}


const { runner, reason } = await loadEngine(configInput);
if (!runner) { console.error(reason); process.exit(2); }
const tally = new Map<string, { same: number; diff: number; sameApart: number; diffTogether: number; ex: string[] }>();
const bump = (k: string, same: boolean, apart: boolean, ex: string): void => {
  const t = tally.get(k) ?? { same: 0, diff: 0, sameApart: 0, diffTogether: 0, ex: [] };
  if (same) t.same++; else t.diff++;
  if (same && apart) { t.sameApart++; if (t.ex.length < 4) t.ex.push(ex); }
  if (!same && !apart) t.diffTogether++;
  tally.set(k, t);
};
for (const w of noCmdbWorlds(offsets)) {
  const r = runner.run(w.events, []);
  const { groupOf } = groupIndex(r.groups, w.truth);
  const first = new Map<string, Event>();
  for (const e of w.events) if (!first.has(e.fingerprint) && e.fingerprint in w.truth) first.set(e.fingerprint, e);
  const as = [...first.values()].sort((x, y) => x.occurredAt - y.occurredAt);
  for (let i = 0; i < as.length; i++) {
    const a = as[i] as Event;
    for (let j = i + 1; j < as.length; j++) {
      const b = as[j] as Event;
      const dt = b.occurredAt - a.occurredAt;
      if (dt > 10_000) break;
      if (!sameCheck(a, b)) continue;
      const fa = w.truth[a.fingerprint]?.failureId ?? null;
      const same = fa !== null && fa === (w.truth[b.fingerprint]?.failureId ?? null);
      const ga = groupOf.get(a.fingerprint);
      const apart = ga === undefined || ga !== groupOf.get(b.fingerprint);
      const bin = dt === 0 ? '0s' : dt <= 1000 ? '<=1s' : dt <= 3000 ? '<=3s' : '<=10s';
      const ex = `${w.name} ${fa}: ${a.title.slice(0, 70)} | ${b.title.slice(0, 70)}`;
      bump(`${w.suite} ${bin}`, same, apart, ex);
      bump(`* ${bin}`, same, apart, ex);
    }
  }
}
console.log('suite gap      one-failure pairs   two-failure pairs   one-failure share   one-failure apart   two-failure together');
for (const [k, v] of [...tally].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
  console.log(`${k.padEnd(10)} ${String(v.same).padStart(18)} ${String(v.diff).padStart(19)} ${(100 * v.same / (v.same + v.diff)).toFixed(1).padStart(17)} % ${String(v.sameApart).padStart(19)} ${String(v.diffTogether).padStart(22)}`);
  if (examples) for (const e of v.ex) console.log(`      e.g. ${e}`);
}
