import type { ClickHouse } from './client.js';
import { sqlIdentifier, sqlString } from './escape.js';

/**
 * dropExpiredPartitions is retention for servers without TTL (18.16): it drops the monthly partitions
 * (PARTITION BY toYYYYMM(...)) that end before `now - keepDays`. Whole months only, like TTL with
 * ttl_only_drop_parts: a row lives at least keepDays, at most one month longer. Returns the dropped ids.
 */
export async function dropExpiredPartitions(ch: ClickHouse, table: string, keepDays: number, now: number): Promise<string[]> {
  const cutoff = new Date(now - keepDays * 86_400_000);
  const cutoffMonth = cutoff.getUTCFullYear() * 100 + cutoff.getUTCMonth() + 1;
  const rows = await ch.query<{ partition: string }>(
    `SELECT DISTINCT partition FROM system.parts WHERE database = ${sqlString(ch.database)} AND table = ${sqlString(table)} AND active`,
  );
  const dropped: string[] = [];
  for (const { partition } of rows) {
    const m = /^'?(\d{6})'?$/.exec(partition);
    if (!m || Number(m[1]) >= cutoffMonth) continue;
    await ch.exec(`ALTER TABLE ${sqlIdentifier(ch.database)}.${sqlIdentifier(table)} DROP PARTITION ${m[1]}`);
    dropped.push(m[1] as string);
  }
  return dropped.sort();
}
