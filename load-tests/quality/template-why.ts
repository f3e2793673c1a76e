/**
 * template-why asks whether the title template (engine template.ts maskTemplate) tells one failure's alerts
 * from others', with names masked by parts (the engine's mask) and whole (NAME below, a candidate mask the engine
 * does not apply, measured 2026-12-07 and left out: it joins one check's alerts across devices of different naming
 * schemes but also concurrent failures the names' words kept apart): over the no-topology
 * scenarios of all four suites, pairs of alerts (first event of each fingerprint) that start within 5 min
 * of each other and share a template, per mask, counted as one failure's or two (or noise): the one-failure
 * share is the template's precision as evidence, the one-failure pairs found its reach.
 * `node load-tests/dist/quality/template-why.js [--seed-offset n[,n…]] [--examples]`
 */
import { maskTemplate } from '@aiops/correlate';
import type { Event } from '@aiops/model';
import { noCmdbWorlds } from './nocmdb-worlds.js';


const args = process.argv.slice(2);
let offsets = [0];
let examples = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed-offset') offsets = (args[++i] ?? '0').split(',').map(Number);
  else if (args[i] === '--examples') examples = true;
}



const WINDOW = 5 * 60_000;
// a name joined by '-' or '.' with a letter in it and ending in a digit ("sw-acc-13-01", "dc2-core-01"), masked whole
const NAME = /(?<![\w.-])(?=[a-z0-9.-]*[a-z])[a-z0-9]+(?:[.-][a-z0-9]+)*[.-][a-z0-9]*\d(?![\w-]|\.\w)/gi;
type Tally = { same: number; diff: number; ex: string[] };
const tally = new Map<string, Tally>();
const bump = (k: string, same: boolean, ex: string): void => {
  const t = tally.get(k) ?? { same: 0, diff: 0, ex: [] };
  if (same) t.same++;
  else { t.diff++; if (t.ex.length < 4) t.ex.push(ex); }
  tally.set(k, t);
};
for (const w of noCmdbWorlds(offsets)) {
  const first = new Map<string, Event>();
  for (const e of w.events) if (!first.has(e.fingerprint) && e.fingerprint in w.truth) first.set(e.fingerprint, e);
  const as = [...first.values()].sort((x, y) => x.occurredAt - y.occurredAt);
  const parts = as.map((e) => maskTemplate(e.title));
  const whole = as.map((e) => maskTemplate(e.title.replace(NAME, '<name>')));
  for (let i = 0; i < as.length; i++) {
    const a = as[i] as Event;
    for (let j = i + 1; j < as.length; j++) {
      const b = as[j] as Event;
      if (b.occurredAt - a.occurredAt > WINDOW) break;
      const fa = w.truth[a.fingerprint]?.failureId ?? null;
      const same = fa !== null && fa === (w.truth[b.fingerprint]?.failureId ?? null);
      const ex = `${w.name}: ${a.title.slice(0, 60)} | ${b.title.slice(0, 60)}`;
      const p = parts[i] === parts[j];
      const q = whole[i] === whole[j];
      if (p) bump(`${w.suite} parts`, same, ex);
      if (q) bump(`${w.suite} whole`, same, ex);
      if (q && !p) bump(`${w.suite} whole-only`, same, ex);
      if (same) bump(`${w.suite} one-failure pairs`, true, ex);
    }
  }
}
console.log('suite mask         one-failure pairs   two-failure pairs   one-failure share');
for (const [k, v] of [...tally].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
  console.log(`${k.padEnd(22)} ${String(v.same).padStart(10)} ${String(v.diff).padStart(19)} ${(100 * v.same / (v.same + v.diff)).toFixed(1).padStart(17)} %`);
  if (examples && k.endsWith('whole-only')) for (const e of v.ex) console.log(`      e.g. two failures: ${e}`);
}
