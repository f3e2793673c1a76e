import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignatureCheck {
  readonly secret: string;
  readonly header: string;
  readonly timestampHeader?: string | undefined;
  /** With a timestamp header: refuse timestamps further than this from now (replay window), seconds. */
  readonly maxSkewSeconds?: number | undefined;
}

/**
 * verifySignature checks hex(HMAC-SHA256(secret, [timestamp ":"] body)) against the header, in constant
 * time (Grafana's webhook HMAC settings). Accepts an optional "sha256=" prefix (GitHub style). With a
 * timestamp header and `maxSkewSeconds`, an old timestamp is refused (replay). Returns a reason when it fails.
 */
export function verifySignature(
  check: SignatureCheck,
  body: Buffer,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  nowMs?: number,
): string | undefined {
  const raw = headers[check.header.toLowerCase()];
  const given = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (given === undefined || given === '') return `missing ${check.header} header`;
  const hex = given.startsWith('sha256=') ? given.slice(7) : given;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return `${check.header} is not a hex SHA-256 HMAC`;
  const mac = createHmac('sha256', check.secret);
  if (check.timestampHeader !== undefined) {
    const ts = headers[check.timestampHeader.toLowerCase()];
    const t = Array.isArray(ts) ? ts[0] : ts;
    if (t === undefined || t === '') return `missing ${check.timestampHeader} header`;
    if (check.maxSkewSeconds !== undefined && nowMs !== undefined) {
      const ts = Number(t);
      if (!Number.isFinite(ts)) return `${check.timestampHeader} is not a Unix time in seconds`;
      if (Math.abs(nowMs / 1000 - ts) > check.maxSkewSeconds) return `${check.timestampHeader} is more than ${check.maxSkewSeconds} s away from now (replay window)`;
    }
    mac.update(`${t}:`);
  }
  const want = mac.update(body).digest();
  return timingSafeEqual(want, Buffer.from(hex, 'hex')) ? undefined : `${check.header} does not match the body`;
}
