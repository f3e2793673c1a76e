import { readFileSync, writeFileSync } from 'node:fs';
import { Event, type CorrelationGroup } from '@aiops/model';
import { createCmdbGraph, parseCmdbCsv, parseCmdbJson } from '@aiops/cmdb';
import { correlateConfig, createCorrelationEngine, evaluateGroups, finalGroups, type PatternModel, type TruthEntry } from '@aiops/correlate';
import { sqlIdentifier } from '@aiops/clickhouse';
import { parseFlags, type Command } from '../command.js';
import { clickhouseFromEnv } from './clickhouse-env.js';
import { cmdbRoots, detectFormat, parseMap, readDataset, type ColumnMap } from './dataset.js';
import { occurrenceScoring, type Occurrence } from './occurrences.js';

/** parseTime accepts epoch milliseconds or an ISO-8601 date/time. */
export function parseTime(v: string, what: string): number {
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n)) throw new Error(`${what}: expected epoch milliseconds or an ISO-8601 time, got "${v}"`);
  return n;
}

/** historySql selects the recorded events of [from, to) (arrival time) from the events table, oldest first. */
export function historySql(database: string, from: number, to: number): string {
  // from/to are integers checked by the caller; the database name is quoted as an identifier
  return `SELECT payload FROM ${sqlIdentifier(database)}.events FINAL WHERE received_ms >= ${Math.floor(from)} AND received_ms < ${Math.floor(to)} ORDER BY received_ms, id`;
}

