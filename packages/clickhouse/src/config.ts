import { z } from 'zod';

/** clickhouseConfig is the shared config fragment of every ClickHouse-using service (`clickhouse`). */
export const clickhouseConfig = z.strictObject({
  url: z.string().url().default('http://127.0.0.1:8123').describe('HTTP interface of the server'),
  database: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and underscores').default('aiops'),
  username: z.string().default('default'),
  password: z.string().default(''),
  requestTimeoutMs: z.number().int().positive().default(30_000),
});
export type ClickHouseConfig = z.output<typeof clickhouseConfig>;
