import { REPORTS, findReport, runReport, toCsv, type ReportResult } from '@aiops/analytics';
import { parseFlags, type Command } from '../command.js';
import { clickhouseFromEnv } from './clickhouse-env.js';

const DAY = 86_400_000;

/** renderTable prints a report as aligned text columns. */
export function renderTable(r: ReportResult): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v));
  const rows = [r.columns.map((c) => c.name), ...r.rows.map((row) => r.columns.map((c) => cell(row[c.name])))];
  const widths = r.columns.map((_, i) => Math.min(60, Math.max(...rows.map((x) => (x[i] as string).length))));
  return rows.map((x) => x.map((v, i) => (v.length > 60 ? `${v.slice(0, 57)}...` : v).padEnd(widths[i] as number)).join('  ').trimEnd()).join('\n');
}

/** report: run a trend report or the KPIs against ClickHouse and print it as a table, CSV or JSON. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'print a trend report or the KPIs (table, csv, json)',
  usage:
    'aiops report <name> [--from <ISO|ms>] [--to <ISO|ms>] [--service s] [--ci c] [--category c] [--priority P1] [--assignmentGroup g]\n' +
    '                    [--by ...] [--bucket hour|day|week|month] [--limit n] [--format table|csv|json]\n' +
    `  default period: the last 7 days. reports: ${REPORTS.map((r) => r.name).join(', ')}`,
  async run(argv, env) {
    const { flags, positionals } = parseFlags(argv);
    const name = positionals[0];
    if (name === undefined || !findReport(name)) {
      console.error(name === undefined ? this.usage : `unknown report ${name}\n${this.usage}`);
      return 2;
    }
    const format = (flags.get('format') as string | undefined) ?? 'table';
    if (!['table', 'csv', 'json'].includes(format)) {
      console.error('--format is table, csv or json');
      return 2;
    }
    const now = Date.now();
    const params: Record<string, unknown> = {};
    for (const [k, v] of flags) if (k !== 'format' && typeof v === 'string') params[k] = v;
    if (name !== 'problem-backlog') {
      params.from ??= now - 7 * DAY;
      params.to ??= now;
    }
    const ch = clickhouseFromEnv(env);
    try {
      const result = await runReport((sql) => ch.query(sql), ch.database, name, params);
      process.stdout.write(format === 'csv' ? toCsv(result) : format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : `${renderTable(result)}\n`);
      return 0;
    } catch (err) {
      const issues = (err as { issues?: Array<{ path: unknown[]; message: string }> }).issues;
      if (issues?.[0]) {
        console.error(`--${issues[0].path.join('.')}: ${issues[0].message}`);
        return 2;
      }
      throw err;
    } finally {
      await ch.close();
    }
  },
};