/**
 * replay runs recorded events through a candidate correlation configuration, in event time, as fast as
 * the CPU allows (the engine uses only the events' own timestamps, so the groups are those the live
 * correlator would have made), and reports the groups and — with ground truth — the quality figures.
 */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'backtest a correlation config on recorded events: groups report (+ quality with --truth)',
  usage: [
    'aiops replay --events <events.jsonl>|clickhouse [--from <time>] [--to <time>] [--config <candidate.json>] [--cmdb <cmdb.json|csv>] [--patterns <model.json>] [--truth <truth.json>] [--out <report.json>]',
    '  events: one normalised Event (aiops.events.v1 value) per line; replayed in arrival (receivedAt) order',
    '  clickhouse: the history the analytics writer stored (events table, AIOPS_CLICKHOUSE_* env), received in',
    '    [--from, --to) (epoch ms or ISO-8601; default: the last 24 hours)',
    '  config: a JSON object for the engine (the `correlate` section of the correlator config); default: defaults',
    '  truth:  {"<fingerprint>": {"failureId": "...", "rootCauseCi": "..."} | null}',
    'aiops replay --events <alerts.csv|alerts.jsonl> [--format csv|jsonl|events] [--map role=column,…] [--truth-out <truth.json>] [same options]',
    '  a labelled alert dataset, one alert per row (CSV with a header row, RFC 4180 quoting; or JSON lines);',
    '  format by extension (.csv/.tsv) or by content (a .jsonl whose lines are not normalised Events)',
    '  map roles: time host title severity service status group root fingerprint clear; unmapped roles are guessed',
    '    from common column names (timestamp/time/ts/occur_time, host/node/instance/ne_name/cmdb_id, alertname/',
    '    alarm_name/title/name/kpi_name/message, …; JSON `labels.alertname` by its last part); every other',
    '    column becomes a label (`labels.pod` as `pod`). time: epoch s or ms, ISO-8601, "YYYY-MM-DD HH:MM:SS"',
    '    or "YYYY/MM/DD HH:MM:SS" (UTC); clear (clear_time/ends_at/resolved_at): the row\'s alarm ends then',
    '  status resolved/ok/cleared → resolved event; fingerprint: the column, else a hash of host+title+service',
    '  group: ground truth (same id = one incident; empty, 0, -1, none, noise = noise); root: 1/true/yes flags',
    '    the root row (its CI with --cmdb, else its host), any other value names the root entity',
    '  the truth derived from the group column scores the groups (unless --truth is given); --truth-out saves it',
    '    (per alert); an alert whose rows name several incidents in turn is scored per occurrence, each in the group it landed in',
  ].join('\n'),
  async run(argv) {
    const { flags } = parseFlags(argv);
    const eventsFile = flags.get('events');
    if (typeof eventsFile !== 'string') {
      console.error(this.usage);
      return 2;
    }
    let lines: string[];
    let dataset: { text: string; format: 'csv' | 'jsonl' } | null = null;
    let source = eventsFile;
    if (eventsFile === 'clickhouse') {
      let from: number;
      let to: number;
      try {
        to = typeof flags.get('to') === 'string' ? parseTime(flags.get('to') as string, '--to') : Date.now();
        from = typeof flags.get('from') === 'string' ? parseTime(flags.get('from') as string, '--from') : to - 24 * 3_600_000;
      } catch (err) {
        console.error((err as Error).message);
        return 2;
      }
      const ch = clickhouseFromEnv(process.env);
      try {
        const rows = await ch.query<{ payload: string }>(historySql(ch.database, from, to));
        lines = rows.map((r) => r.payload);
      } catch (err) {
        console.error(`cannot read history from ClickHouse (${ch.database}): ${(err as Error).message}`);
        return 1;
      } finally {
        await ch.close();
      }
      source = `clickhouse:${ch.database}.events`;
      console.log(`read ${lines.length} events received ${new Date(from).toISOString()} .. ${new Date(to).toISOString()} from ${source}`);
    } else {
      const text = readFileSync(eventsFile, 'utf8');
      let format;
      try {
        format = detectFormat(eventsFile, text, typeof flags.get('format') === 'string' ? (flags.get('format') as string) : undefined, (v) => Event.safeParse(v).success);
      } catch (err) {
        console.error((err as Error).message);
        return 2;
      }
      if (format === 'events') lines = text.split('\n');
      else {
        lines = [];
        dataset = { text, format };
      }
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
    let events: Event[] = [];
    let bad = 0;
    let derivedTruth: Record<string, TruthEntry> | null = null;
    let occurrences: Occurrence[] | null = null;
    if (dataset !== null) {
      let map: ColumnMap = {};
      try {
        if (typeof flags.get('map') === 'string') map = parseMap(flags.get('map') as string);
        // with a CMDB the root is the CI the engine would match for that host; without one (or no match), the host itself
        const read = readDataset(dataset.text, {
          format: dataset.format,
          map,
          ...cmdbRoots(cis),
          problem: (line, message) => {
            if (++bad <= 5) console.error(`${source}:${line}: ${message}`);
          },
          progress: (rows) => console.log(`  … ${rows} rows read`),
        });
        events = read.events;
        derivedTruth = read.truth;
        occurrences = read.occurrences;
        const cols = Object.entries(read.map).map(([role, col]) => `${role}=${col}`).join(',');
        console.log(`${source}: ${dataset.format}, ${read.rows} rows (${read.bad} skipped), columns ${cols}${read.truth === null ? ', no group column: no ground truth' : ''}${read.conflicts > 0 ? `, ${read.conflicts} alerts whose rows name different groups (first kept)` : ''}`);
      } catch (err) {
        console.error(`${source}: ${(err as Error).message}`);
        return 2;
      }
    }
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        const r = Event.safeParse(JSON.parse(line));
        if (r.success) events.push(r.data);
        else {
          bad++;
          if (bad <= 5) console.error(`${source}:${i + 1}: ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`);
        }
      } catch {
        bad++;
        if (bad <= 5) console.error(`${source}:${i + 1}: not JSON`);
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
    const truthOut = flags.get('truth-out');
    if (typeof truthOut === 'string' && derivedTruth !== null) {
      writeFileSync(truthOut, JSON.stringify(derivedTruth, null, 2) + '\n');
      console.log(`wrote ${truthOut}`);
    }
    let evaluation = null;
    const truth = typeof truthFile === 'string' ? (JSON.parse(readFileSync(truthFile, 'utf8')) as Record<string, TruthEntry>) : derivedTruth;
    if (truth !== null) {
      // the truth the rows give is per occurrence: an alert recurring in several incidents is scored in each (occurrences.ts)
      const perOccurrence = truth === derivedTruth && occurrences !== null && occurrences.length > Object.keys(truth).length;
      if (perOccurrence && occurrences !== null) {
        const scored = occurrenceScoring(groups, records, occurrences);
        evaluation = evaluateGroups(scored.groups, scored.truth);
        console.log(`alerts recur in other incidents: scored per occurrence (${occurrences.length} occurrences of ${Object.keys(truth).length} alerts), each in the group it landed in`);
      } else evaluation = evaluateGroups(groups, truth);
      const incidents = new Set(Object.values(truth).flatMap((t) => (t ? [t.failureId] : []))).size;
      const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
      console.log(`quality: precision ${pct(evaluation.precision)} recall ${pct(evaluation.recall)} F1 ${pct(evaluation.f1)} noise reduction ${pct(evaluation.noiseReduction)} (ideal ${pct(evaluation.idealNoiseReduction)}) root-cause top-1 ${pct(evaluation.rootCauseTop1)} (${evaluation.rootCauseKnown} of ${incidents} incidents with a known root)`);
    }
    const out = flags.get('out');
    if (typeof out === 'string') {
      writeFileSync(out, JSON.stringify({ events: events.length, invalid: bad, alerts, groups, evaluation, stats: engine.stats() }, null, 2) + '\n');
      console.log(`wrote ${out}`);
    }
    return 0;
  },
};
