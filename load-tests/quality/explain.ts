/**
 * explain prints, for one scenario, every true failure's alerts with their onset, CI, the group they
 * ended up in and the rule that put them there: the tool for finding out WHY a failure was split or a
 * group polluted. `node load-tests/dist/quality/explain.js <scenario substring> [failure id substring]
 * [--seed-offset n] [--config '<json>'] [--transform stale]` (stale: the engine gets the drifted CMDB
 * bench:quality --transform stale gives it).
 */
import type { CorrelationGroup } from '@aiops/model';
import { engineCmdb } from './bench.js';
import { loadEngine } from './engine.js';
import { DEFAULT_SCENARIOS, withSeedOffset } from './scenarios.js';
import { generateShop } from './shop.js';
import { generateStorm } from './storm.js';

const args = process.argv.slice(2);
let seedOffset = 0;
let configInput: unknown = {};
let stale = false;
const pos: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed-offset') seedOffset = Number(args[++i] ?? 0);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--transform') stale = args[++i] === 'stale';
  else pos.push(args[i] as string);
}
const [scenarioName = '', failureFilter = ''] = pos;
const base = DEFAULT_SCENARIOS.find((s) => s.name.includes(scenarioName));
if (!base) {
  console.error(`no scenario matches "${scenarioName}"; scenarios: ${DEFAULT_SCENARIOS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const s = withSeedOffset(base, seedOffset);
const shop = generateShop(s.shop);
const storm = generateStorm(shop, s.storm);
const { runner, reason } = await loadEngine(configInput);
if (!runner) {
  console.error(reason);
  process.exit(2);
}
const groups = runner.run(storm.events, engineCmdb(s, shop, stale)).final;
const where = new Map<string, { g: CorrelationGroup; rule: string; detail: string }>();
for (const g of groups) for (const m of g.members) where.set(m.fingerprint, { g, rule: m.rule, detail: m.evidence.detail ?? '' });
const gName = new Map<string, string>();
const label = (g: CorrelationGroup): string => {
  let n = gName.get(g.id);
  if (!n) gName.set(g.id, (n = `G${gName.size + 1}`));
  return n;
};
const ciName = (id: string | null | undefined): string => (id ? shop.byId.get(id)?.name ?? id : '-');
const meta = new Map(storm.alerts.map((a) => [a.fingerprint, a]));
const onset = new Map<string, number>();
for (const e of storm.events) if (!onset.has(e.fingerprint) || e.occurredAt < (onset.get(e.fingerprint) as number)) onset.set(e.fingerprint, e.occurredAt);
const t0 = Math.min(...storm.failures.map((f) => f.startAt));
const mmss = (t: number): string => `${t < t0 ? '-' : ''}${String(Math.floor(Math.abs(t - t0) / 60_000)).padStart(2, '0')}:${String(Math.floor((Math.abs(t - t0) % 60_000) / 1000)).padStart(2, '0')}`;

for (const f of storm.failures) {
  if (failureFilter !== '' && !f.id.includes(failureFilter)) continue;
  const fps = Object.entries(storm.truth).filter(([, t]) => t?.failureId === f.id).map(([fp]) => fp);
  if (fps.length === 0) continue;
  fps.sort((a, b) => (onset.get(a) ?? 0) - (onset.get(b) ?? 0));
  console.log(`\n${f.id} root ${f.rootCauseName} (${f.rootCauseType}) ${mmss(f.startAt)}–${mmss(f.endAt)}, ${fps.length} alerts`);
  for (const fp of fps) {
    const m = meta.get(fp);
    const w = where.get(fp);
    const g = w?.g;
    console.log(`  ${mmss(onset.get(fp) ?? 0)} ${(ciName(m?.ciId) + (m?.unmapped ? '(unmapped)' : '')).padEnd(28)} ${String(m?.kind).padEnd(20)} ${g ? `${label(g)}[${g.members.length}] root=${ciName(g.rootCause?.ciId)}` : 'no group'} ${w ? `${w.rule}: ${w.detail}` : ''}`.slice(0, Number(process.env.EXPLAIN_WIDTH ?? 220)));
  }
}
// what else is in the groups that hold these failures' alerts
console.log('\ngroups (members by failure):');
for (const g of groups) {
  const n = gName.get(g.id);
  if (!n) continue;
  const by = new Map<string, number>();
  for (const m of g.members) {
    const t = storm.truth[m.fingerprint];
    const k = t ? t.failureId : 'noise';
    by.set(k, (by.get(k) ?? 0) + 1);
  }
  console.log(`  ${n} root=${ciName(g.rootCause?.ciId)} ${[...by].map(([k, v]) => `${k}:${v}`).join(' ')}`);
}
