/**
 * Scope labels: without a CMDB, a label that says *where* an alert comes from (region, site, datacenter,
 * cluster, environment) separates failures that look alike and start together (two availability zones
 * in two regions, the same check failing at two sites). Two alerts that both carry such a label with
 * different values are about different places, and label-only evidence (a look-alike text, an onset
 * burst, a shared name word) is no reason to group them. Label names are compared case-insensitively
 * (`Region` from CloudWatch, `region` from Prometheus external labels).
 */
import type { Labels } from '@aiops/model';

/** scopeOf: the alert's values of the scope labels (lower-cased names and values; empty values ignored). */
export function scopeOf(labels: Labels, scopeLabels: ReadonlySet<string>): Map<string, string> | null {
  let out: Map<string, string> | null = null;
  for (const [k, v] of Object.entries(labels)) {
    if (v === '' || !scopeLabels.has(k.toLowerCase())) continue;
    (out ??= new Map()).set(k.toLowerCase(), v.trim().toLowerCase());
  }
  return out;
}

/** scopeConflict: both carry a scope label, with different values. */
export function scopeConflict(a: ReadonlyMap<string, string> | null, b: ReadonlyMap<string, string> | null): boolean {
  if (a === null || b === null) return false;
  for (const k of a.keys()) {
    const v = a.get(k);
    const w = b.get(k);
    if (w !== undefined && w !== v) return true;
  }
  return false;
}
