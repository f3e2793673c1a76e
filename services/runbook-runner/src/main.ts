import { envOverrides, loadConfig, parseBool, parseCsv, parseIntStrict } from '@aiops/config';
import { TokenAuth, tokensFromEnv } from '@aiops/http';
import { systemClock } from '@aiops/pipeline';
import { createTelemetry } from '@aiops/telemetry';
import { buildApp } from './app.js';
import { runnerConfig } from './config.js';
import { runService } from '@aiops/service';
import { KAFKA_ENV } from '@aiops/kafka';

// Process shell: env -> config -> buildApp -> start; SIGTERM/SIGINT -> stop (stop consuming, let running
// actions finish up to the grace period, record their results, close).
const env = process.env;
const telemetry = createTelemetry({ service: 'runbook-runner', level: env.AIOPS_LOG_LEVEL ?? 'info' });
const parseJson = (v: string): unknown => {
  try {
    return JSON.parse(v);
  } catch {
    return v; // the schema then names the key
  }
};
try {
  const overrides = envOverrides(env, {
    ...KAFKA_ENV,
    AIOPS_HTTP_PORT: { path: 'http.port', parse: parseIntStrict },
    AIOPS_RUNBOOK_RUNNER_PORT: { path: 'http.port', parse: parseIntStrict },
    AIOPS_HTTP_HOST: 'http.host',
    AIOPS_RUNBOOK_DIR: 'runbook.dir',
    AIOPS_RUNBOOK_DRY_RUN: { path: 'runbook.dryRun', parse: parseBool },
    AIOPS_RUNBOOK_SETTINGS: { path: 'runbook.settings', parse: parseJson },
    AIOPS_RUNBOOK_COMMAND_ALLOWLIST: { path: 'runbook.commandAllowlist', parse: parseCsv },
    AIOPS_RUNBOOK_KAFKA_TOPIC_ALLOWLIST: { path: 'runbook.kafkaTopicAllowlist', parse: parseCsv },
    AIOPS_RUNBOOK_SESSION_TIMEOUT_MS: { path: 'runbook.sessionTimeoutMs', parse: parseIntStrict },
    AIOPS_RUNBOOK_SHUTDOWN_GRACE_MS: { path: 'runbook.shutdownGraceMs', parse: parseIntStrict },
  });
  const config = loadConfig(runnerConfig, { file: env.AIOPS_CONFIG_FILE, overrides });
  const tokens = tokensFromEnv(env);
  const app = buildApp(config, { telemetry, clock: systemClock, auth: tokens.length > 0 ? new TokenAuth(tokens) : undefined });
  await runService(app, telemetry.logger);
  telemetry.logger.info({ port: config.http.port, runbooks: app.catalog.runbooks.map((r) => r.id) }, 'runbook runner started');
} catch (err) {
  telemetry.logger.fatal({ err, code: (err as { code?: string }).code }, (err as Error).message);
  process.exit(1);
}
