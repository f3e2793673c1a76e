import type { ConfigurationItem, Event } from '@aiops/model';
import { alertmanagerBaseline } from './baseline.js';
import { DEFAULT_DRIFT, driftCmdb } from './drift.js';
import { diagnose, type ScenarioDiagnosis } from './diagnostics.js';
import type { EngineRunner } from './engine.js';
import type { Scenario } from './scenarios.js';
import { score, type Score } from './scorer.js';
export { aggregate, type Aggregate } from './aggregate.js';
import { generateShop, type Shop } from './shop.js';
import { generateStorm } from './storm.js';
import { historyStorm } from './history.js';
import type { ScenarioRow } from './table.js';

/** ScenarioResult is one row of the benchmark: sizes, engine score (null if absent), baseline score. */
export interface ScenarioResult extends ScenarioRow {
  labelStyle: string;
  /** with --train: the model the engine ran with (null: none could be trained). */
  learned?: string | null;
  engineEventsPerSec: number | null;
  generateMs: number;
}

/** ScenarioDetails explains a scenario's engine and baseline results per failure (for tuning). */
export interface ScenarioDetails {
  name: string;
  engine: ScenarioDiagnosis | null;
  baseline: ScenarioDiagnosis;
}

/** runScenario generates the scenario's shop and storm, then scores the engine and the baseline on it. */
/**
 * Transform reshapes a storm the way other senders and exports differ from ours, to check that the
 * figures do not hang on one trait of the generator: `minute` truncates every timestamp to the minute,
 * `noresolve` drops every resolved event, `batch` delivers the whole storm at once (one receivedAt),
 * `stale` leaves the events alone and gives the engine a drifted CMDB (`DEFAULT_DRIFT`, see drift.ts)
 * in every topology scenario that sets no `cmdbDrift` of its own.
 */
export type Transform = 'none' | 'minute' | 'noresolve' | 'batch' | 'stale';
export const TRANSFORMS: readonly Transform[] = ['none', 'minute', 'noresolve', 'batch', 'stale'];

export function transformEvents(events: readonly Event[], how: Transform): Event[] {
  const minute = (t: number): number => Math.floor(t / 60_000) * 60_000;
  switch (how) {
    case 'minute':
      return events.map((e) => ({ ...e, occurredAt: minute(e.occurredAt), ...(e.startsAt === undefined ? {} : { startsAt: minute(e.startsAt) }) }));
    case 'noresolve':
      return events.filter((e) => e.status !== 'resolved');
    case 'batch': {
      const last = events.reduce((m, e) => Math.max(m, e.receivedAt), 0);
      return events.map((e) => ({ ...e, receivedAt: last }));
    }
    default: // none, stale (a CMDB transform)
      return [...events];
  }
}

/**
 * engineCmdb is the CMDB the engine is handed: none without topology, the shop's own, or (the scenario's
 * cmdbDrift, or `stale`) a drifted copy. The storm and the truth always come from the real estate.
 */
export function engineCmdb(s: Scenario, shop: Shop, stale: boolean): readonly ConfigurationItem[] {
  if (!s.topology) return [];
  const drift = s.cmdbDrift ?? (stale ? {} : undefined);
  return drift ? driftCmdb(shop.cis, { ...DEFAULT_DRIFT, ...drift, seed: s.shop.seed }) : shop.cis;
}

export function runScenario(s: Scenario, runner: EngineRunner | null, transform: Transform = 'none', train = 0): { result: ScenarioResult; details: ScenarioDetails } {
  const t0 = performance.now();
  const shop = generateShop(s.shop);
  const generated = generateStorm(shop, s.storm);
  const storm = transform === 'none' || transform === 'stale' ? generated : { ...generated, events: transformEvents(generated.events, transform) };
  const cmdb = engineCmdb(s, shop, transform === 'stale');
  const generateMs = performance.now() - t0;
  const opts = { rootCauseNames: storm.ciNames };
  let engine: Score | null = null;
  let engineMs: number | null = null;
  let engineDetails: ScenarioDiagnosis | null = null;
  let learned: string | null | undefined;
  if (runner) {
    // --train: a history window of the same shop first (no truth used); the engine learns from its own groups
    let patterns: unknown;
    if (train > 0) {
      const hist = generateStorm(shop, historyStorm(s, train));
      const m = runner.learn(hist.events, cmdb);
      patterns = m?.model;
      learned = m?.summary ?? null;
    }
    const r = runner.run(storm.events, cmdb, patterns ? { patterns } : {});
    engine = score(r.groups, storm.truth, opts);
    engineMs = r.processMs;
    engineDetails = diagnose(r.groups, storm, shop, storm.ciNames);
  }
  const baseGroups = alertmanagerBaseline(storm.events, { cmdb });
  const baseline = score(baseGroups, storm.truth, opts);
  const details: ScenarioDetails = { name: s.name, engine: engineDetails, baseline: diagnose(baseGroups, storm, shop, storm.ciNames) };
  const result: ScenarioResult = {
    name: s.name, description: s.description, shape: s.shop.shape, labelStyle: s.storm.labelStyle, topology: s.topology,
    cis: shop.cis.length, events: storm.events.length, alerts: baseline.alerts,
    failures: baseline.failures, noiseAlerts: Object.values(storm.truth).filter((t) => t === null).length,
    engine, engineMs, engineEventsPerSec: engineMs ? Math.round(storm.events.length / (engineMs / 1000)) : null,
    baseline, generateMs, ...(learned === undefined ? {} : { learned }),
  };
  return { result, details };
}
