#!/usr/bin/env node
/**
 * Report-speed benchmark: generates 10 million events, 1 million alert state changes and 100,000
 * incidents (two versions each, so FINAL has work to do) into a throwaway database with
 * INSERT … SELECT FROM numbers() (server-side, fast), then times every report query (median of 3) and
 * prints a table. The database is dropped afterwards unless --keep (then a re-run reuses it).
 *
 *   npm run bench:reports [-- --events 10000000 --incidents 100000 --keep --db aiops_bench]
 *   env AIOPS_CLICKHOUSE_URL (default http://127.0.0.1:8123)
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { clickhouseConfig, createClickHouse, loadMigrations, migrate } from '@aiops/clickhouse';
import { runReport } from '@aiops/analytics';
import { createTelemetry } from '@aiops/telemetry';

const args = process.argv.slice(2);
const flag = (n, d) => {
  const i = args.indexOf(`--${n}`);
  return i >= 0 && args[i + 1] && !args[i + 1].startsWith('--') ? args[i + 1] : d;
};
const EVENTS = Number(flag('events', 10_000_000));
const INCIDENTS = Number(flag('incidents', 100_000));
const ALERTS = Number(flag('alerts', 1_000_000));
const KEEP = args.includes('--keep');
const DB = flag('db', 'aiops_bench_reports');
const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 1);
const START = END - 90 * DAY;
const S0 = START / 1000;
const SPAN = (END - START) / 1000;

const ch = createClickHouse(
  clickhouseConfig.parse({ url: process.env.AIOPS_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123', database: DB, requestTimeoutMs: 600_000 }),
  createTelemetry({ service: 'bench-reports', level: 'warn', defaultMetrics: false }),
);

async function timed(fn) {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

async function count(table) {
  const r = await ch.query(`SELECT count() AS n FROM ${DB}.${table}`);
  return Number(r[0]?.n ?? 0);
}

async function generate() {
  await migrate(ch, loadMigrations(resolve(import.meta.dirname, '../../deploy/clickhouse/migrations')));
  if ((await count('events')) >= EVENTS && (await count('incidents')) >= INCIDENTS) {
    console.log(`reusing ${DB}`);
    return;
  }
  const t = (expr) => `toDateTime(${S0} + intDiv(${expr} * ${SPAN}, `;
  const [te] = await timed(() =>
    ch.exec(`INSERT INTO ${DB}.events (id, source, fingerprint, status, severity, title, description, host, service, namespace, labels, occurred_at, received_at, occurred_ms, received_ms, payload)
SELECT concat('ev-', toString(number)), ['alertmanager', 'zabbix', 'grafana', 'nagios'][number % 4 + 1], concat('fp-', toString(number % 50000)),
  if(number % 3 = 0, 'resolved', 'firing'), ['critical', 'major', 'minor', 'warning', 'info'][number % 5 + 1], concat('Alert ', toString(number % 500)), '',
  concat('host-', toString(number % 2000)), concat('svc-', toString(number % 40)), '', '{}',
  ${t('number')}${EVENTS})), ${t('number')}${EVENTS})), (${S0} + intDiv(number * ${SPAN}, ${EVENTS})) * 1000, (${S0} + intDiv(number * ${SPAN}, ${EVENTS})) * 1000, ''
FROM numbers(${EVENTS})`),
  );
  console.log(`generated ${EVENTS} events in ${(te / 1000).toFixed(1)} s`);
  const [ta] = await timed(() =>
    ch.exec(`INSERT INTO ${DB}.alerts (alert_id, fingerprint, version, change, status, severity, source, title, template, ci_id, ci_method, service, domain, count, episode, flapping, suppressed_by, first_seen, last_seen, at, at_ms, payload)
SELECT concat('al-', toString(number % ${ALERTS / 5})), concat('fp-', toString(number % ${ALERTS / 5})), intDiv(number, ${ALERTS / 5}) + 1,
  if(number % 97 = 0, 'flapping_started', if(number < ${ALERTS / 5}, 'opened', 'repeated')), 'firing', ['critical', 'major', 'minor', 'warning'][number % 4 + 1], 'alertmanager',
  concat('Alert ', toString(number % 500)), concat('Template <n> ', toString(number % 300)), concat('ci-', toString(number % 3000)), 'hostname', concat('svc-', toString(number % 40)), concat('svc-', toString(number % 40)),
  toUInt32(intDiv(number, ${ALERTS / 5}) + 1), 1, 0, '', ${t('number')}${ALERTS})), ${t('number')}${ALERTS})), ${t('number')}${ALERTS})), (${S0} + intDiv(number * ${SPAN}, ${ALERTS})) * 1000, ''
FROM numbers(${ALERTS})`),
  );
  console.log(`generated ${ALERTS} alert changes in ${(ta / 1000).toFixed(1)} s`);
  const [ti] = await timed(async () => {
    for (const version of [1, 2]) {
      await ch.exec(`INSERT INTO ${DB}.incidents (id, number, version, origin, title, template, state, severity, impact, urgency, priority, major, category, subcategory, assignment_group, assignee, service, services, ci, cis, problem_id,
  detected_at, detected_ms, occurred_ms, acknowledged_ms, resolved_ms, closed_ms, updated_ms, user_reported_ms, reassignments, reopen_count, resolved_by, on_hold_ms, sla_resolution_target_ms, sla_response_breached, sla_resolution_breached, model_id, runbook_id, alert_count, change_suspect, change_ids, payload)
SELECT concat('inc-', toString(number)), concat('INC-', toString(number)), ${version}, if(number % 10 = 0, 'user', 'monitoring'), concat('Incident ', toString(number % 700)), concat('Template <n> ', toString(number % 300)),
  ${version === 1 ? "'new'" : "if(number % 7 = 0, 'in_progress', 'resolved')"}, 'major', 'medium', 'medium', ['P1', 'P2', 'P3', 'P4', 'P5'][number % 5 + 1], number % 5 = 0,
  ['disk', 'network', 'database', 'application', 'capacity', 'security'][number % 6 + 1], '', ['dba', 'net', 'sre', 'app', 'sec'][number % 5 + 1], '',
  concat('svc-', toString(number % 40)), [concat('svc-', toString(number % 40))], concat('ci-', toString(number % 3000)), [concat('ci-', toString(number % 3000))], '',
  toDateTime(${S0} + intDiv(number * ${SPAN}, ${INCIDENTS})), (${S0} + intDiv(number * ${SPAN}, ${INCIDENTS})) * 1000 AS d, d - 60000 - (number % 300) * 1000,
  ${version === 1 ? '0' : 'd + 120000 + (number % 600) * 1000'}, ${version === 1 ? '0' : 'if(number % 7 = 0, 0, d + 1800000 + (number % 7200) * 1000)'}, 0, d, if(number % 10 = 3, d + 600000, 0),
  number % 3, number % 20 = 0, ['human', 'automation', 'auto_resolve'][number % 3 + 1], (number % 4) * 60000, 14400000, 0, number % 9 = 0, if(number % 4 = 0, 'rb-restart', ''), '',
  number % 12, number % 25 = 0, arrayFilter(x -> number % 25 = 0, [concat('chg-', toString(number % 1000))]), ''
FROM numbers(${INCIDENTS})`);
    }
  });
  console.log(`generated ${INCIDENTS} incidents x 2 versions in ${(ti / 1000).toFixed(1)} s`);
}

const period = { from: START, to: END };
const CASES = [
  ['kpis', period],
  ['kpis', { ...period, service: 'svc-7', priority: 'P2' }],
  ['kpis-over-time', { ...period, bucket: 'week' }],
  ['incidents-over-time', { ...period, by: 'service', bucket: 'day' }],
  ['incidents-over-time', { ...period, by: 'category', bucket: 'week' }],
  ['sla-breaches-by-team', period],
  ['change-related-incidents', { ...period, limit: 100 }],
  ['alerts-over-time', { ...period, by: 'service', bucket: 'day' }],
  ['events-over-time', { ...period, by: 'severity', bucket: 'day' }],
  ['noisy-templates', period],
  ['noisy-cis', period],
  ['flapping-leaders', period],
  ['problem-backlog', {}],
];

async function main() {
  console.log(`ClickHouse ${(await ch.serverVersion()).text}, database ${DB}`);
  await generate();
  console.log(`rows: events ${await count('events')}, alerts ${await count('alerts')}, incidents ${await count('incidents')} (x2 versions)\n`);
  const q = (sql) => ch.query(sql);
  const results = [];
  for (const [name, params] of CASES) {
    const times = [];
    let rows = 0;
    for (let i = 0; i < 3; i++) {
      const [ms, r] = await timed(() => runReport(q, DB, name, params));
      times.push(ms);
      rows = r.rows.length;
    }
    times.sort((a, b) => a - b);
    const extra = Object.entries(params).filter(([k]) => k !== 'from' && k !== 'to').map(([k, v]) => `${k}=${v}`).join(' ');
    results.push({ report: `${name}${extra ? ` (${extra})` : ''}`, median: times[1], max: times[2], rows });
  }
  const w = Math.max(...results.map((r) => r.report.length));
  console.log(`${'report'.padEnd(w)}  median ms  max ms  rows`);
  for (const r of results) console.log(`${r.report.padEnd(w)}  ${r.median.toFixed(0).padStart(9)}  ${r.max.toFixed(0).padStart(6)}  ${String(r.rows).padStart(4)}`);
  const slow = results.filter((r) => r.median >= 1000);
  console.log(slow.length === 0 ? '\nall report queries answered in under a second (median of 3)' : `\nSLOW (>= 1 s): ${slow.map((r) => r.report).join(', ')}`);
  if (!KEEP) await ch.exec(`DROP DATABASE IF EXISTS ${DB}`);
  await ch.close();
  process.exitCode = slow.length === 0 ? 0 : 1;
}

main().catch(async (err) => {
  console.error(err);
  if (!KEEP) await ch.exec(`DROP DATABASE IF EXISTS ${DB}`).catch(() => undefined);
  process.exit(1);
});
