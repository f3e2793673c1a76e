/**
 * RecentIds: the 32-bit hashes of an alert's last event ids (duplicate delivery check), packed two UTF-16
 * code units per hash into one flat string. An exact-size number array cost 56-112 bytes per alert (array
 * object plus backing store); the string costs 24-48. Checkpoints keep the number arrays (unpack/pack).
 */
export type RecentIds = string;

export function packIds(hashes: readonly number[]): RecentIds {
  const units: number[] = [];
  for (const h of hashes) units.push(h >>> 16, h & 0xffff);
  return String.fromCharCode(...units);
}

export function unpackIds(r: RecentIds): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < r.length; i += 2) out.push(((r.charCodeAt(i) << 16) | r.charCodeAt(i + 1)) >>> 0);
  return out;
}

/** hasId: `hash` (a uint32) is among the recent ids. */
export function hasId(r: RecentIds, hash: number): boolean {
  const hi = hash >>> 16;
  const lo = hash & 0xffff;
  for (let i = 0; i + 1 < r.length; i += 2) if (r.charCodeAt(i) === hi && r.charCodeAt(i + 1) === lo) return true;
  return false;
}

/**
 * rememberId: the recent ids with `hash` appended, the oldest dropped past `max`; built afresh so the
 * string is flat (a `+` would make a rope and a slice a view that keeps the longer string alive).
 */
export function rememberId(r: RecentIds, hash: number, max: number): RecentIds {
  const from = r.length + 2 > 2 * max ? 2 : 0;
  const units: number[] = [];
  for (let i = from; i < r.length; i++) units.push(r.charCodeAt(i));
  units.push(hash >>> 16, hash & 0xffff);
  return String.fromCharCode(...units);
}
