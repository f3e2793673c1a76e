import { randomBytes } from 'node:crypto';

/** StackEnv is where the integration tests find the real Kafka and ClickHouse (set by test/setup/stack.ts). */
export interface StackEnv {
  readonly kafkaBrokers: string[];
  readonly clickhouseUrl: string;
}

export function stackEnv(): StackEnv {
  const brokers = process.env.AIOPS_KAFKA_BROKERS;
  const ch = process.env.AIOPS_CLICKHOUSE_URL;
  if (!brokers || !ch) {
    throw new Error(
      'AIOPS_KAFKA_BROKERS / AIOPS_CLICKHOUSE_URL are not set: run integration tests through `npm test` ' +
        '(its global setup finds or starts the local stack: npm run stack:install && npm run stack:up).',
    );
  }
  return { kafkaBrokers: brokers.split(',').map((s) => s.trim()), clickhouseUrl: ch };
}

/**
 * uniqueName gives each test its own topic namespace, consumer groups and ClickHouse database, so
 * tests never depend on each other or on leftovers of an earlier run.
 */
export function uniqueName(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`.toLowerCase().replace(/[^a-z0-9]/g, '');
}
