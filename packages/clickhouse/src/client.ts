import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { counter, histogram, type Telemetry } from '@aiops/telemetry';
import { errorType } from '@aiops/errors';
import type { ClickHouseConfig } from './config.js';
import { ClickHouseQueryFailed, ClickHouseRejected, ClickHouseUnavailable } from './errors.js';

export interface ServerVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly text: string;
}

/** Features decided once from the server version (probe `SELECT version()`), not per query. */
export interface ServerFeatures {
  readonly ttl: boolean;
  readonly lowCardinality: boolean;
  readonly queryParams: boolean;
  readonly dateTime64: boolean;
}

export function featuresOf(v: ServerVersion): ServerFeatures {
  const atLeast = (maj: number, min: number) => v.major > maj || (v.major === maj && v.minor >= min);
  return {
    ttl: atLeast(19, 6), // TTL for tables and columns arrived in 19.6
    lowCardinality: atLeast(19, 9), // experimental (flag needed) before the 19.x line made it GA
    queryParams: atLeast(19, 11),
    dateTime64: atLeast(20, 1),
  };
}

export function parseVersion(text: string): ServerVersion {
  const [major = 0, minor = 0, patch = 0] = text.split('.').map((s) => Number.parseInt(s, 10));
  return { major, minor, patch, text };
}

/** ClickHouse is the one door to the server: inserts are always JSONEachRow (18.16 lacks the client's default format). */
export interface ClickHouse {
  readonly database: string;
  ping(): Promise<boolean>;
  serverVersion(): Promise<ServerVersion>;
  features(): Promise<ServerFeatures>;
  /** exec runs a statement without a result (DDL). */
  exec(sql: string): Promise<void>;
  /** query returns the rows of a SELECT (64-bit integers arrive as strings). */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** insert writes rows in one request; throws ClickHouseUnavailable (retry) or ClickHouseRejected (bad rows). */
  insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  close(): Promise<void>;
}

// ClickHouse error codes that mean "these rows are bad", as opposed to "the server has a problem now":
// CANNOT_PARSE_TEXT 6, CANNOT_PARSE_QUOTED_STRING 26, CANNOT_PARSE_INPUT_ASSERTION_FAILED 27, CANNOT_PARSE_DATE 38,
// CANNOT_PARSE_DATETIME 41, TYPE_MISMATCH 53, ARGUMENT_OUT_OF_BOUND 69, CANNOT_CONVERT_TYPE 70, CANNOT_PARSE_NUMBER 72,
// INCORRECT_DATA 117, CANNOT_READ_ARRAY_FROM_TEXT 130, TOO_LARGE_STRING_SIZE 131, VALUE_IS_OUT_OF_RANGE 321,
// CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN 349.
const DATA_ERROR_CODES = new Set(['6', '26', '27', '38', '41', '53', '69', '70', '72', '117', '130', '131', '321', '349']);
// Codes that say "not now": timeouts, overload, too many parts, memory, missing table/database (not migrated yet),
// network and read-only replicas. Anything else with a code is a bug in our SQL: not retryable.
const TRANSIENT_CODES = new Set(['3', '23', '32', '60', '81', '159', '160', '164', '202', '203', '209', '210', '241', '242', '252', '285', '319', '425']);

/**
 * serverErrorCode finds the ClickHouse error code of a failed request. The client parses it only from the
 * modern message format ("Code: 27. DB::Exception: … (TYPE)"); 18.16 answers "Code: 27, e.displayText() = …",
 * which the client leaves as a plain Error, so the code is read from the message here.
 */
export function serverErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return code;
  const msg = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  const m = /^\s*Code: (\d+)[.,]/.exec(msg);
  return m ? m[1] : undefined;
}

function classify(err: unknown, what: string): Error {
  const code = serverErrorCode(err);
  const msg = `${what}: ${err instanceof Error ? err.message : String(err)}`;
  if (code !== undefined) {
    if (DATA_ERROR_CODES.has(code)) return ClickHouseRejected(msg, err);
    if (TRANSIENT_CODES.has(code)) return ClickHouseUnavailable(msg, err);
    return ClickHouseQueryFailed(msg, err);
  }
  // no server code: connection refused/reset, timeouts, proxies answering 5xx HTML: the server is unreachable
  return ClickHouseUnavailable(msg, err);
}

/** createClickHouse connects lazily; the database may not exist yet (migrate creates it). */
export function createClickHouse(config: ClickHouseConfig, telemetry: Telemetry): ClickHouse {
  const mk = (database?: string): ClickHouseClient =>
    createClient({
      url: config.url,
      username: config.username,
      password: config.password,
      request_timeout: config.requestTimeoutMs,
      ...(database ? { database } : {}),
      compression: { request: false, response: false },
      // failures are classified and logged by the caller; the client's own console logging stays off
      log: { level: ClickHouseLogLevel.OFF },
    });
  const client = mk(config.database);
  const inserted = counter(telemetry.registry, 'aiops_clickhouse_inserted_rows_total', 'rows acknowledged by ClickHouse', ['table']);
  const insertErrors = counter(telemetry.registry, 'aiops_clickhouse_insert_errors_total', 'failed inserts', ['table', 'error_type']);
  const insertLatency = histogram(telemetry.registry, 'aiops_clickhouse_insert_duration_seconds', 'insert latency', ['table'], [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  let version: Promise<ServerVersion> | undefined;

  return {
    database: config.database,
    async ping() {
      try {
        const r = await client.ping();
        return r.success;
      } catch {
        return false;
      }
    },
    serverVersion() {
      version ??= (async () => {
        const admin = mk();
        try {
          const rs = await admin.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' });
          const rows = await rs.json<{ v: string }>();
          return parseVersion(rows[0]?.v ?? '0.0.0');
        } catch (err) {
          version = undefined;
          throw classify(err, 'version probe failed');
        } finally {
          await admin.close();
        }
      })();
      return version;
    },
    async features() {
      return featuresOf(await this.serverVersion());
    },
    async exec(sql) {
      // DDL may target a database that does not exist yet: run it outside the configured database.
      const admin = mk();
      try {
        await admin.command({ query: sql });
      } catch (err) {
        throw classify(err, 'statement failed');
      } finally {
        await admin.close();
      }
    },
    async query<T>(sql: string) {
      try {
        const rs = await client.query({ query: sql, format: 'JSONEachRow' });
        return await rs.json<T>();
      } catch (err) {
        throw classify(err, 'query failed');
      }
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      const end = insertLatency.startTimer({ table });
      try {
        await client.insert({ table, values: rows as Record<string, unknown>[], format: 'JSONEachRow' });
        inserted.inc({ table }, rows.length);
      } catch (err) {
        const e = classify(err, `insert into ${table} failed`);
        insertErrors.inc({ table, error_type: errorType(e) });
        throw e;
      } finally {
        end();
      }
    },
    async close() {
      await client.close();
    },
  };
}
