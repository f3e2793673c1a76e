const OFFSET64 = 14695981039346656037n;
const PRIME64 = 1099511628211n;
const MASK64 = 0xffffffffffffffffn;
const SEPARATOR = 0xff;
const encoder = new TextEncoder();

function fnvAdd(h: bigint, bytes: Uint8Array): bigint {
  for (const b of bytes) h = ((h ^ BigInt(b)) * PRIME64) & MASK64;
  return h;
}

/**
 * alertmanagerFingerprint computes Prometheus' LabelSet.Fingerprint (FNV-1a 64 over sorted name, 0xff,
 * value, 0xff), printed as 16 hex digits the way Alertmanager's webhook does. Senders older than
 * Alertmanager 0.19 omit `fingerprint`; computing the same value keeps one identity either way.
 */
export function alertmanagerFingerprint(labels: Readonly<Record<string, string>>): string {
  let h = OFFSET64;
  const sep = Uint8Array.of(SEPARATOR);
  for (const name of Object.keys(labels).sort(byBytes)) {
    h = fnvAdd(h, encoder.encode(name));
    h = fnvAdd(h, sep);
    h = fnvAdd(h, encoder.encode(labels[name] ?? ''));
    h = fnvAdd(h, sep);
  }
  return h.toString(16).padStart(16, '0');
}

/** Go sorts strings by bytes; for label names (ASCII) this equals code-unit order, kept explicit here. */
function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
