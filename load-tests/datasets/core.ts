/**
 * core: what every dataset generator shares. A generator models an estate and its failures as alert
 * episodes (an alert identity active over [start, end)); the ledger gives each identity to one owner;
 * an exporter writes the kept episodes as the rows a public dataset would hold (CSV or JSON lines), and
 * the CMDB as the CSV `aiops cmdb import` / `aiops replay --cmdb` read. Nothing here knows the engine.
 */
import type { ConfigurationItem } from '@aiops/model';

/** Episode: one alert identity active from `start` to `end` (null: never cleared in the file). */
export interface Episode {
  /** the identity the dataset reader fingerprints: host + title + service (or an explicit fingerprint). */
  host: string;
  title: string;
  service: string;
  fingerprint?: string;
  severity: string;
  start: number;
  end: number | null;
  /** failure id, or null for noise */
  owner: string | null;
  /** the failure's root alarm (datasets that flag a root row) */
  root?: boolean;
  /** the CI this alert is about (for explain output and the smoke test), when the estate has one */
  ci?: string;
  /** free columns / labels of this dataset's shape (message, pod, namespace, location, …) */
  extra: Record<string, string>;
}

/** Failure: one labelled incident: its id as the dataset writes it, its kind, the root entity's name and CI. */
export interface Failure {
  id: string;
  kind: string;
  start: number;
  /** the name the dataset uses for the root (service, NE, host) */
  rootName: string;
  /** the CI id of the root in the CMDB the generator builds */
  rootCi: string;
}

/** Generated: what a generator returns before export. */
export interface Generated {
  episodes: Episode[];
  failures: Failure[];
  cis: ConfigurationItem[];
}

/** DatasetFile: a dataset as a user gets it: the alert file, the CMDB file (topology variants) and the --map they would pass. */
export interface DatasetFile {
  format: 'csv' | 'jsonl';
  text: string;
  cmdbText: string | null;
  /** `--map` a user would need ('' when every role is guessed) */
  map: string;
  failures: Failure[];
  /** the episodes written (after keepOwned), for the truth checks */
  kept: Episode[];
  /** episodes left out because their identity belonged to another incident */
  dropped: number;
  rows: number;
}

/** a short stable hash (FNV-1a, 64 bits as two 32-bit halves), for fingerprints and ids a tool would write. */
export function hashHex(s: string): string {
  let a = 0x811c9dc5, b = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    a = Math.imul(a ^ s.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ s.charCodeAt(i), 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

export const identityKey = (e: Pick<Episode, 'host' | 'title' | 'service' | 'fingerprint'>): string => e.fingerprint ?? `${e.host}\u0000${e.title}\u0000${e.service}`;

/**
 * keepOwned: the dataset reader's truth is per alert (fingerprint), not per row, so one identity may
 * belong to one incident (or be noise) per file. The first episode's owner keeps the identity; later
 * episodes of another owner are left out (as if that symptom had not fired again); episodes of the same
 * owner that overlap are merged. `recurring`: an episode of another incident that starts after the identity's
 * last kept episode (of an incident) ended is kept (the reader scores each occurrence: occurrences.ts of @aiops/cli).
 * Returns the kept episodes in start order and how many were dropped.
 */
export function keepOwned(episodes: readonly Episode[], recurring = false): { kept: Episode[]; dropped: number } {
  const sorted = [...episodes].sort((a, b) => a.start - b.start || (identityKey(a) < identityKey(b) ? -1 : 1));
  const owner = new Map<string, string | null>();
  const last = new Map<string, Episode>();
  const kept: Episode[] = [];
  let dropped = 0;
  for (const e of sorted) {
    const k = identityKey(e);
    const prev = last.get(k);
    // recurring: a later incident may have an incident's identity again once its last episode is over (a real log's
    // recurrence); noise and incidents never share one (the reader reads a noise row as part of the alert's incident)
    const recurs = recurring && prev !== undefined && prev.end !== null && prev.end < e.start && e.owner !== null && owner.get(k) !== null;
    if (owner.has(k) && owner.get(k) !== e.owner && !recurs) {
      dropped++;
      continue;
    }
    owner.set(k, e.owner);
    if (prev && (prev.end === null || prev.end >= e.start)) {
      if (prev.end !== null) prev.end = e.end === null ? null : Math.max(prev.end, e.end);
      prev.root = prev.root === true || e.root === true;
      continue;
    }
    const copy = { ...e, extra: { ...e.extra } };
    last.set(k, copy);
    kept.push(copy);
  }
  return { kept, dropped };
}

/** a CSV cell, quoted when it holds the delimiter, a quote or a line break (RFC 4180). */
const cell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** toCsv writes rows with the given header (missing cells empty). */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<Readonly<Record<string, string>>>): string {
  return [columns.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell(r[c] ?? '')).join(','))].join('\n') + '\n';
}

/** toJsonl writes one object per line. */
export function toJsonl(rows: readonly unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** cmdbCsv writes CIs in the CSV import format (packages/cmdb README: relations `type:target;…`, attr.* columns). */
export function cmdbCsv(cis: readonly ConfigurationItem[]): string {
  const attrs = [...new Set(cis.flatMap((c) => Object.keys(c.attributes)))].sort();
  const columns = ['id', 'name', 'type', 'environment', 'aliases', 'relations', 'site', 'cluster', ...attrs.map((a) => `attr.${a}`)];
  const rows = cis.map((c) => {
    const r: Record<string, string> = {
      id: c.id, name: c.name, type: c.type, environment: c.environment ?? '', aliases: c.aliases.join(';'),
      relations: c.relations.map((x) => `${x.type}:${x.target}`).join(';'), site: c.location?.site ?? '', cluster: c.location?.cluster ?? '',
    };
    for (const a of attrs) if (c.attributes[a] !== undefined) r[`attr.${a}`] = String(c.attributes[a]);
    return r;
  });
  return toCsv(columns, rows);
}

/** ci: a CMDB record with defaults. */
export function ci(id: string, name: string, type: string, relations: ConfigurationItem['relations'] = [], attributes: Record<string, string> = {}, extra: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return { id, name, type, environment: 'production', aliases: [], attributes, relations, ...extra };
}

const two = (n: number): string => String(n).padStart(2, '0');
/** time formats datasets use: all UTC. */
export const fmt = {
  iso: (t: number): string => new Date(t).toISOString(),
  isoSeconds: (t: number): string => new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
  naive: (t: number): string => new Date(t).toISOString().slice(0, 19).replace('T', ' '),
  slashes: (t: number): string => {
    const d = new Date(t);
    return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  },
  epochS: (t: number): string => String(Math.floor(t / 1000)),
  epochMs: (t: number): string => String(Math.floor(t)),
};

/** failure start times over a window: Poisson-ish, with a share started close after another (overlapping cases). */
export function failureStarts(prng: { next(): number; int(a: number, b: number): number; chance(p: number): boolean }, n: number, start: number, durationMs: number, concurrent: number): number[] {
  const out: number[] = [];
  const usable = durationMs * 0.85;
  for (let i = 0; i < n; i++) {
    const prev = out[out.length - 1];
    if (prev !== undefined && prng.chance(concurrent)) out.push(prev + prng.int(10_000, 150_000));
    else out.push(start + Math.floor(prng.next() * usable));
    out.sort((a, b) => a - b);
  }
  return out;
}
