/**
 * explain shows how the engine placed the alerts of fresh-suite failures. `node load-tests/dist/fresh/explain.js
 * <scenario substring> [failure id substring] [--seed-offset n] [--config '<json>']` lists each failure's
 * alerts in arrival order (source, title, the CI the alert is about, the CI the engine matched, the group
 * and its join rule) and, per group, what else is in it. `--summary` prints one line per failure instead.
 */
import { loadEngine } from '../quality/engine.js';
import type { GroupMember } from '@aiops/model';
import { buildWorld } from './bench.js';
import { FRESH_SCENARIOS, withSeedOffset } from './suite.js';

const args = process.argv.slice(2);
let seedOffset = 0;
let configInput: unknown = {};
let summary = false;
const pos: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed-offset') seedOffset = Number(args[++i] ?? 0);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--summary') summary = true;
  else pos.push(args[i] as string);
}
const [scenarioName = '', failureFilter = ''] = pos;
const s = FRESH_SCENARIOS.find((x) => x.name.includes(scenarioName));
if (!s) throw new Error(`no scenario matches ${scenarioName}`);
const w = buildWorld(withSeedOffset(s, seedOffset));
const { runner, reason } = await loadEngine(configInput);
if (!runner) throw new Error(reason);
const r = runner.run(w.storm.events, w.cmdb);
const truth = w.storm.truth;
const where = new Map<string, { g: number; m: GroupMember }>();
r.final.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1)).forEach((g, i) => { for (const m of g.members) if (!where.has(m.fingerprint)) where.set(m.fingerprint, { g: i, m }); });
const handle = (id: string | null | undefined): string => (id ? w.estate.byId.get(id)?.handle ?? id : '-');
const firstSeen = new Map<string, { at: number; title: string; source: string }>();
for (const e of w.storm.events) if (!firstSeen.has(e.fingerprint)) firstSeen.set(e.fingerprint, { at: e.receivedAt, title: e.title, source: e.source });
const label = (fp: string): string => { const t = truth[fp]; return t ? t.failureId : 'noise'; };
const t0 = w.storm.events[0]?.receivedAt ?? 0;
const mins = (at: number): string => `${((at - t0) / 60_000).toFixed(1).padStart(6)}m`;

console.log(`${s.name} (seed offset ${seedOffset}): ${Object.keys(truth).length} alerts, ${w.storm.failures.length} failures`);
for (const f of w.storm.failures) {
  if (failureFilter && !f.id.includes(failureFilter)) continue;
  const fps = Object.keys(truth).filter((fp) => truth[fp]?.failureId === f.id).sort((a, b) => (firstSeen.get(a)?.at ?? 0) - (firstSeen.get(b)?.at ?? 0));
  if (fps.length === 0) continue;
  const groups = new Set(fps.map((fp) => where.get(fp)?.g ?? `solo:${fp}`));
  const root = r.final[[...fps.map((fp) => where.get(fp)?.g ?? -1)].find((g) => g >= 0) ?? -1]?.rootCause?.ciId;
  console.log(`\n${f.id} ${f.kind} root ${f.rootName} at ${mins(f.at)}: ${fps.length} alerts in ${groups.size} groups (first group's root: ${handle(root)})`);
  if (summary) continue;
  for (const fp of fps) {
    const p = where.get(fp);
    const fs = firstSeen.get(fp);
    console.log(`  ${mins(fs?.at ?? 0)} ${(fs?.source ?? '').padEnd(12)} ${(fs?.title ?? '').slice(0, 60).padEnd(60)} about ${handle(w.storm.ciOf.get(fp)).padEnd(22)} matched ${handle(p?.m.ciId).padEnd(22)} g${p?.g ?? '-'} ${p?.m.rule ?? ''}`);
  }
  for (const g of [...groups].filter((x): x is number => typeof x === 'number')) {
    const members = r.final[g]?.members ?? [];
    const mix = new Map<string, number>();
    for (const m of members) mix.set(label(m.fingerprint), (mix.get(label(m.fingerprint)) ?? 0) + 1);
    console.log(`    g${g}: ${members.length} members (${[...mix].map(([k, n]) => `${k} ${n}`).join(', ')}), root ${handle(r.final[g]?.rootCause?.ciId)}`);
  }
}
