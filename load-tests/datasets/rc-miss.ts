/**
 * rc-miss: sorts every root-cause miss of the datasets suite by where it went wrong (after a build:
 * `node load-tests/dist/datasets/rc-miss.js [--seed-offset N] [--config '<json>'] [--scenario s] [--list]`).
 *
 * The scorer's rule (the group holding most of the incident's alerts names the root, see
 * ../quality/scorer.ts) decides a miss; this tool says why:
 * - no-root: the file kept no root row for the incident (the suite counts it as a miss);
 * - reader: the truth's root is not what the file says (the root column names another entity than the
 *   reader resolved, or no alert of the file carries it);
 * - grouping: the root's alerts are not in that group, or its named root is another incident's (a mix);
 * - ranking: the root (its CI or a part of it) alerts in that group but another CI leads, or the root is
 *   silent and not inferred;
 * - naming: the leader is the root under another name: a part of it (pod of the labelled service) or
 *   the whole it is part of, or the same name in another case.
 * --list prints one line per miss (truth root, named, the group's top candidates).
 */
import '../quality/quiet-env.js';
import type { ConfigurationItem, CorrelationGroup } from '@aiops/model';
import { loadEngine } from '../quality/engine.js';
import { readBack } from './bench.js';
import { DATASET_SCENARIOS, withSeedOffset } from './suite.js';

type Cls = 'no-root' | 'reader' | 'grouping' | 'ranking' | 'naming' | 'hit';

const args = process.argv.slice(2);
const filters: string[] = [];
let seedOffset = 0;
let configInput: unknown = {};
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--scenario') filters.push(args[++i] ?? '');
  else if (args[i] === '--seed-offset') seedOffset = Number(args[++i] ?? 0);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
}
const list = args.includes('--list');
const { runner, reason } = await loadEngine(configInput);
if (!runner) throw new Error(reason);

