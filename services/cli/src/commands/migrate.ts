import { loadMigrations, migrate } from '@aiops/clickhouse';
import { parseFlags, type Command } from '../command.js';
import { clickhouseFromEnv, DEFAULT_MIGRATIONS } from './clickhouse-env.js';

/** migrate: create the analytics database and apply the numbered migrations not applied yet (idempotent). */
export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply the ClickHouse migrations (deploy/clickhouse/migrations), idempotent',
  usage: 'aiops migrate [--dir <migrations dir>]   (AIOPS_CLICKHOUSE_URL, AIOPS_CLICKHOUSE_DATABASE default aiops)',
  async run(argv, env) {
    const { flags } = parseFlags(argv);
    const dir = typeof flags.get('dir') === 'string' ? (flags.get('dir') as string) : DEFAULT_MIGRATIONS;
    const ch = clickhouseFromEnv(env);
    try {
      const v = await ch.serverVersion();
      const applied = await migrate(ch, loadMigrations(dir));
      console.log(`ClickHouse ${v.text}, database ${ch.database}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}`);
      return 0;
    } finally {
      await ch.close();
    }
  },
};
