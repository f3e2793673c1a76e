/**
 * RFC3339 with any number of fractional digits (Go sends nanoseconds) and a Z or ±hh:mm offset.
 * Date.parse alone accepts too much (locale formats) and is engine-dependent past milliseconds.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})$/;
const NUMERIC = /^\d+(?:\.\d+)?$/;
/** Epoch values above this are milliseconds, below are seconds (1e11 s is the year 5138). */
const MS_THRESHOLD = 1e11;

/**
 * parseTimestamp reads a source timestamp as epoch ms. `undefined` means "no time" (absent, empty, or Go's
 * zero time 0001-01-01 that Alertmanager and Grafana send for unset endsAt); `null` means malformed.
 * Numbers and numeric strings are epoch seconds (Icinga, Nagios $TIMET$, Zabbix) or milliseconds (Datadog),
 * told apart by magnitude.
 */
export function parseTimestamp(v: unknown): number | undefined | null {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return epochToMs(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (NUMERIC.test(s)) return epochToMs(Number(s));
  const m = RFC3339.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  if (year <= 1) return undefined; // Go zero time
  const frac = (m[7] ?? '').slice(0, 3).padEnd(3, '0');
  let ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(frac));
  const tz = m[8] as string;
  if (tz !== 'Z' && tz !== 'z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

function epochToMs(n: number): number | undefined | null {
  if (!Number.isFinite(n) || n < 0) return null;
  if (n === 0) return undefined;
  return Math.round(n >= MS_THRESHOLD ? n : n * 1000);
}