const order = (gs: readonly CorrelationGroup[]): CorrelationGroup[] => [...gs].sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
const totals = new Map<Cls, number>();
console.log(`root-cause misses by cause, seed offset ${seedOffset}`);
console.log(`${'scenario'.padEnd(24)} ${'known'.padStart(5)} ${'hit'.padStart(4)} ${'no-root'.padStart(7)} ${'reader'.padStart(6)} ${'grouping'.padStart(8)} ${'ranking'.padStart(7)} ${'naming'.padStart(6)}`);
for (const s0 of DATASET_SCENARIOS) {
  if (filters.length > 0 && !filters.some((f) => s0.name.includes(f))) continue;
  const s = withSeedOffset(s0, seedOffset);
  const rb = readBack(s);
  const r = runner.run(rb.events, rb.cis);
  const groups = order(r.final);
  const byId = new Map<string, ConfigurationItem>(rb.cis.map((c) => [c.id, c]));
  const lc = (x: string | null | undefined): string => (x ?? '').toLowerCase();
  /** an alert's entity: its CI with a CMDB, else the names the engine names roots by (host, service, pod) */
  const ev = new Map(rb.events.map((e) => [e.fingerprint, e]));
  const namesOf = (fp: string, ci: string | null): string[] => {
    const e = ev.get(fp);
    const out = ci ? [ci] : [];
    if (e) for (const v of [e.resource.host, e.resource.service, e.labels.pod, e.labels.service, e.labels.host, e.labels.node]) if (v) out.push(v);
    return out.map(lc);
  };
  const partOf = (a: string, b: string): boolean => (byId.get(a)?.relations ?? []).some((x) => lc(x.target) === lc(b) && x.type === 'part_of');
  /** same: the name itself; part: a part of it or the whole it is part of */
  const rel = (name: string, want: string): 'same' | 'part' | null => {
    if (lc(name) === lc(want)) return 'same';
    const a = [...byId.keys()].find((k) => lc(k) === lc(name));
    const b = [...byId.keys()].find((k) => lc(k) === lc(want));
    if (a && b && (partOf(a, b) || partOf(b, a))) return 'part';
    if (!a && !b && rb.cis.length === 0 && (lc(name).startsWith(`${lc(want)}-`) || lc(want).startsWith(`${lc(name)}-`))) return 'part';
    return null;
  };
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => { for (const m of g.members) if (!groupOf.has(m.fingerprint)) groupOf.set(m.fingerprint, i); });
  const ciOf = new Map<string, string | null>();
  for (const g of groups) for (const m of g.members) if (!ciOf.has(m.fingerprint)) ciOf.set(m.fingerprint, m.ciId);
  const counts = new Map<Cls, number>();
  let known = 0;
  const fileRoot = new Map(rb.file.failures.map((f) => [f.id, f]));
  const perFailure = new Map<string, string[]>();
  for (const [fp, t] of Object.entries(rb.truth)) if (t) (perFailure.get(t.failureId) ?? perFailure.set(t.failureId, []).get(t.failureId))?.push(fp);
  for (const [fid, fps] of perFailure) {
    const want = rb.truth[fps[0] as string]?.rootCauseCi ?? '';
    const counts0: Map<number, number> = new Map();
    for (const fp of fps) { const g = groupOf.get(fp) ?? -1; counts0.set(g, (counts0.get(g) ?? 0) + 1); }
    let best = -1, bestN = 0;
    for (const [g, n] of counts0) if (g >= 0 && (n > bestN || (n === bestN && g < best))) { best = g; bestN = n; }
    const grp = best >= 0 ? groups[best] : undefined;
    const named = grp?.rootCause?.ciId ?? null;
    const f = fileRoot.get(fid);
    let cls: Cls;
    let note = '';
    if (want === '') cls = 'no-root';
    else if (named !== null && rel(named, want) === 'same') cls = 'hit';
    else {
      known++;
      // reader: the file's root (as the generator wrote it) resolves to another entity than the truth's,
      // or no alert of the whole file carries the truth's root
      const fileSays = f?.rootName ?? '';
      const anyCarries = rb.events.some((e) => namesOf(e.fingerprint, ciOf.get(e.fingerprint) ?? null).some((n) => rel(n, want) !== null));
      const rootFps = fps.filter((fp) => namesOf(fp, ciOf.get(fp) ?? null).some((n) => rel(n, want) === 'same'));
      const partFps = fps.filter((fp) => namesOf(fp, ciOf.get(fp) ?? null).some((n) => rel(n, want) !== null));
      const inGroup = (fp: string): boolean => best >= 0 && groupOf.get(fp) === best;
      // the leader's own alerts in the group: whose incident are they?
      const leaderFps = grp ? grp.members.filter((m) => namesOf(m.fingerprint, m.ciId).some((n) => lc(n) === lc(named))).map((m) => m.fingerprint) : [];
      const leaderMine = leaderFps.some((fp) => rb.truth[fp]?.failureId === fid);
      const leaderOther = leaderFps.length > 0 && !leaderMine;
      const readerWrong = fileSays !== '' && rel(fileSays, want) === null && ![...byId.values()].some((c) => lc(c.id) === lc(want) && lc(c.name) === lc(fileSays));
      // the root's own rows (their host is the root's name) put on another CI by the matcher
      const wantName = lc(byId.get(want)?.name ?? want);
      const rawRoot = fps.filter((fp) => lc(ev.get(fp)?.resource.host) === wantName);
      const matcherMoved = rb.cis.length > 0 && rawRoot.length > 0 && rawRoot.every((fp) => lc(ciOf.get(fp)) !== lc(want));
      if (readerWrong) { cls = 'reader'; note = `file says ${fileSays}, truth ${want}`; }
      else if (named !== null && rel(named, want) === 'part') { cls = 'naming'; note = 'part/whole'; }
      else if (matcherMoved) { cls = 'naming'; note = `matcher put the root's ${rawRoot.length} alerts on ${[...new Set(rawRoot.map((fp) => ciOf.get(fp)))].join('/')}`; }
      else if (leaderOther) { cls = 'grouping'; note = `leader ${named} is ${[...new Set(leaderFps.map((fp) => rb.truth[fp]?.failureId ?? 'noise'))].join('/')}`; }
      else if (partFps.length > 0 && !partFps.some(inGroup)) { cls = 'grouping'; note = `root alerts in other groups (${partFps.length})`; }
      else if (partFps.some(inGroup)) { cls = 'ranking'; note = rootFps.some(inGroup) ? 'root alerts in group' : 'a part of the root alerts in group'; }
      else { cls = 'ranking'; note = `root silent${anyCarries ? '' : ' in the whole file'}${grp?.candidates.some((c) => rel(c.ciId, want) !== null) ? ' (a candidate)' : ''}`; }
    }
    counts.set(cls, (counts.get(cls) ?? 0) + 1);
    if (cls !== 'hit') totals.set(cls, (totals.get(cls) ?? 0) + 1);
    if (list && cls !== 'hit') {
      console.log(`  ${s.name} ${fid} ${f?.kind ?? '?'} [${cls}] truth=${want || '-'} named=${named ?? '-'} ${note}`);
      console.log(`      cands: ${(grp?.candidates ?? []).map((c) => `${c.ciId} ${c.score} (${c.reason.slice(0, 60)})`).join(' | ')}`);
    }
  }
  const hits = counts.get('hit') ?? 0;
  const c = (k: Cls): string => String(counts.get(k) ?? 0);
  console.log(`${s.name.padEnd(24)} ${String(known + hits).padStart(5)} ${String(hits).padStart(4)} ${c('no-root').padStart(7)} ${c('reader').padStart(6)} ${c('grouping').padStart(8)} ${c('ranking').padStart(7)} ${c('naming').padStart(6)}`);
}
const t = (k: Cls): string => String(totals.get(k) ?? 0);
console.log(`${'ALL misses'.padEnd(24)} ${''.padStart(5)} ${''.padStart(4)} ${t('no-root').padStart(7)} ${t('reader').padStart(6)} ${t('grouping').padStart(8)} ${t('ranking').padStart(7)} ${t('naming').padStart(6)}`);
