import type { ConfigurationItem, CorrelationGroup, Event } from '@aiops/model';
import type { PredictedGroup } from './scorer.js';

/**
 * EngineRunner runs the @aiops/correlate engine over a storm and returns its final groups. The engine
 * package is loaded dynamically so the benchmark still runs (baseline only) before the engine exists.
 */
export interface EngineRunner {
  run(events: readonly Event[], cmdb: readonly ConfigurationItem[], opts?: { batchSize?: number }): EngineResult;
}

export interface EngineResult {
  groups: PredictedGroup[];
  /** wall time of process()+advance() calls only. */
  processMs: number;
  rawGroups: number;
}

interface EngineOutput { alerts: readonly unknown[]; groups: readonly CorrelationGroup[] }
interface Engine { process(events: readonly Event[]): EngineOutput; advance(now: number): EngineOutput; flush?: () => EngineOutput }
interface CorrelateModule {
  createCorrelationEngine?: (config: unknown, deps: { cmdb: unknown }) => Engine;
  correlateConfig?: { parse(input: unknown): unknown };
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
  return {
    reason: 'ok',
    runner: {
      run(events, cmdb, opts = {}) {
        const batchSize = opts.batchSize ?? 500;
        const engine = create(config, { cmdb: graph(cmdb) });
        const latest = new Map<string, CorrelationGroup>();
        const collect = (out: EngineOutput): void => {
          for (const g of out.groups) {
            const prev = latest.get(g.id);
            if (!prev || g.version >= prev.version) latest.set(g.id, g);
          }
        };
        const t0 = performance.now();
        let last = 0;
        for (let i = 0; i < events.length; i += batchSize) {
          const batch = events.slice(i, i + batchSize);
          collect(engine.process(batch));
          last = Math.max(last, batch[batch.length - 1]?.receivedAt ?? 0);
          collect(engine.advance(last));
        }
        if (engine.flush) collect(engine.flush());
        collect(engine.advance(last + 6 * 3_600_000));
        const processMs = performance.now() - t0;
        return { groups: toPredicted([...latest.values()]), processMs, rawGroups: latest.size };
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
