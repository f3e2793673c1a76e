import { resolve } from 'node:path';
import { clickhouseConfig, createClickHouse, type ClickHouse } from '@aiops/clickhouse';
import { createTelemetry } from '@aiops/telemetry';

/** DEFAULT_MIGRATIONS: deploy/clickhouse/migrations of this checkout (dist/commands -> repo root). */
export const DEFAULT_MIGRATIONS = resolve(import.meta.dirname, '../../../../deploy/clickhouse/migrations');

/** clickhouseFromEnv builds the ClickHouse client of a CLI command from AIOPS_CLICKHOUSE_* variables. */
export function clickhouseFromEnv(env: Readonly<Record<string, string | undefined>>): ClickHouse {
  const cfg = clickhouseConfig.parse({
    ...(env.AIOPS_CLICKHOUSE_URL ? { url: env.AIOPS_CLICKHOUSE_URL } : {}),
    ...(env.AIOPS_CLICKHOUSE_DATABASE ? { database: env.AIOPS_CLICKHOUSE_DATABASE } : {}),
    ...(env.AIOPS_CLICKHOUSE_USER ? { username: env.AIOPS_CLICKHOUSE_USER } : {}),
    ...(env.AIOPS_CLICKHOUSE_PASSWORD ? { password: env.AIOPS_CLICKHOUSE_PASSWORD } : {}),
  });
  return createClickHouse(cfg, createTelemetry({ service: 'cli', level: 'warn', defaultMetrics: false }));
}
