#!/usr/bin/env node
/**
 * gateway process shell: env + config file -> validated config -> buildApp -> start; SIGTERM/SIGINT stop
 * taking requests, finish in-flight sends, stop the raw consumer (commit), close. No logic here.
 */
import { envOverrides, loadConfig, parseBool, parseIntStrict } from '@aiops/config';
import { tokensFromEnv, TokenAuth } from '@aiops/http';
import { systemClock } from '@aiops/pipeline';
import { createTelemetry } from '@aiops/telemetry';
import { buildApp } from './app.js';
import { gatewayConfig } from './config.js';
import { runService } from '@aiops/service';
import { KAFKA_ENV } from '@aiops/kafka';

const env = process.env;
const overrides = envOverrides(env, {
  ...KAFKA_ENV,
  AIOPS_HTTP_PORT: { path: 'http.port', parse: parseIntStrict },
  AIOPS_GATEWAY_PORT: { path: 'http.port', parse: parseIntStrict },
  AIOPS_GATEWAY_HOST: 'http.host',
  AIOPS_GATEWAY_BODY_LIMIT: { path: 'http.bodyLimit', parse: parseIntStrict },
  AIOPS_GATEWAY_RATE_PER_SECOND: { path: 'ingest.rateLimit.perSecond', parse: Number },
  AIOPS_GATEWAY_RATE_BURST: { path: 'ingest.rateLimit.burst', parse: parseIntStrict },
  AIOPS_GATEWAY_RAW_INPUT: { path: 'rawInput.enabled', parse: parseBool },
  AIOPS_LOG_LEVEL: 'log.level',
});
// AIOPS_GATEWAY_PORT wins over the generic AIOPS_HTTP_PORT
if (env.AIOPS_GATEWAY_PORT !== undefined && env.AIOPS_GATEWAY_PORT !== '') {
  (overrides.http as Record<string, unknown>).port = parseIntStrict(env.AIOPS_GATEWAY_PORT);
}

const config = loadConfig(gatewayConfig, { file: env.AIOPS_CONFIG_FILE, overrides });
if (process.argv.includes('--check-config')) {
  console.log(JSON.stringify({ ...config, ingest: { ...config.ingest, hmac: Object.keys(config.ingest.hmac) } }, null, 2));
  process.exit(0);
}
const telemetry = createTelemetry({ service: 'gateway', level: config.log.level });
const tokens = tokensFromEnv(env);
if (tokens.length === 0) telemetry.logger.warn('no API tokens configured (AIOPS_API_TOKENS / AIOPS_API_TOKEN_FILE): every event request will get 401');
const app = buildApp(config, { telemetry, clock: systemClock, auth: new TokenAuth(tokens) });

void runService(app, telemetry.logger);
