import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouse, ServerFeatures } from './client.js';
import { MigrationFailed } from './errors.js';
import { sqlIdentifier, sqlString } from './escape.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** loadMigrations reads `NNNN_name.sql` files in version order. */
export function loadMigrations(dir: string): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) continue;
    out.push({ version: Number(m[1]), name: m[2] as string, sql: readFileSync(join(dir, file), 'utf8') });
  }
  const seen = new Set<number>();
  for (const m of out) {
    if (seen.has(m.version)) throw MigrationFailed(`two migrations share version ${m.version} in ${dir}`);
    seen.add(m.version);
  }
  return out;
}

/**
 * renderMigration fills the version-dependent parts of a migration:
 *   {{db}}                -> the quoted database name
 *   {{lc String}}         -> LowCardinality(String) where the server has it, else String
 *   {{ttl <expr>}}        -> TTL <expr> where the server has TTL (19.6+), else nothing (retention by DROP PARTITION)
 *   {{ttl_settings}}      -> , ttl_only_drop_parts = 1 where TTL exists, else nothing
 */
export function renderMigration(sql: string, database: string, f: ServerFeatures): string {
  return sql
    .replace(/\{\{db\}\}/g, sqlIdentifier(database))
    .replace(/\{\{lc ([A-Za-z0-9()]+)\}\}/g, (_m, t: string) => (f.lowCardinality ? `LowCardinality(${t})` : t))
    .replace(/\{\{ttl ([^}]+)\}\}/g, (_m, expr: string) => (f.ttl ? `TTL ${expr}` : ''))
    .replace(/\{\{ttl_settings\}\}/g, () => (f.ttl ? ', ttl_only_drop_parts = 1' : ''));
}

/** splitStatements splits on `;` at line ends, ignoring `--` comment lines. */
export function splitStatements(sql: string): string[] {
  const lines = sql.split('\n').filter((l) => !/^\s*--/.test(l));
  return lines
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * migrate creates the database if missing and applies every migration not yet recorded in
 * `schema_migrations`, in order. Statements use IF NOT EXISTS, so a crash mid-migration is repaired
 * by running it again. Returns the versions applied now.
 */
export async function migrate(ch: ClickHouse, migrations: readonly Migration[], opts: { database?: string } = {}): Promise<number[]> {
  const db = opts.database ?? ch.database;
  const f = await ch.features();
  await ch.exec(`CREATE DATABASE IF NOT EXISTS ${sqlIdentifier(db)}`);
  await ch.exec(
    `CREATE TABLE IF NOT EXISTS ${sqlIdentifier(db)}.schema_migrations (version UInt32, name String, applied_at DateTime DEFAULT now()) ENGINE = ReplacingMergeTree() ORDER BY version`,
  );
  const rows = await ch.query<{ version: number | string }>(`SELECT version FROM ${sqlIdentifier(db)}.schema_migrations`);
  const applied = new Set(rows.map((r) => Number(r.version)));
  const done: number[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    for (const stmt of splitStatements(renderMigration(m.sql, db, f))) {
      try {
        await ch.exec(stmt);
      } catch (err) {
        throw MigrationFailed(`migration ${m.version}_${m.name} failed: ${(err as Error).message}\n${stmt.slice(0, 500)}`, err);
      }
    }
    await ch.exec(`INSERT INTO ${sqlIdentifier(db)}.schema_migrations (version, name) VALUES (${m.version}, ${sqlString(m.name)})`);
    done.push(m.version);
  }
  return done;
}
