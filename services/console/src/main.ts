#!/usr/bin/env node
/**
 * console process shell: env + config file -> validated config -> buildApp -> start; SIGTERM/SIGINT
 * stop consuming and close. No logic here. Tokens: AIOPS_API_TOKENS / AIOPS_API_TOKEN_FILE.
 */
import './quiet-env.js';
import { envOverrides, loadConfig, parseIntStrict } from '@aiops/config';
import { createTelemetry } from '@aiops/telemetry';
import { systemClock } from '@aiops/pipeline';
import { tokensFromEnv, TokenAuth } from '@aiops/http';
import { clickhouseConfig, createClickHouse } from '@aiops/clickhouse';
import { serviceConfig } from './config.js';
import { buildApp } from './app.js';
import { runService } from '@aiops/service';
import { KAFKA_ENV } from '@aiops/kafka';

const env = process.env;
const overrides = envOverrides(env, {
  ...KAFKA_ENV,
  AIOPS_HTTP_PORT: { path: 'http.port', parse: parseIntStrict },
  AIOPS_CONSOLE_PORT: { path: 'http.port', parse: parseIntStrict },
  AIOPS_LOG_LEVEL: 'log.level',
  AIOPS_CONSOLE_ACTION_TIMEOUT_MS: { path: 'console.actionTimeoutMs', parse: parseIntStrict },
  AIOPS_CONSOLE_TIMELINE_GRACE_MS: { path: 'console.timelineOrphanGraceMs', parse: parseIntStrict },
  AIOPS_CONSOLE_TIMELINE_MAX_ENTRIES: { path: 'console.timelineMaxEntries', parse: parseIntStrict },
  AIOPS_CONSOLE_VIEW_RETENTION_MS: { path: 'console.viewRetentionMs', parse: parseIntStrict },
  AIOPS_CONSOLE_MAX_GROUPS: { path: 'console.maxGroups', parse: parseIntStrict },
  AIOPS_CONSOLE_MAX_ALERTS: { path: 'console.maxAlerts', parse: parseIntStrict },
});

const config = loadConfig(serviceConfig, { file: env.AIOPS_CONFIG_FILE, overrides });
if (process.argv.includes('--check-config')) {
  console.log(JSON.stringify(config, null, 2));
  process.exit(0);
}
const telemetry = createTelemetry({ service: 'console', level: config.log.level });
const tokens = tokensFromEnv(env);
if (tokens.length === 0) telemetry.logger.warn('no API tokens configured (AIOPS_API_TOKENS / AIOPS_API_TOKEN_FILE): every /api request will get 401');
// reports and problems (routes/reports.ts, routes/problems.ts) query ClickHouse; the client connects lazily
const clickhouse = createClickHouse(
  clickhouseConfig.parse({
    ...(env.AIOPS_CLICKHOUSE_URL ? { url: env.AIOPS_CLICKHOUSE_URL } : {}),
    ...(env.AIOPS_CLICKHOUSE_DATABASE ? { database: env.AIOPS_CLICKHOUSE_DATABASE } : {}),
    ...(env.AIOPS_CLICKHOUSE_USER ? { username: env.AIOPS_CLICKHOUSE_USER } : {}),
    ...(env.AIOPS_CLICKHOUSE_PASSWORD ? { password: env.AIOPS_CLICKHOUSE_PASSWORD } : {}),
  }),
  telemetry,
);
const app = buildApp(config, {
  telemetry,
  clock: systemClock,
  auth: new TokenAuth(tokens),
  extras: { runbookRunnerUrl: env.AIOPS_CONSOLE_RUNBOOK_RUNNER_URL ?? 'http://127.0.0.1:8084', clickhouse },
});

void runService({ start: () => app.start(), stop: async () => { await app.stop(); await clickhouse.close(); } }, telemetry.logger);
