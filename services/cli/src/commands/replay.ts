import { readFileSync, writeFileSync } from 'node:fs';
import { Event, type CorrelationGroup } from '@aiops/model';
import { createCmdbGraph, parseCmdbCsv, parseCmdbJson } from '@aiops/cmdb';
import { correlateConfig, createCorrelationEngine, evaluateGroups, finalGroups, type PatternModel, type TruthEntry } from '@aiops/correlate';
import { parseFlags, type Command } from '../command.js';

/**
 * replay runs recorded events through a candidate correlation configuration, in event time, as fast as
 * the CPU allows (the engine uses only the events' own timestamps, so the groups are those the live
 * correlator would have made), and reports the groups and — with ground truth — the quality figures.
 */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'backtest a correlation config on recorded events: groups report (+ quality with --truth)',
  usage: [
    'aiops replay --events <events.jsonl> [--config <candidate.json>] [--cmdb <cmdb.json|csv>] [--patterns <model.json>] [--truth <truth.json>] [--out <report.json>]',
    '  events: one normalised Event (aiops.events.v1 value) per line, e.g. exported from ClickHouse with',
    '    clickhouse-client --query "SELECT ... FORMAT JSONEachRow"; replayed in arrival (receivedAt) order',
    '  config: a JSON object for the engine (the `correlate` section of the correlator config); default: defaults',
    '  truth:  {"<fingerprint>": {"failureId": "...", "rootCauseCi": "..."} | null}',
  ].join('\n'),
  async run(argv) {
    const { flags } = parseFlags(argv);
    const eventsFile = flags.get('events');
    if (typeof eventsFile !== 'string') {
      console.error(this.usage);
      return 2;
    }
    if (eventsFile === 'clickhouse') {
      console.error('reading history straight from ClickHouse is not implemented yet: export JSONEachRow to a file and pass it with --events');
      return 2;
    }
    const cfgFile = flags.get('config');
    const cfg = correlateConfig.safeParse(typeof cfgFile === 'string' ? JSON.parse(readFileSync(cfgFile, 'utf8')) : {});
    if (!cfg.success) {
      console.error(`invalid config: ${cfg.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return 2;
    }
    const cmdbFile = flags.get('cmdb');
    let cis = [] as ReturnType<typeof parseCmdbJson>['items'];
    if (typeof cmdbFile === 'string') {
      const text = readFileSync(cmdbFile, 'utf8');
      const parsed = cmdbFile.endsWith('.csv') ? parseCmdbCsv(text) : parseCmdbJson(text);
      cis = parsed.items;
      const bad = parsed.errors.filter((e) => !e.warning).length;
      if (bad > 0) console.error(`cmdb: ${bad} invalid items skipped`);
    }
    const events: Event[] = [];
    let bad = 0;
    readFileSync(eventsFile, 'utf8').split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        const r = Event.safeParse(JSON.parse(line));
        if (r.success) events.push(r.data);
        else {
          bad++;
          if (bad <= 5) console.error(`${eventsFile}:${i + 1}: ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`);
        }
      } catch {
        bad++;
        if (bad <= 5) console.error(`${eventsFile}:${i + 1}: not JSON`);
      }
    });
    events.sort((a, b) => a.receivedAt - b.receivedAt);
    const patternsFile = flags.get('patterns');
    const patterns = typeof patternsFile === 'string' ? (JSON.parse(readFileSync(patternsFile, 'utf8')) as PatternModel) : null;
    const engine = createCorrelationEngine(cfg.data, { cmdb: createCmdbGraph(cis), patterns });
    const records: CorrelationGroup[] = [];
    const t0 = performance.now();
    let last = 0;
    for (let i = 0; i < events.length; i += 500) {
      const batch = events.slice(i, i + 500);
      records.push(...engine.process(batch).groups);
      last = Math.max(last, (batch[batch.length - 1] as Event).receivedAt);
      records.push(...engine.advance(last).groups);
    }
    records.push(...engine.flush().groups, ...engine.advance(last + 7 * 24 * 3_600_000).groups);
    const ms = performance.now() - t0;
    const groups = finalGroups(records);
    const alerts = new Set(events.map((e) => e.fingerprint)).size;
    console.log(`${events.length} events (${bad} invalid), ${alerts} alerts -> ${groups.length} groups in ${ms.toFixed(0)} ms (${Math.round(events.length / Math.max(ms / 1000, 1e-3))} events/s)`);
    for (const g of groups.slice(0, 20)) {
      const rules = [...new Set(g.members.map((m) => m.rule))].join(',');
      console.log(`  ${g.id}  ${String(g.members.length).padStart(4)} alerts  root=${g.rootCause?.ciId ?? '-'} (${g.rootCause?.score ?? ''})  rules=${rules}  first="${g.members[0]?.title ?? ''}"`);
    }
    if (groups.length > 20) console.log(`  … ${groups.length - 20} more`);
    const truthFile = flags.get('truth');
    let evaluation = null;
    if (typeof truthFile === 'string') {
      const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Record<string, TruthEntry>;
      evaluation = evaluateGroups(groups, truth);
      const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
      console.log(`quality: precision ${pct(evaluation.precision)} recall ${pct(evaluation.recall)} F1 ${pct(evaluation.f1)} noise reduction ${pct(evaluation.noiseReduction)} (ideal ${pct(evaluation.idealNoiseReduction)}) root-cause top-1 ${pct(evaluation.rootCauseTop1)}`);
    }
    const out = flags.get('out');
    if (typeof out === 'string') {
      writeFileSync(out, JSON.stringify({ events: events.length, invalid: bad, alerts, groups, evaluation, stats: engine.stats() }, null, 2) + '\n');
      console.log(`wrote ${out}`);
    }
    return 0;
  },
};
