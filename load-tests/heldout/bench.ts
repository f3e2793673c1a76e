/**
 * bench runs one held-out scenario: builds the estate, its CMDB view and the storm, then scores the
 * engine and the Alertmanager-style baseline with the shared scorer (../quality/scorer.ts).
 */
import type { ConfigurationItem, Event } from '@aiops/model';
import { alertmanagerBaseline } from '../quality/baseline.js';
import type { EngineRunner } from '../quality/engine.js';
import { HISTORY_SEED_DELTA, shiftEvents } from '../quality/history.js';
import { createPrng } from '../quality/prng.js';
import { groupIndex, score, spreadOf, type PredictedGroup, type Score } from '../quality/scorer.js';
import { toCmdb, type CmdbView } from './cmdb.js';
import { buildEstate, type Estate } from './estate.js';
import { generateOutage, type Outage } from './outage.js';
import type { HeldoutScenario } from './suite.js';
import type { ScenarioRow } from '../quality/table.js';

const HOUR = 3_600_000;

export interface HeldoutWorld {
  estate: Estate;
  view: CmdbView;
  outage: Outage;
  /** what the engine and the baseline get as CMDB (empty for no-topology scenarios). */
  cmdb: readonly ConfigurationItem[];
}

/** buildWorld is deterministic for the scenario's seeds. */
export function buildWorld(s: HeldoutScenario): HeldoutWorld {
  const estate = buildEstate(createPrng(s.estate.seed), s.estate);
  const view = toCmdb(estate, createPrng(s.estate.seed ^ 0x5eed), s.cmdb === 'none' ? {} : s.cmdb);
  const outage = generateOutage({ estate, eligibleRoots: view.known }, s.outage, createPrng(s.outage.seed));
  return { estate, view, outage, cmdb: s.cmdb === 'none' ? [] : view.cis };
}

/** FailureOutcome says how one failure came out (for the pattern analysis). */
export interface FailureOutcome {
  failureId: string;
  rootRole: string;
  rootName: string;
  alerts: number;
  reached: number;
  rootAlerted: boolean;
  /** groups its alerts ended in (1 = together). */
  groups: number;
  bestShare: number;
  bestPurity: number;
  rootCauseHit: boolean;
  predictedRoot: string | null;
}

export interface HeldoutResult extends ScenarioRow {
  /** with --train: the model the engine ran with (null: none could be trained). */
  learned?: string | null;
  outcomes: FailureOutcome[] | null;
  noiseAbsorbed: number | null;
}

/** outcomes diagnoses each failure against predicted groups. */
export function outcomes(groups: readonly PredictedGroup[], w: HeldoutWorld): { failures: FailureOutcome[]; noiseAbsorbed: number } {
  const truth = w.outage.truth;
  const { groupOf, sizes: size } = groupIndex(groups, truth);
  let noiseAbsorbed = 0;
  for (const [fp, t] of Object.entries(truth)) if (t === null && (size.get(groupOf.get(fp) ?? -1) ?? 0) > 1) noiseAbsorbed++;
  const failures: FailureOutcome[] = [];
  for (const f of w.outage.failures) {
    const alerts = w.outage.alerts.filter((a) => a.failureId === f.id);
    if (alerts.length === 0) continue;
    const { best, bestN, groups: spread } = spreadOf(alerts.map((a) => a.fingerprint), groupOf);
    const named = best >= 0 ? groups[best]?.rootCauseCi ?? null : null;
    const names = w.view.names[f.rootCauseCi] ?? [];
    failures.push({
      failureId: f.id, rootRole: f.rootRole, rootName: f.rootCauseName, alerts: alerts.length, reached: f.reached,
      rootAlerted: alerts.some((a) => a.ciId === f.rootCauseCi), groups: spread,
      bestShare: Math.max(bestN, 1) / alerts.length, bestPurity: best >= 0 ? bestN / (size.get(best) ?? 1) : 1,
      rootCauseHit: named !== null && (named === f.rootCauseCi || names.includes(named.toLowerCase())),
      predictedRoot: named === null ? null : w.estate.byId.get(named)?.handle ?? named,
    });
  }
  return { failures, noiseAbsorbed };
}

/** runHeldout scores one scenario; `events` lets a caller reshape the storm (not used by default). */
/** historyOutage: `windows` times the storm's length and failures over the same estate, another seed, played before the storm. */
export function historyEvents(s: HeldoutScenario, w: HeldoutWorld, windows: number): Event[] {
  const durationMs = s.outage.durationMs * windows;
  const opts = { ...s.outage, seed: s.outage.seed + HISTORY_SEED_DELTA, durationMs, failures: s.outage.failures * windows };
  const hist = generateOutage({ estate: w.estate, eligibleRoots: w.view.known }, opts, createPrng(opts.seed));
  return shiftEvents(hist.events, -(durationMs + HOUR));
}

export function runHeldout(s: HeldoutScenario, runner: EngineRunner | null, train = 0): HeldoutResult {
  const w = buildWorld(s);
  const opts = { rootCauseNames: w.view.names };
  const events: readonly Event[] = w.outage.events;
  let engine: Score | null = null, engineMs: number | null = null, diag: ReturnType<typeof outcomes> | null = null;
  let learned: string | null | undefined;
  if (runner) {
    let patterns: unknown;
    if (train > 0) {
      const m = runner.learn(historyEvents(s, w, train), w.cmdb);
      patterns = m?.model;
      learned = m?.summary ?? null;
    }
    const r = runner.run(events, w.cmdb, patterns ? { patterns } : {});
    engine = score(r.groups, w.outage.truth, opts);
    engineMs = r.processMs;
    diag = outcomes(r.groups, w);
  }
  const baseline = score(alertmanagerBaseline(events, { cmdb: w.cmdb }), w.outage.truth, opts);
  return {
    name: s.name, description: s.description, shape: s.estate.shape, topology: s.cmdb !== 'none', cis: w.cmdb.length,
    events: events.length, alerts: baseline.alerts, failures: baseline.failures,
    noiseAlerts: Object.values(w.outage.truth).filter((t) => t === null).length,
    engine, engineMs, baseline, outcomes: diag?.failures ?? null, noiseAbsorbed: diag?.noiseAbsorbed ?? null,
    ...(learned === undefined ? {} : { learned }),
  };
}
