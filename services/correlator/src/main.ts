#!/usr/bin/env node
/**
 * correlator process shell: env + config file -> validated config -> buildApp -> start; SIGTERM/SIGINT
 * stop consuming, let in-flight batches finish and commit, close. No logic here.
 */
import './quiet-env.js';
import { envOverrides, loadConfig, parseIntStrict } from '@aiops/config';
import { createTelemetry } from '@aiops/telemetry';
import { systemClock } from '@aiops/pipeline';
import { tokensFromEnv, TokenAuth } from '@aiops/http';
import { serviceConfig } from './config.js';
import { buildApp } from './app.js';
import { runService } from '@aiops/service';
import { KAFKA_ENV } from '@aiops/kafka';

const env = process.env;
const overrides = envOverrides(env, {
  ...KAFKA_ENV,
  AIOPS_CORRELATOR_PORT: { path: 'http.port', parse: parseIntStrict },
  AIOPS_HTTP_PORT: { path: 'http.port', parse: parseIntStrict },
  AIOPS_LOG_LEVEL: 'log.level',
  AIOPS_CORRELATOR_ADVANCE_INTERVAL_MS: { path: 'correlator.advanceIntervalMs', parse: parseIntStrict },
  AIOPS_CORRELATOR_CMDB_REFRESH_MS: { path: 'correlator.cmdbRefreshMs', parse: parseIntStrict },
  AIOPS_CORRELATOR_REORDER_TOLERANCE_MS: { path: 'correlate.time.reorderToleranceMs', parse: parseIntStrict },
  AIOPS_CORRELATOR_DOMAIN_STRATEGY: 'correlate.domain.strategy',
  AIOPS_CORRELATOR_PATTERNS_TRAIN_MS: { path: 'correlator.patternsTrainMs', parse: parseIntStrict },
  AIOPS_CORRELATOR_CHECKPOINT_CHUNK_BYTES: { path: 'correlator.checkpointChunkBytes', parse: parseIntStrict },
  AIOPS_CORRELATOR_SESSION_TIMEOUT_MS: { path: 'correlator.sessionTimeoutMs', parse: parseIntStrict },
});
if (env.AIOPS_CORRELATOR_PORT !== undefined && env.AIOPS_HTTP_PORT !== undefined) {
  (overrides.http as Record<string, unknown>).port = parseIntStrict(env.AIOPS_CORRELATOR_PORT);
}

const config = loadConfig(serviceConfig, { file: env.AIOPS_CONFIG_FILE, overrides });
if (process.argv.includes('--check-config')) {
  console.log(JSON.stringify(config, null, 2));
  process.exit(0);
}
const telemetry = createTelemetry({ service: 'correlator', level: config.log.level });
const tokens = tokensFromEnv(env);
const app = buildApp(config, { telemetry, clock: systemClock, ...(tokens.length > 0 ? { auth: new TokenAuth(tokens) } : {}) });

void runService(app, telemetry.logger);
