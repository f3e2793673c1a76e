/**
 * explain shows why the engine split or polluted held-out failures. `node load-tests/dist/heldout/explain.js
 * <scenario substring> [failure id substring] [--seed-offset n] [--config '<json>']` lists each failure's
 * alerts in onset order (sender, emitting asset, the CI the engine matched, the group and the join rule);
 * `--patterns [scenario substring]` counts, over the scenarios, where alerts went wrong: unmatched CIs per
 * sender, what split failures apart, which rules pulled foreign alerts in, what the missed roots were.
 */
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig, createCorrelationEngine } from '@aiops/correlate';
import type { CorrelationGroup, GroupMember } from '@aiops/model';
import { buildWorld, type HeldoutWorld } from './bench.js';
import { HELDOUT_SCENARIOS, withSeedOffset } from './suite.js';

const args = process.argv.slice(2);
let seedOffset = 0;
let configInput: unknown = {};
let patterns = false;
const pos: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed-offset') seedOffset = Number(args[++i] ?? 0);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--patterns') patterns = true;
  else pos.push(args[i] as string);
}
const [scenarioName = '', failureFilter = ''] = pos;

function run(w: HeldoutWorld): CorrelationGroup[] {
  const engine = createCorrelationEngine(correlateConfig.parse(configInput), { cmdb: createCmdbGraph(w.cmdb) });
  const latest = new Map<string, CorrelationGroup>();
  const collect = (o: { groups: readonly CorrelationGroup[] }): void => {
    for (const g of o.groups) if ((latest.get(g.id)?.version ?? -1) <= g.version) latest.set(g.id, g);
  };
  let last = 0;
  const ev = w.outage.events;
  for (let i = 0; i < ev.length; i += 500) {
    const batch = ev.slice(i, i + 500);
    collect(engine.process(batch));
    last = Math.max(last, batch[batch.length - 1]?.receivedAt ?? 0);
    collect(engine.advance(last));
  }
  collect(engine.flush());
  collect(engine.advance(last + 6 * 3_600_000));
  // same order as the scorer sees them (engine.ts toPredicted): newest first
  return [...latest.values()].filter((g) => g.closeReason !== 'merged').sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
}

interface Placed { g: CorrelationGroup; m: GroupMember }
function placements(groups: readonly CorrelationGroup[]): Map<string, Placed> {
  const where = new Map<string, Placed>();
  for (const g of groups) for (const m of g.members) if (!where.has(m.fingerprint)) where.set(m.fingerprint, { g, m });
  return where;
}

