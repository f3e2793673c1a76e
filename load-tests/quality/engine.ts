import type { ConfigurationItem, CorrelationGroup, Event } from '@aiops/model';
import type { PredictedGroup } from './scorer.js';

/**
 * EngineRunner runs the @aiops/correlate engine over a storm and returns its final groups. The engine
 * package is loaded dynamically so the benchmark still runs (baseline only) before the engine exists.
 */
export interface EngineRunner {
  /** `patterns`: a model from learn(), handed to the engine the way the correlator service does. */
  run(events: readonly Event[], cmdb: readonly ConfigurationItem[], opts?: { batchSize?: number; patterns?: unknown; records?: boolean }): EngineResult;
  /**
   * learn plays a history window through a fresh engine (same config and CMDB) and trains the pattern
   * model from the groups that closed, exactly as the correlator service does (historyOf, the newest
   * `maxHistory` entries, trainModel with the config's `learning`, trained at the last event's time). No ground truth is
   * used. Null when the history is too small or the engine has no pattern learning.
   */
  learn(events: readonly Event[], cmdb: readonly ConfigurationItem[], opts?: { maxHistory?: number }): LearnedModel | null;
}

/** LearnedModel is what learn() trained, with a short description for the bench's output. */
export interface LearnedModel {
  model: unknown;
  historyEntries: number;
  summary: string;
}

export interface EngineResult {
  groups: PredictedGroup[];
  /** the last version of each group, groups merged into another left out: members with their rule and evidence. */
  final: CorrelationGroup[];
  /** wall time of process()+advance() calls only. */
  processMs: number;
  rawGroups: number;
  /** with opts.records: every group version emitted (who was in which group when: per-occurrence scoring). */
  records?: CorrelationGroup[];
}

interface EngineOutput { alerts: readonly unknown[]; groups: readonly CorrelationGroup[] }
interface Engine { process(events: readonly Event[]): EngineOutput; advance(now: number): EngineOutput; flush?: () => EngineOutput }
interface CorrelateModule {
  createCorrelationEngine?: (config: unknown, deps: { cmdb: unknown; patterns?: unknown }) => Engine;
  correlateConfig?: { parse(input: unknown): unknown };
  historyOf?: (groups: readonly CorrelationGroup[]) => Array<{ groupId: string; template: string; at?: number }>;
  trainModel?: (history: ReadonlyArray<{ groupId: string; template: string; at?: number }>, learning: unknown, trainedAt: number) => ({ id: string; k: number; links: readonly unknown[]; learner?: string } & Record<string, unknown>) | null;
}
interface CmdbModule { createCmdbGraph?: (cis: readonly ConfigurationItem[]) => unknown }

/** loadEngine returns a runner (engine config = correlateConfig.parse(configInput)), or null with the reason when @aiops/correlate has no engine yet. */
export async function loadEngine(configInput: unknown = {}): Promise<{ runner: EngineRunner | null; reason: string }> {
  let correlate: CorrelateModule;
  let cmdbMod: CmdbModule;
  try {
    // Variable specifiers: the benchmark compiles without the engine's types and still runs (baseline
    // only) when the engine package is missing or does not build.
    const correlateName = '@aiops/correlate';
    const cmdbName = '@aiops/cmdb';
    correlate = (await import(correlateName)) as CorrelateModule;
    cmdbMod = (await import(cmdbName)) as CmdbModule;
  } catch (err) {
    return { runner: null, reason: `cannot import @aiops/correlate or @aiops/cmdb: ${(err as Error).message}` };
  }
  const create = correlate.createCorrelationEngine;
  const schema = correlate.correlateConfig;
  const graph = cmdbMod.createCmdbGraph;
  if (!create || !schema || !graph) {
    return { runner: null, reason: 'engine not available (@aiops/correlate lacks createCorrelationEngine/correlateConfig or @aiops/cmdb lacks createCmdbGraph)' };
  }
  const config = schema.parse(configInput);
  /** play feeds a storm in arrival order (batches, advance after each) and hands every output to `collect`. */
  const play = (engine: Engine, events: readonly Event[], batchSize: number, collect: (out: EngineOutput) => void): number => {
    let last = 0;
    for (let i = 0; i < events.length; i += batchSize) {
      const batch = events.slice(i, i + batchSize);
      collect(engine.process(batch));
      last = Math.max(last, batch[batch.length - 1]?.receivedAt ?? 0);
      collect(engine.advance(last));
    }
    if (engine.flush) collect(engine.flush());
    collect(engine.advance(last + 6 * 3_600_000));
    return last;
  };
  return {
    reason: 'ok',
    runner: {
      run(events, cmdb, opts = {}) {
        const engine = create(config, { cmdb: graph(cmdb), ...(opts.patterns ? { patterns: opts.patterns } : {}) });
        const latest = new Map<string, CorrelationGroup>();
        const records: CorrelationGroup[] | undefined = opts.records === true ? [] : undefined;
        const t0 = performance.now();
        play(engine, events, opts.batchSize ?? 500, (out) => {
          if (records) records.push(...out.groups);
          for (const g of out.groups) {
            const prev = latest.get(g.id);
            if (!prev || g.version >= prev.version) latest.set(g.id, g);
          }
        });
        const processMs = performance.now() - t0;
        return { groups: toPredicted([...latest.values()]), final: [...latest.values()].filter((g) => g.closeReason !== 'merged'), processMs, rawGroups: latest.size, ...(records ? { records } : {}) };
      },
      learn(events, cmdb, opts = {}) {
        const historyOf = correlate.historyOf;
        const train = correlate.trainModel;
        if (!historyOf || !train) return null;
        const engine = create(config, { cmdb: graph(cmdb) });
        const history: Array<{ groupId: string; template: string; at?: number }> = [];
        const last = play(engine, events, 500, (out) => { for (const h of historyOf(out.groups)) history.push(h); });
        const kept = history.slice(Math.max(0, history.length - (opts.maxHistory ?? 20_000)));
        const model = train(kept, (config as { learning?: unknown }).learning, last);
        if (!model) return null;
        return { model, historyEntries: kept.length, summary: `${model.id}: ${model.learner ?? 'kmeans'}, ${model.k} ${model.learner === 'cooccurrence' ? 'templates' : 'clusters'}, ${model.links.length} links from ${kept.length} member templates` };
      },
    },
  };
}

/**
 * toPredicted keeps the last version of each group, drops groups closed as merged into another, and
 * orders by last update (newest first) so an alert listed twice counts in its most recent group.
 */
export function toPredicted(groups: readonly CorrelationGroup[]): PredictedGroup[] {
  return groups
    .filter((g) => g.closeReason !== 'merged')
    .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1))
    .map((g) => ({ members: g.members.map((m) => m.fingerprint), rootCauseCi: g.rootCause?.ciId ?? null }));
}
