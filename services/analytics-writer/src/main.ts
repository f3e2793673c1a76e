#!/usr/bin/env node
/** analytics-writer process shell: env -> config -> buildApp -> start; SIGTERM drains and exits. */
import { envOverrides, loadConfig, parseIntStrict } from '@aiops/config';
import { createTelemetry } from '@aiops/telemetry';
import { serviceConfig } from './config.js';
import { buildApp } from './app.js';
import { runService } from '@aiops/service';
import { KAFKA_ENV } from '@aiops/kafka';

const env = process.env;
const overrides = envOverrides(env, {
  ...KAFKA_ENV,
  AIOPS_CLICKHOUSE_URL: 'clickhouse.url',
  AIOPS_CLICKHOUSE_DATABASE: 'clickhouse.database',
  AIOPS_CLICKHOUSE_USER: 'clickhouse.username',
  AIOPS_CLICKHOUSE_PASSWORD: 'clickhouse.password',
  AIOPS_ANALYTICS_WRITER_PORT: { path: 'http.port', parse: parseIntStrict },
  AIOPS_ANALYTICS_WRITER_MAX_ROWS: { path: 'writer.maxRows', parse: parseIntStrict },
  AIOPS_ANALYTICS_WRITER_MAX_DELAY_MS: { path: 'writer.maxDelayMs', parse: parseIntStrict },
  AIOPS_LOG_LEVEL: 'log.level',
});

const config = loadConfig(serviceConfig, { file: env.AIOPS_CONFIG_FILE, overrides });
if (process.argv.includes('--check-config')) {
  console.log(JSON.stringify({ ...config, clickhouse: { ...config.clickhouse, password: config.clickhouse.password ? '[redacted]' : '' } }, null, 2));
  process.exit(0);
}
const telemetry = createTelemetry({ service: 'analytics-writer', level: config.log.level });
const app = buildApp(config, { telemetry });

void runService(app, telemetry.logger);