const bump = (m: Map<string, number>, k: string, n = 1): void => { m.set(k, (m.get(k) ?? 0) + n); };
const top = (m: Map<string, number>, n = 8): string => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${v}`).join('; ');

if (patterns) {
  const unmatched = new Map<string, number>(), perSender = new Map<string, number>(), unmatchedRole = new Map<string, number>();
  const splitWhy = new Map<string, number>(), pollutedBy = new Map<string, number>(), rootMiss = new Map<string, number>();
  const examples = new Map<string, string[]>();
  const example = (k: string, s: string): void => { const l = examples.get(k) ?? []; if (l.length < 3) l.push(s); examples.set(k, l); };
  let failureAlerts = 0;
  for (const base of HELDOUT_SCENARIOS.filter((s) => s.name.includes(scenarioName))) {
    const s = withSeedOffset(base, seedOffset);
    const w = buildWorld(s);
    const groups = run(w);
    const where = placements(groups);
    const meta = new Map(w.outage.alerts.map((a) => [a.fingerprint, a]));
    const onset = new Map<string, number>();
    for (const e of w.outage.events) if (!onset.has(e.fingerprint)) onset.set(e.fingerprint, e.occurredAt);
    const topo = s.cmdb !== 'none';
    if (topo) {
      for (const a of w.outage.alerts) {
        bump(perSender, a.sender);
        if ((where.get(a.fingerprint)?.m.ciId ?? null) === null) {
          bump(unmatched, a.sender);
          bump(unmatchedRole, `${a.sender} on ${w.estate.byId.get(a.ciId)?.type ?? '?'}${w.view.known.has(a.ciId) ? '' : ' (not in CMDB)'}`);
        }
      }
    }
    for (const f of w.outage.failures) {
      const fps = w.outage.alerts.filter((a) => a.failureId === f.id).map((a) => a.fingerprint);
      if (fps.length === 0) continue;
      failureAlerts += fps.length;
      const count = new Map<CorrelationGroup, number>();
      for (const fp of fps) { const p = where.get(fp); if (p) count.set(p.g, (count.get(p.g) ?? 0) + 1); }
      const best = [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
      for (const fp of fps) {
        const p = where.get(fp);
        if (!best || p?.g === best) continue;
        const a = meta.get(fp);
        const alone = (p?.g.members.length ?? 1) === 1;
        const late = a && (onset.get(fp) ?? 0) - f.startAt > 5 * 60_000 ? ', onset > 5 min after the root' : '';
        const key = `${topo ? 'topo' : 'notopo'} ${a?.sender} ${p?.m.ciId ? 'matched' : 'unmatched'} ${alone ? 'singleton' : `in other group via ${p?.m.rule}`}${late}`;
        bump(splitWhy, key);
        example(key, `${s.name} ${f.id} (root ${f.rootCauseName}): ${a?.title.slice(0, 100)}`);
      }
      if (best) {
        for (const m of best.members) {
          const t = w.outage.truth[m.fingerprint];
          if (t?.failureId === f.id || t === undefined) continue;
          const a = meta.get(m.fingerprint);
          const reporter = a && a.ciId !== a.subjectId ? `, raised by ${w.estate.byId.get(a.ciId)?.role} about another asset` : '';
          const other = t === null ? undefined : w.outage.failures.find((x) => x.id === t.failureId);
          const apart = other && Math.abs(other.startAt - f.startAt) > 10 * 60_000 ? ', started > 10 min apart' : other ? ', started within 10 min' : '';
          const key = `${topo ? 'topo' : 'notopo'} ${t === null ? 'noise' : 'other failure'} via ${m.rule}${m.evidence.detail ? ` (${m.evidence.detail.split(/[ :]/)[0]})` : ''}${reporter}${apart}`;
          bump(pollutedBy, key);
          example(key, `${s.name} ${f.id} (root ${f.rootCauseName}) took: ${m.title.slice(0, 100)}`);
        }
        const named = best.rootCause?.ciId ?? null;
        const hit = named !== null && (named === f.rootCauseCi || (w.view.names[f.rootCauseCi] ?? []).includes(named.toLowerCase()));
        if (!hit) {
          const rootAlerted = w.outage.alerts.some((a) => a.failureId === f.id && a.ciId === f.rootCauseCi);
          const namedAsset = named ? w.estate.byId.get(named) : undefined;
          const dependents = new Set((w.estate.dependents.get(f.rootCauseCi) ?? []).map((d) => d.id));
          const kind = named === null ? 'no root named' : namedAsset && dependents.has(namedAsset.id) ? 'a direct dependent named' : namedAsset ? `another asset named (${namedAsset.role})` : 'a non-asset named';
          const key = `${topo ? 'topo' : 'notopo'} ${f.rootRole} root, ${rootAlerted ? 'root alerted' : 'root silent'}: ${kind}`;
          bump(rootMiss, key);
          example(key, `${s.name} ${f.id} root ${f.rootCauseName} -> ${namedAsset?.handle ?? named ?? '-'}`);
        }
      }
    }
  }
  console.log(`failure alerts: ${failureAlerts}`);
  console.log('\nunmatched CI (topology scenarios), per sender: ' + [...perSender].map(([k, v]) => `${k} ${unmatched.get(k) ?? 0}/${v}`).join('; '));
  console.log('  by sender and CI type: ' + top(unmatchedRole, 10));
  for (const [title, m] of [['alerts outside their failure\'s main group', splitWhy], ['foreign alerts in a failure\'s main group', pollutedBy], ['root causes missed', rootMiss]] as const) {
    console.log(`\n${title}:`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
      console.log(`  ${String(v).padStart(4)}  ${k}`);
      for (const e of examples.get(k) ?? []) console.log(`          e.g. ${e}`);
    }
  }
} else {
  const base = HELDOUT_SCENARIOS.find((s) => s.name.includes(scenarioName));
  if (!base) {
    console.error(`no scenario matches "${scenarioName}"; scenarios: ${HELDOUT_SCENARIOS.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  const w = buildWorld(withSeedOffset(base, seedOffset));
  const groups = run(w);
  const where = placements(groups);
  const gName = new Map<string, string>();
  const label = (g: CorrelationGroup): string => { let n = gName.get(g.id); if (!n) gName.set(g.id, (n = `G${gName.size + 1}`)); return n; };
  const name = (id: string | null | undefined): string => (id ? w.estate.byId.get(id)?.handle ?? id : '-');
  const onset = new Map<string, number>();
  for (const e of w.outage.events) if (!onset.has(e.fingerprint) || e.occurredAt < (onset.get(e.fingerprint) as number)) onset.set(e.fingerprint, e.occurredAt);
  const t0 = Math.min(...w.outage.failures.map((f) => f.startAt));
  const mmss = (t: number): string => `${t < t0 ? '-' : ''}${String(Math.floor(Math.abs(t - t0) / 60_000)).padStart(2, '0')}:${String(Math.floor((Math.abs(t - t0) % 60_000) / 1000)).padStart(2, '0')}`;
  for (const f of w.outage.failures) {
    if (failureFilter !== '' && !f.id.includes(failureFilter)) continue;
    const as = w.outage.alerts.filter((a) => a.failureId === f.id).sort((a, b) => (onset.get(a.fingerprint) ?? 0) - (onset.get(b.fingerprint) ?? 0));
    if (as.length === 0) continue;
    console.log(`\n${f.id} root ${f.rootCauseName} (${f.rootRole}) ${mmss(f.startAt)}–${mmss(f.endAt)}, reached ${f.reached}, ${as.length} alerts`);
    for (const a of as) {
      const p = where.get(a.fingerprint);
      console.log(`  ${mmss(onset.get(a.fingerprint) ?? 0)} ${a.sender.padEnd(10)} ${name(a.ciId).padEnd(26)} ci=${name(p?.m.ciId).padEnd(22)} ${p ? `${label(p.g)}[${p.g.members.length}] root=${name(p.g.rootCause?.ciId)} ${p.m.rule}: ${p.m.evidence.detail ?? ''}` : 'no group'} | ${a.title}`.slice(0, 260));
    }
  }
  console.log('\ngroups (members by failure):');
  for (const g of groups) {
    const n = gName.get(g.id);
    if (!n) continue;
    const by = new Map<string, number>();
    for (const m of g.members) bump(by, w.outage.truth[m.fingerprint]?.failureId ?? 'noise');
    console.log(`  ${n} root=${name(g.rootCause?.ciId)} ${[...by].map(([k, v]) => `${k}:${v}`).join(' ')}`);
  }
}
