import { z } from 'zod';

/** StringMap is a label/annotation map as senders send it: string keys, string values. */
export const StringMap = z.record(z.string(), z.string());

/**
 * tagsToLabels turns `key:value` tag lists (Datadog tags and scopes, Zabbix {EVENT.TAGS}) into labels.
 * A tag without a colon becomes a label with an empty value; a repeated key keeps the first value.
 */
export function tagsToLabels(tags: string | readonly string[] | undefined, out: Record<string, string> = {}): Record<string, string> {
  if (tags === undefined) return out;
  const list = typeof tags === 'string' ? tags.split(',') : tags;
  for (const raw of list) {
    const t = raw.trim();
    if (t === '') continue;
    const i = t.indexOf(':');
    const k = (i < 0 ? t : t.slice(0, i)).trim();
    const v = i < 0 ? '' : t.slice(i + 1).trim();
    if (k !== '' && !(k in out)) out[k] = v;
  }
  return out;
}

/** scalarString renders ids that senders type inconsistently (Zabbix, Datadog, Icinga) as strings. */
export function scalarString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/** nonEmpty returns the first argument that is a non-empty string. */
export function nonEmpty(...vals: ReadonlyArray<string | undefined | null>): string | undefined {
  for (const v of vals) if (typeof v === 'string' && v.trim() !== '') return v;
  return undefined;
}
