/**
 * bench runs one fresh scenario: builds the shop, its CMDB view and the storm, then scores the engine
 * and the Alertmanager-style baseline with the shared scorer (../quality/scorer.ts).
 */
import type { ConfigurationItem, Event } from '@aiops/model';
import { alertmanagerBaseline } from '../quality/baseline.js';
import type { EngineRunner } from '../quality/engine.js';
import { HISTORY_SEED_DELTA, shiftEvents } from '../quality/history.js';
import { createPrng } from '../quality/prng.js';
import { groupIndex, score, spreadOf, type PredictedGroup, type Score } from '../quality/scorer.js';
import type { ScenarioRow } from '../quality/table.js';
import { toCmdb, type CmdbView, type Estate, type ShopModel } from './core.js';
import { BANK } from './bank.js';
import { MESH } from './mesh.js';
import { playStorm, type Storm } from './play.js';
import type { FreshScenario, ShopName } from './suite.js';
import { TELCO } from './telco.js';

export const SHOPS: Record<ShopName, ShopModel<Estate>> = {
  telco: TELCO as unknown as ShopModel<Estate>,
  bank: BANK as unknown as ShopModel<Estate>,
  mesh: MESH as unknown as ShopModel<Estate>,
};

export interface FreshWorld {
  estate: Estate;
  view: CmdbView;
  storm: Storm;
  /** what the engine and the baseline get as CMDB (empty for no-topology scenarios). */
  cmdb: readonly ConfigurationItem[];
}

/** buildWorld is deterministic for the scenario's seeds. */
export function buildWorld(s: FreshScenario, stormOverride?: FreshScenario['storm']): FreshWorld {
  const shop = SHOPS[s.shop];
  const estate = shop.build(createPrng(s.estateSeed), s.size);
  const view = toCmdb(estate, createPrng(s.estateSeed ^ 0x3c3c), s.cmdb === 'none' || s.cmdb === 'full' ? {} : s.cmdb);
  const o = stormOverride ?? s.storm;
  const storm = playStorm(shop, estate, view.known, o, createPrng(o.seed));
  return { estate, view, storm, cmdb: s.cmdb === 'none' ? [] : view.cis };
}

/** FailureOutcome says how one failure came out. */
export interface FailureOutcome {
  failureId: string;
  kind: string;
  rootName: string;
  alerts: number;
  rootAlerted: boolean;
  /** groups its alerts ended in (1 = together; an alert in no group counts as its own). */
  groups: number;
  bestShare: number;
  bestPurity: number;
  rootCauseHit: boolean;
}

export function outcomes(groups: readonly PredictedGroup[], w: FreshWorld): { failures: FailureOutcome[]; noiseAbsorbed: number } {
  const truth = w.storm.truth;
  const { groupOf, sizes: size } = groupIndex(groups, truth);
  let noiseAbsorbed = 0;
  for (const [fp, t] of Object.entries(truth)) if (t === null && (size.get(groupOf.get(fp) ?? -1) ?? 0) > 1) noiseAbsorbed++;
  const failures: FailureOutcome[] = [];
  for (const f of w.storm.failures) {
    const fps = Object.keys(truth).filter((fp) => truth[fp]?.failureId === f.id);
    if (fps.length === 0) continue;
    const { best, bestN, groups: spread } = spreadOf(fps, groupOf);
    const named = best >= 0 ? groups[best]?.rootCauseCi ?? null : null;
    const names = w.view.names[f.rootCauseCi] ?? [];
    failures.push({
      failureId: f.id, kind: f.kind, rootName: f.rootName, alerts: fps.length,
      rootAlerted: fps.some((fp) => w.storm.ciOf.get(fp) === f.rootCauseCi), groups: spread,
      bestShare: Math.max(bestN, 1) / fps.length, bestPurity: best >= 0 ? bestN / (size.get(best) ?? 1) : 1,
      rootCauseHit: named !== null && (named === f.rootCauseCi || names.includes(named.toLowerCase())),
    });
  }
  return { failures, noiseAbsorbed };
}

export interface FreshResult extends ScenarioRow {
  learned?: string | null;
  outcomes: FailureOutcome[] | null;
  noiseAbsorbed: number | null;
}

/** historyEvents: `windows` times the storm's length and failures over the same shop, another seed, played before the storm. */
export function historyEvents(s: FreshScenario, windows: number): Event[] {
  const o = s.storm;
  const hist = { ...o, seed: o.seed + HISTORY_SEED_DELTA, durationMs: o.durationMs * windows, failures: o.failures * windows };
  return shiftEvents(buildWorld(s, hist).storm.events, -(hist.durationMs + 3_600_000));
}

export function runFresh(s: FreshScenario, runner: EngineRunner | null, train = 0): FreshResult {
  const w = buildWorld(s);
  const opts = { rootCauseNames: w.view.names };
  const events: readonly Event[] = w.storm.events;
  let engine: Score | null = null, engineMs: number | null = null, diag: ReturnType<typeof outcomes> | null = null;
  let learned: string | null | undefined;
  if (runner) {
    let patterns: unknown;
    if (train > 0) {
      const m = runner.learn(historyEvents(s, train), w.cmdb);
      patterns = m?.model;
      learned = m?.summary ?? null;
    }
    const r = runner.run(events, w.cmdb, patterns ? { patterns } : {});
    engine = score(r.groups, w.storm.truth, opts);
    engineMs = r.processMs;
    diag = outcomes(r.groups, w);
  }
  const baseline = score(alertmanagerBaseline(events, { cmdb: w.cmdb }), w.storm.truth, opts);
  return {
    name: s.name, description: s.description, shape: s.shop, topology: s.cmdb !== 'none', cis: w.cmdb.length,
    events: events.length, alerts: baseline.alerts, failures: baseline.failures,
    noiseAlerts: Object.values(w.storm.truth).filter((t) => t === null).length,
    engine, engineMs, baseline, outcomes: diag?.failures ?? null, noiseAbsorbed: diag?.noiseAbsorbed ?? null,
    ...(learned === undefined ? {} : { learned }),
  };
}
