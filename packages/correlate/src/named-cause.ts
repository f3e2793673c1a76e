import type { CmdbGraph } from '@aiops/cmdb';

const NAME_CHAR = /[a-z0-9_]/;

/** namesOf: the lower-case names a CI goes by in alert texts (name, aliases, FQDN short name), long enough to be distinctive. */
export function namesOf(cmdb: CmdbGraph, id: string): string[] {
  const ci = cmdb.get(id);
  if (!ci) return [];
  const out = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v !== 'string') return;
    const n = v.trim().toLowerCase();
    if (n.length >= 4) out.add(n);
    const dot = n.indexOf('.');
    if (dot >= 4) out.add(n.slice(0, dot));
  };
  add(ci.name);
  for (const a of ci.aliases) add(a);
  add(ci.attributes['fqdn']);
  return [...out];
}

/** mentions: whether `text` (lower case) contains `name` as a whole word ("refused to pg-orders:5432", not "pg-orders2"). */
export function mentions(text: string, name: string): boolean {
  let from = 0;
  for (;;) {
    const i = text.indexOf(name, from);
    if (i < 0) return false;
    const before = i === 0 ? '' : (text[i - 1] as string);
    const after = text[i + name.length] ?? '';
    if (!NAME_CHAR.test(before) && before !== '-' && !NAME_CHAR.test(after) && !(after === '-' && NAME_CHAR.test(text[i + name.length + 1] ?? ''))) return true;
    from = i + 1;
  }
}

/**
 * namedCauses: the CIs among `upstream` (what the alert's CI needs) that the alert's text names. Error
 * messages name the dependency that failed ("connection refused to pg-orders:5432", "timeout calling
 * payments-api"): with a CMDB that names the cause, even when it raises no alert itself. `own` holds the
 * alert's label and hint values: names found there are the alert's own subject (Zabbix and Icinga titles
 * name the host a check runs on), not a dependency; a function is called only when a name is found.
 */
export function namedCauses(cmdb: CmdbGraph, text: string, upstream: Iterable<string>, namesCache: Map<string, string[]>, own: string | (() => string) = ''): string[] {
  if (text === '') return [];
  const lower = text.toLowerCase();
  // `own` may be given as a function: it is read only once a name is found (most texts name none)
  let self: string | null = null;
  const ownText = (): string => (self ??= (typeof own === 'string' ? own : own()).toLowerCase());
  let out: string[] | null = null;
  for (const id of upstream) {
    let names = namesCache.get(id);
    if (!names) {
      names = namesOf(cmdb, id);
      if (namesCache.size < 200_000) namesCache.set(id, names);
    }
    for (const n of names) {
      // the entity the alert is about (its host, instance, service labels) is not a dependency it names
      if (mentions(lower, n) && !mentions(ownText(), n)) {
        (out ??= []).push(id);
        break;
      }
    }
  }
  return out ?? [];
}
