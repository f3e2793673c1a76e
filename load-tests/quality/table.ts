import { aggregate, type Aggregate } from './aggregate.js';
import type { Score } from './scorer.js';

/** ScenarioRow: what every benchmark suite reports per scenario (bench:quality, bench:heldout). */
export interface ScenarioRow {
  name: string;
  description: string;
  shape: string;
  topology: boolean;
  cis: number;
  events: number;
  alerts: number;
  failures: number;
  noiseAlerts: number;
  /** null when the engine is not available (baseline only). */
  engine: Score | null;
  engineMs: number | null;
  baseline: Score;
}

export interface Totals {
  /** engine micro-average over all scenarios; null without an engine. */
  engine: Aggregate | null;
  baseline: Aggregate;
  /** engine micro-average over the scenarios with / without topology; null when there are none. */
  topology: Aggregate | null;
  noTopology: Aggregate | null;
}

export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '   -  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

/** totals micro-averages the rows (see aggregate.ts). */
export function totals(rows: readonly ScenarioRow[]): Totals {
  const engineOf = (rs: readonly ScenarioRow[]) => {
    const scored = rs.filter((r) => r.engine !== null);
    return scored.length === 0 ? null : aggregate(scored.map((r) => ({ score: r.engine as Score, topology: r.topology })));
  };
  return {
    engine: rows.length > 0 && rows.every((r) => r.engine !== null) ? engineOf(rows) : null,
    baseline: aggregate(rows.map((r) => ({ score: r.baseline, topology: r.topology }))),
    topology: engineOf(rows.filter((r) => r.topology)),
    noTopology: engineOf(rows.filter((r) => !r.topology)),
  };
}

/**
 * printTable prints one line per scenario (engine P/R/F1, noise reduction against the ideal, root-cause
 * top-1, and the baseline's), the micro-averaged ALL row and the legend; `title` goes above the header.
 */
export function printTable(rows: readonly ScenarioRow[], t: Totals, title = ''): void {
  const header = ['scenario', 'CIs', 'events', 'alerts', 'fail', 'P', 'R', 'F1', 'NR', 'idealNR', 'RCtop1', 'base F1', 'base NR', 'base RC'];
  const cells = rows.map((r) => [
    r.name + (r.topology ? '' : ' *'), String(r.cis), String(r.events), String(r.alerts), String(r.failures),
    pct(r.engine?.precision), pct(r.engine?.recall), pct(r.engine?.f1), pct(r.engine?.noiseReduction), pct(r.baseline.idealNoiseReduction),
    pct(r.engine?.rootCauseTop1), pct(r.baseline.f1), pct(r.baseline.noiseReduction), pct(r.baseline.rootCauseTop1),
  ]);
  const e = t.engine;
  const b = t.baseline;
  const all = [
    'ALL (micro-avg)', String(rows.reduce((a, r) => a + r.cis, 0)), String(rows.reduce((a, r) => a + r.events, 0)), String(b.alerts), String(b.failures),
    pct(e?.precision), pct(e?.recall), pct(e?.f1), pct(e?.noiseReduction), pct(b.idealNoiseReduction),
    pct(e?.rootCauseTop1), pct(b.f1), pct(b.noiseReduction), pct(b.rootCauseTop1),
  ];
  const widths = header.map((h, c) => Math.max(h.length, ...[...cells, all].map((row) => (row[c] ?? '').length)));
  const line = (row: string[]): string => row.map((x, c) => (c === 0 ? x.padEnd(widths[c] ?? 0) : x.padStart(widths[c] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  console.log(`\n${title === '' ? '' : `${title}\n`}${line(header)}`);
  console.log(rule);
  for (const row of cells) console.log(line(row));
  console.log(rule);
  console.log(line(all));
  console.log('* = no topology (empty CMDB). RCtop1 in ALL counts topology scenarios only' +
    (e?.rootCauseTop1NoTopology != null ? `; no-topology RC top-1 (by name) = ${pct(e.rootCauseTop1NoTopology)}` : '') + '.');
}
