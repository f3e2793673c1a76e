#!/usr/bin/env node
/**
 * incident-manager process shell: env + config file -> validated config -> buildApp -> start;
 * SIGTERM/SIGINT stop consuming, let in-flight batches finish and commit, close. No logic here.
 */
import './quiet-env.js';
import { envOverrides, loadConfig, parseIntStrict } from '@aiops/config';
import { createTelemetry } from '@aiops/telemetry';
import { systemClock } from '@aiops/pipeline';
import { tokensFromEnv, TokenAuth } from '@aiops/http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunbookMatcher, loadCatalog } from '@aiops/runbook';
import { serviceConfig } from './config.js';
import { buildApp } from './app.js';
import { runService } from '@aiops/service';
import { KAFKA_ENV } from '@aiops/kafka';

const env = process.env;
const overrides = envOverrides(env, {
  ...KAFKA_ENV,
  AIOPS_HTTP_PORT: { path: 'http.port', parse: parseIntStrict },
  AIOPS_INCIDENT_MANAGER_PORT: { path: 'http.port', parse: parseIntStrict },
  AIOPS_LOG_LEVEL: 'log.level',
  AIOPS_INCIDENT_MANAGER_TICK_MS: { path: 'manager.tickMs', parse: parseIntStrict },
  AIOPS_INCIDENT_MANAGER_CMDB_REFRESH_MS: { path: 'manager.cmdbRefreshMs', parse: parseIntStrict },
  AIOPS_INCIDENT_MANAGER_SESSION_TIMEOUT_MS: { path: 'manager.sessionTimeoutMs', parse: parseIntStrict },
  AIOPS_INCIDENT_MANAGER_QUIET_MS: { path: 'policy.autoResolve.quietMs', parse: parseIntStrict },
  AIOPS_INCIDENT_MANAGER_OPEN_DELAY_MS: { path: 'policy.open.delayMs', parse: parseIntStrict },
  AIOPS_INCIDENT_MANAGER_RETAIN_CLOSED_MS: { path: 'manager.retainClosedMs', parse: parseIntStrict },
});
const webhook = env.AIOPS_NOTIFY_WEBHOOK_URL;
if (webhook !== undefined && webhook !== '') {
  overrides.notify = { webhooks: [{ name: 'default', url: webhook, format: env.AIOPS_NOTIFY_FORMAT === 'slack' ? 'slack' : 'json' }] };
}

const config = loadConfig(serviceConfig, { file: env.AIOPS_CONFIG_FILE, overrides });
if (process.argv.includes('--check-config')) {
  console.log(JSON.stringify(config, null, 2));
  process.exit(0);
}
const telemetry = createTelemetry({ service: 'incident-manager', level: config.log.level });
const tokens = tokensFromEnv(env);
// runbook automation (issue 6): with AIOPS_RUNBOOK_DIR set, the catalog the runbook runner runs is matched
// here (validated at start-up: an invalid catalog stops the process with file:line: field: reason).
const rbDir = env.AIOPS_RUNBOOK_DIR;
const runbooks = rbDir ? createRunbookMatcher(loadCatalog(readdirSync(rbDir).filter((n) => /\.(ya?ml|json)$/.test(n)).map((n) => ({ path: join(rbDir, n), text: readFileSync(join(rbDir, n), 'utf8') })))) : undefined;
const app = buildApp(config, { telemetry, clock: systemClock, ...(tokens.length > 0 ? { auth: new TokenAuth(tokens) } : {}), ...(runbooks ? { runbooks } : {}) });

void runService(app, telemetry.logger);
