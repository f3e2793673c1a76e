/**
 * bench: one dataset scenario through the product's public dataset path: the generated files are read
 * by the reader `aiops replay --events x.csv|x.jsonl [--cmdb cmdb.csv] [--map …]` uses (@aiops/cli
 * readDataset + cmdbRoots, @aiops/cmdb parseCmdbCsv), the derived truth scores the engine and the
 * Alertmanager-style baseline with the shared scorer (../quality/scorer.ts).
 */
import type { ConfigurationItem, Event } from '@aiops/model';
import { cmdbRoots, occurrenceScoring, occurrenceTruth, parseMap, readDataset, type DatasetResult, type Occurrence } from '@aiops/cli';
import { parseCmdbCsv } from '@aiops/cmdb';
import { alertmanagerBaseline } from '../quality/baseline.js';
import { type EngineRunner, toPredicted } from '../quality/engine.js';
import { groupIndex, score, spreadOf, type PredictedGroup, type Score } from '../quality/scorer.js';
import type { ScenarioRow } from '../quality/table.js';
import type { DatasetFile } from './core.js';
import { generate, type DatasetScenario } from './suite.js';

type Truth = Parameters<typeof score>[1];

export interface ReadBack {
  file: DatasetFile;
  cis: ConfigurationItem[];
  read: DatasetResult;
  /** events in arrival order, as `aiops replay` plays them */
  events: Event[];
  /** per occurrence (the reader's occurrences: an alert recurring in another incident is scored there too); keys: fingerprints, `fp#n` for recurrences */
  truth: Truth;
  occurrences: Occurrence[];
  problems: string[];
}

/** readBack generates the files and reads them as `aiops replay` would. */
export function readBack(s: DatasetScenario): ReadBack {
  const file = generate(s);
  const cmdb = file.cmdbText === null ? { items: [], errors: [] } : parseCmdbCsv(file.cmdbText);
  const bad = cmdb.errors.filter((e) => !e.warning);
  if (bad.length > 0) throw new Error(`${s.name}: CMDB CSV has ${bad.length} invalid items (first: ${JSON.stringify(bad[0])})`);
  const cis = cmdb.items;
  const problems: string[] = [];
  const read = readDataset(file.text, { format: file.format, map: parseMap(file.map), ...cmdbRoots(cis), problem: (line, m) => problems.push(`${line}: ${m}`) });
  if (read.truth === null || read.occurrences === null) throw new Error(`${s.name}: the reader found no group column (map ${JSON.stringify(read.map)})`);
  const events = [...read.events].sort((a, b) => a.receivedAt - b.receivedAt);
  return { file, cis, read, events, truth: occurrenceTruth(read.occurrences) as Truth, occurrences: read.occurrences, problems };
}

/** FailureOutcome: how one labelled incident came out. */
export interface FailureOutcome {
  failureId: string;
  kind: string;
  rootName: string;
  alerts: number;
  groups: number;
  bestShare: number;
  bestPurity: number;
  rootKnown: boolean;
  rootCauseHit: boolean;
  named: string | null;
  /** a miss that named a part of the root (a pod of the labelled service) or the root's host: right place, another granularity */
  namedPartOfRoot: boolean;
}

export function outcomes(groups: readonly PredictedGroup[], rb: ReadBack): { failures: FailureOutcome[]; noiseAbsorbed: number } {
  const truth = rb.truth;
  const { groupOf, sizes } = groupIndex(groups, truth);
  let noiseAbsorbed = 0;
  const byFailure = new Map<string, string[]>();
  for (const [fp, t] of Object.entries(truth)) {
    if (t === null) {
      if ((sizes.get(groupOf.get(fp) ?? -1) ?? 0) > 1) noiseAbsorbed++;
    } else (byFailure.get(t.failureId) ?? byFailure.set(t.failureId, []).get(t.failureId))?.push(fp);
  }
  const relations = new Map(rb.cis.map((c) => [c.id, c.relations]));
  const failures: FailureOutcome[] = [];
  for (const f of rb.file.failures) {
    const fps = byFailure.get(f.id) ?? [];
    if (fps.length === 0) continue;
    const { best, bestN, groups: spread } = spreadOf(fps, groupOf);
    const named = best >= 0 ? groups[best]?.rootCauseCi ?? null : null;
    const want = truth[fps[0] as string]?.rootCauseCi ?? null;
    failures.push({
      failureId: f.id, kind: f.kind, rootName: f.rootName, alerts: fps.length, groups: spread,
      bestShare: Math.max(bestN, 1) / fps.length, bestPurity: best >= 0 ? bestN / (sizes.get(best) ?? 1) : 1,
      rootKnown: want !== null && want !== '', rootCauseHit: named !== null && want !== null && named.toLowerCase() === want.toLowerCase(), named,
      namedPartOfRoot: named !== null && want !== null && named !== want && (relations.get(named) ?? []).some((r) => r.target === want && (r.type === 'part_of' || r.type === 'runs_on')),
    });
  }
  return { failures, noiseAbsorbed };
}

export interface DatasetRun extends ScenarioRow {
  rows: number;
  dropped: number;
  badRows: number;
  outcomes: FailureOutcome[] | null;
  noiseAbsorbed: number | null;
  /** the final groups (for --explain) */
  groups: PredictedGroup[] | null;
}

/** root names in the truth compared case-insensitively (without a CMDB the root is a host or service name). */
function rootNames(truth: Truth): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of Object.values(truth)) if (t?.rootCauseCi) out[t.rootCauseCi] = [t.rootCauseCi.toLowerCase()];
  return out;
}

export function runDataset(s: DatasetScenario, runner: EngineRunner | null): DatasetRun & { readBack: ReadBack } {
  const rb = readBack(s);
  const opts = { rootCauseNames: rootNames(rb.truth) };
  let engine: Score | null = null, engineMs: number | null = null, diag: ReturnType<typeof outcomes> | null = null, groups: PredictedGroup[] | null = null;
  if (runner) {
    const r = runner.run(rb.events, rb.cis, { records: true });
    // each occurrence in the group the engine held its alert in then, not the alert's last group
    groups = toPredicted(occurrenceScoring(r.final, r.records ?? [], rb.occurrences).groups);
    engine = score(groups, rb.truth, opts);
    engineMs = r.processMs;
    diag = outcomes(r.groups, rb);
  }
  // the baseline keeps an alert in one group: every occurrence of it is there
  const keysOf = new Map<string, string[]>();
  for (const o of rb.occurrences) keysOf.set(o.fingerprint, [...(keysOf.get(o.fingerprint) ?? []), o.key]);
  const base = alertmanagerBaseline(rb.events, { cmdb: rb.cis }).map((g) => ({ ...g, members: g.members.flatMap((fp) => keysOf.get(fp) ?? [fp]) }));
  const baseline = score(base, rb.truth, opts);
  return {
    name: s.name, description: s.description, shape: s.family, topology: s.topology, cis: rb.cis.length,
    events: rb.events.length, alerts: baseline.alerts, failures: baseline.failures,
    noiseAlerts: Object.values(rb.truth).filter((t) => t === null).length,
    engine, engineMs, baseline, rows: rb.file.rows, dropped: rb.file.dropped, badRows: rb.read.bad,
    outcomes: diag?.failures ?? null, noiseAbsorbed: diag?.noiseAbsorbed ?? null, groups, readBack: rb,
  };
}
