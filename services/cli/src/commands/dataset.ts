import { labelsFingerprint, type Event } from '@aiops/model';
import { labelSeverity, normalize, parseTimestamp } from '@aiops/normalize';
import type { TruthEntry } from '@aiops/correlate';
import { type Occurrence, type OccurrenceRow, occurrencesOf } from './occurrences.js';
import { parseCsv, sniffDelimiter } from '@aiops/csv';
import { createCiMatcher, createCmdbGraph } from '@aiops/cmdb';
import type { ConfigurationItem } from '@aiops/model';

/**
 * Public labelled alert datasets (one alert per row, CSV or JSON lines, a ground-truth column) read into
 * normalised Events and the truth map the scorer takes. Pure: no I/O, no clock; the replay command does
 * the file reading and printing.
 */

/** Role: the meaning of a mapped column; every unmapped column becomes a label. */
export type Role = 'time' | 'host' | 'title' | 'severity' | 'service' | 'status' | 'group' | 'root' | 'fingerprint' | 'clear';
export const ROLES: readonly Role[] = ['time', 'host', 'title', 'severity', 'service', 'status', 'group', 'root', 'fingerprint', 'clear'];
export type ColumnMap = Partial<Record<Role, string>>;

/** Column names each role is guessed from, best first; compared lower case without _ - . @ or spaces. */
export const COLUMN_GUESSES: Readonly<Record<Role, readonly string[]>> = {
  // occur/raised time and first occurrence: telecom alarm exports (one row per alarm, with its clear time)
  time: ['timestamp', 'time', 'ts', 'datetime', 'date', 'eventtime', 'starttime', 'startsat', 'createdat', 'created', 'firsttime', 'occurredat', 'occurtime', 'occurrencetime', 'firstoccurrence', 'raisedtime', 'alarmtime'],
  // ne/nename: network element (telecom); cmdbid: the AIOps-challenge datasets' entity column
  host: ['host', 'hostname', 'node', 'nodename', 'instance', 'server', 'device', 'machine', 'ci', 'cmdbid', 'entity', 'resource', 'nename', 'ne'],
  // alarm*: telecom; kpi/metric names: metric-anomaly datasets where the alert is "this KPI is anomalous"
  title: ['alertname', 'alarmname', 'alert', 'alarm', 'title', 'name', 'alerttitle', 'alarmtitle', 'eventname', 'event', 'check', 'checkname', 'kpiname', 'kpi', 'metricname', 'metric', 'message', 'summary', 'description'],
  severity: ['severity', 'level', 'priority', 'sev'],
  service: ['service', 'svc', 'servicename', 'application', 'app', 'component'],
  status: ['status', 'state', 'alertstatus', 'alertstate'],
  group: ['incident', 'incidentid', 'group', 'groupid', 'cluster', 'clusterid', 'failure', 'failureid', 'caseid', 'case', 'label', 'groundtruth'],
  root: ['root', 'isroot', 'rootcause', 'isrootcause', 'rootcauseentity', 'rootentity', 'rootci'],
  fingerprint: ['fingerprint', 'alertfingerprint'],
  // a row that carries its own end (alarm exports: occur time + clear time) also yields a resolved event
  clear: ['cleartime', 'clearedtime', 'clearedat', 'endsat', 'endtime', 'resolvedat', 'resolvedtime', 'recoverytime', 'recoveredat'],
};

/** Name prefixes a role is guessed from when no exact guess is present (root_cause_service, is_root_alarm). */
const PREFIX_GUESSES: Readonly<Partial<Record<Role, readonly string[]>>> = { root: ['rootcause', 'isroot'] };

const squash = (s: string) => s.toLowerCase().replace(/[\s_.\-@]/g, '');

/** parseMap reads `role=column,role=column`; unknown roles are errors (a typo must not be ignored). */
export function parseMap(spec: string): ColumnMap {
  const map: ColumnMap = {};
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const role = part.slice(0, eq).trim() as Role;
    const col = part.slice(eq + 1).trim();
    if (eq <= 0 || col === '') throw new Error(`--map: expected role=column, got "${part}"`);
    if (!ROLES.includes(role)) throw new Error(`--map: unknown role "${role}" (roles: ${ROLES.join(', ')})`);
    map[role] = col;
  }
  return map;
}

/**
 * guessColumns maps each role to a header column: the explicit mapping first (it must name a column),
 * then the first guess present; a column serves one role only.
 */
export function guessColumns(header: readonly string[], explicit: ColumnMap = {}): ColumnMap {
  const map: ColumnMap = {};
  const used = new Set<string>();
  for (const role of ROLES) {
    const col = explicit[role];
    if (col === undefined) continue;
    if (!header.includes(col)) throw new Error(`--map: ${role}=${col}: no such column (columns: ${header.join(', ')})`);
    map[role] = col;
    used.add(col);
  }
  const bySquashed = new Map<string, string>();
  for (const h of header) if (!bySquashed.has(squash(h))) bySquashed.set(squash(h), h);
  // JSON lines flatten nested objects to `labels.alertname`: the last segment is the name, tried after whole names
  const byLeaf = new Map<string, string>();
  for (const h of header) {
    const dot = h.lastIndexOf('.');
    if (dot > 0 && !byLeaf.has(squash(h.slice(dot + 1)))) byLeaf.set(squash(h.slice(dot + 1)), h);
  }
  const take = (role: Role, col: string | undefined): boolean => {
    if (col === undefined || used.has(col)) return false;
    map[role] = col;
    used.add(col);
    return true;
  };
  for (const byName of [bySquashed, byLeaf]) {
    for (const role of ROLES) {
      // a nested label set keeps host and service as labels: the adapter reads its resource hints from them, and
      // `instance` of an exporter (kube-state-metrics) must stay `instance` for the CI matcher to set it aside
      if (map[role] !== undefined || (byName === byLeaf && (role === 'host' || role === 'service'))) continue;
      for (const g of COLUMN_GUESSES[role]) if (take(role, byName.get(g))) break;
    }
  }
  for (const [role, prefixes] of Object.entries(PREFIX_GUESSES) as Array<[Role, readonly string[]]>) {
    if (map[role] !== undefined) continue;
    take(role, header.find((h) => !used.has(h) && prefixes.some((p) => squash(h).startsWith(p))));
  }
  return map;
}

const NAIVE_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/**
 * parseRowTime: epoch seconds or milliseconds (told apart by magnitude), ISO-8601 / RFC 3339, and
 * "YYYY-MM-DD HH:MM[:SS[.fff]]" without a zone, read as UTC (so results never depend on the machine's zone).
 * Also as exported by alarm and log tools: "YYYY/MM/DD …" (year first, so unambiguous) and a trailing
 * " UTC" / " GMT" zone name.
 */
export function parseRowTime(v: string): number | null {
  let s = v.trim().replace(/^(\d{4})\/(\d{2})\/(\d{2})(?=[T ]|$)/, '$1-$2-$3');
  const utc = / (?:UTC|GMT)$/i.exec(s);
  if (utc) s = s.slice(0, utc.index);
  if (NAIVE_DATE_TIME.test(s)) s = `${s.length === 16 ? `${s}:00` : s}Z`;
  const t = parseTimestamp(s);
  return typeof t === 'number' ? t : null;
}

const RESOLVED = new Set(['resolved', 'resolve', 'ok', 'clear', 'cleared', 'recovered', 'recovery', 'closed', 'inactive', 'normal', 'up']);
const NOISE = new Set(['', '0', '-1', 'none', 'noise', 'null', 'nan', 'n/a', 'na', '-']);
const ROOT_YES = new Set(['1', 'true', 'yes', 'y', 't', 'root', 'x']);
const ROOT_NO = new Set(['', '0', 'false', 'no', 'n', 'f', '-', 'none', 'null', 'nan']);

/** Row: one dataset row as column -> text, with the line it came from. */
export interface Row {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

/** RowResult: the event a row became, or why it could not. */
export type RowResult =
  | { ok: true; event: Event; group: string | null; root: { flag: true } | { entity: string } | null; cleared?: Event }
  | { ok: false; error: string };

/**
 * rowToEvent turns a row into an Event through the `generic` source adapter (same severity, resource hints
 * and event ids as live generic events). The fingerprint is the fingerprint column, else a hash of
 * host + title (+ service): other columns are free text that varies per row and must not split an alert.
 * The group and root columns are ground truth and never become labels.
 */
export function rowToEvent(row: Row, map: ColumnMap): RowResult {
  const get = (role: Role) => {
    const col = map[role];
    return col === undefined ? '' : (row.values[col] ?? '').trim();
  };
  const timeText = get('time');
  if (timeText === '') return { ok: false, error: `no time (column ${map.time ?? '?'} is empty)` };
  const at = parseRowTime(timeText);
  if (at === null) return { ok: false, error: `time "${timeText}" is not epoch s/ms, ISO-8601 or YYYY-MM-DD HH:MM:SS` };
  const title = get('title');
  if (title === '') return { ok: false, error: `no title (column ${map.title ?? '?'} is empty)` };
  const host = get('host');
  const service = get('service');
  const mapped = new Set(Object.values(map));
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(row.values)) {
    if (mapped.has(k) || v.trim() === '' || k === '') continue;
    // an exported Alertmanager/Prometheus alert nests `labels` and `annotations`: keep the label names the matcher knows (pod, namespace)
    if (k.startsWith('labels.') && k.length > 7 && !(k.slice(7) in row.values)) labels[k.slice(7)] = v;
    else if (k.startsWith('annotations.') && k.length > 12) annotations[k.slice(12)] = v;
    else labels[k] = v;
  }
  if (host !== '') labels.host = host;
  if (service !== '') labels.service = service;
  labels.alertname = title;
  const severityText = get('severity');
  if (severityText !== '') labels.severity = severityText;
  // a nested label set (an Alertmanager export) is the alert's identity, as Alertmanager fingerprints it
  const nested = Object.keys(row.values).filter((k) => k.startsWith('labels.') && k.length > 7 && row.values[k]?.trim() !== '');
  const identity: Record<string, string> = { alertname: title };
  for (const k of nested) identity[k.slice(7)] = (row.values[k] as string).trim();
  if (host !== '') identity.host = host;
  if (service !== '') identity.service = service;
  const fingerprint = get('fingerprint') || `dataset:${labelsFingerprint(identity)}`;
  const toEvent = (status: 'firing' | 'resolved', when: number, id: string) =>
    normalize(
      'generic',
      {
        title: title.slice(0, 1024),
        status,
        // no severity column: Nagios-style logs say CRITICAL/WARNING in the state column (firing/resolved words fall back)
        severity: labelSeverity(severityText === '' ? (map.severity === undefined && get('status') !== '' ? get('status') : undefined) : severityText),
        fingerprint: fingerprint.slice(0, 512),
        labels,
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
        occurredAt: when,
        sourceEventId: id,
      },
      { receivedAt: when },
    );
  const resolved = RESOLVED.has(get('status').toLowerCase());
  // the clear time, when the row has one after its start (Alertmanager's "0001-01-01" on firing alerts is none)
  const clearText = get('clear');
  const clearAt0 = clearText === '' ? null : parseRowTime(clearText);
  const clearAt = clearAt0 !== null && clearAt0 >= at ? clearAt0 : null;
  // a resolved row that keeps its start time (an Alertmanager webhook: startsAt + endsAt) resolves at its end
  const r = toEvent(resolved ? 'resolved' : 'firing', resolved ? (clearAt ?? at) : at, `row:${row.line}`);
  const event = r.events[0];
  if (!event) return { ok: false, error: r.errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'not an alert' };
  // a clear time on a firing row: the alarm's end, as its own resolved event (an empty or unreadable cell: still active)
  const cleared = !resolved && clearAt !== null ? toEvent('resolved', clearAt, `row:${row.line}:clear`).events[0] : undefined;
  const g = get('group');
  const rootText = get('root');
  const rootLower = rootText.toLowerCase();
  const root = ROOT_NO.has(rootLower) ? null : ROOT_YES.has(rootLower) ? ({ flag: true } as const) : { entity: rootText };
  return { ok: true, event, group: NOISE.has(g.toLowerCase()) ? null : g, root, ...(cleared ? { cleared } : {}) };
}

/** TruthBuilder collects per-alert ground truth from rows: group ids, then each group's root entity. */
export interface TruthBuilder {
  add(result: Extract<RowResult, { ok: true }>): void;
  /** conflicts: alerts whose rows named different groups (the first named group is kept) */
  readonly conflicts: number;
  build(): Record<string, TruthEntry>;
  /** the truth per occurrence (occurrences.ts): an alert that recurs in several incidents is scored in each */
  occurrences(): Occurrence[];
}

/**
 * createTruthBuilder: an alert (fingerprint) is in the group its first non-noise row names, else noise.
 * A group's root is the first root its rows give: a flagged row's entity (`rootOf(event)`: its CI with a
 * CMDB, else its host), or an entity named in the root column (`rootOfName`). No root given: the group
 * has no known root and the scorer leaves it out of root-cause accuracy.
 */
export function createTruthBuilder(rootOf: (e: Event) => string | null, rootOfName: (name: string, e: Event) => string): TruthBuilder {
  const groupOf = new Map<string, string | null>();
  const rootOfGroup = new Map<string, string>();
  const rows: OccurrenceRow[] = [];
  let conflicts = 0;
  return {
    add({ event, group, root }) {
      const fp = event.fingerprint;
      rows.push({ fingerprint: fp, at: event.occurredAt, group });
      const prev = groupOf.get(fp);
      if (prev === undefined || prev === null) groupOf.set(fp, group);
      else if (group !== null && group !== prev) conflicts++;
      if (group === null || root === null || rootOfGroup.has(group)) return;
      const ci = 'flag' in root ? rootOf(event) : rootOfName(root.entity, event);
      if (ci !== null && ci !== '') rootOfGroup.set(group, ci);
    },
    get conflicts() {
      return conflicts;
    },
    build() {
      const truth: Record<string, TruthEntry> = {};
      for (const fp of [...groupOf.keys()].sort()) {
        const g = groupOf.get(fp) ?? null;
        truth[fp] = g === null ? null : { failureId: g, rootCauseCi: rootOfGroup.get(g) ?? null };
      }
      return truth;
    },
    occurrences() {
      return occurrencesOf(rows, (g) => rootOfGroup.get(g) ?? null);
    },
  };
}

/** jsonRowValues flattens one JSON-lines object into column -> text (nested objects one level, dotted). */
export function jsonRowValues(obj: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (k: string, v: unknown) => {
    if (v === null || v === undefined) return;
    out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v as number | boolean);
  };
  for (const [k, v] of Object.entries(obj)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) put(`${k}.${k2}`, v2);
    else put(k, v);
  }
  return out;
}

/** DatasetFormat: how --events is read; `events` is our normalised Event JSON, one per line. */
export type DatasetFormat = 'csv' | 'jsonl' | 'events';

/**
 * detectFormat: the --format flag, else .csv/.tsv → csv, else a JSON-lines file whose first object is
 * not a normalised Event → jsonl (so existing event files keep working), else events.
 */
export function detectFormat(file: string, text: string, flag: string | undefined, isEvent: (v: unknown) => boolean): DatasetFormat {
  if (flag !== undefined) {
    if (flag !== 'csv' && flag !== 'jsonl' && flag !== 'events') throw new Error(`--format: expected csv, jsonl or events, got "${flag}"`);
    return flag;
  }
  if (/\.(csv|tsv)$/i.test(file)) return 'csv';
  const first = text.split('\n', 50).find((l) => l.trim() !== '');
  if (first === undefined) return 'events';
  try {
    return isEvent(JSON.parse(first)) ? 'events' : 'jsonl';
  } catch {
    return 'events';
  }
}

/** DatasetResult: the events (in file order, a row's clear event right after it), the derived truth (null without a group column) and counts. */
export interface DatasetResult {
  events: Event[];
  truth: Record<string, TruthEntry> | null;
  /** the truth per occurrence (null without a group column): score with scoreOccurrences (occurrences.ts) */
  occurrences: Occurrence[] | null;
  map: ColumnMap;
  rows: number;
  bad: number;
  conflicts: number;
}

export interface DatasetOptions {
  format: 'csv' | 'jsonl';
  map?: ColumnMap;
  /** rootOf/rootOfName: see createTruthBuilder; default: the host (or the name) as the engine names entities without a CMDB */
  rootOf?: (e: Event) => string | null;
  rootOfName?: (name: string, e: Event) => string;
  /** problem: one call per bad row (the caller shows the first few) */
  problem?: (line: number, message: string) => void;
  /** progress: called every `progressEvery` rows (default 100 000) */
  progress?: (rows: number) => void;
  progressEvery?: number;
}

/** hostEntity: a host as the engine names a root without a CMDB (lower case, no scheme, port or path). */
export function hostEntity(v: string): string {
  return v.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '');
}

/** hostRoot: the root entity of a flagged row without a CMDB: its host (else its service) as an entity. */
export function hostRoot(e: Event): string | null {
  const h = e.resource.host ?? e.labels.host ?? e.resource.service;
  return h === undefined || h === '' ? null : hostEntity(h);
}

/**
 * cmdbRoots: how `aiops replay --cmdb` names a group's true root: with CIs, the CI the engine's matcher
 * gives the flagged row (or the named entity); without one (or no match), the host / name itself.
 */
export function cmdbRoots(cis: readonly ConfigurationItem[]): Pick<DatasetOptions, 'rootOf' | 'rootOfName'> {
  if (cis.length === 0) return { rootOfName: (name) => hostEntity(name) };
  const matcher = createCiMatcher(createCmdbGraph(cis));
  return {
    rootOf: (e) => matcher.match(e.resource, e.labels, e.receivedAt)?.id ?? hostRoot(e),
    rootOfName: (name, e) => matcher.match({ host: name }, {}, e.receivedAt)?.id ?? hostEntity(name),
  };
}

/** readDataset parses a whole CSV or JSON-lines dataset; bad rows are reported and skipped, never thrown. */
export function readDataset(text: string, opts: DatasetOptions): DatasetResult {
  const problem = opts.problem ?? (() => undefined);
  const every = opts.progressEvery ?? 100_000;
  const truthBuilder = createTruthBuilder(opts.rootOf ?? hostRoot, opts.rootOfName ?? ((name) => hostEntity(name)));
  const events: Event[] = [];
  let rows = 0;
  let bad = 0;
  let map: ColumnMap | null = null;
  const count = () => {
    if (++rows % every === 0) opts.progress?.(rows);
  };
  const take = (row: Row) => {
    count();
    const r = rowToEvent(row, map as ColumnMap);
    if (!r.ok) {
      bad++;
      problem(row.line, r.error);
      return;
    }
    events.push(r.event);
    if (r.cleared) events.push(r.cleared);
    truthBuilder.add(r);
  };
  const start = (header: string[]) => {
    map = guessColumns(header, opts.map);
    const missing = (['time', 'title'] as const).filter((r) => map?.[r] === undefined);
    if (missing.length > 0) throw new Error(`no ${missing.join(' or ')} column found among: ${header.join(', ')} (name it with --map ${missing.map((m) => `${m}=<column>`).join(',')})`);
  };
  if (opts.format === 'csv') {
    let header: string[] | null = null;
    for (const rec of parseCsv(text, sniffDelimiter(text))) {
      if (rec.error !== undefined) {
        bad++;
        problem(rec.line, `${rec.error}; the rest of the file is skipped`);
        break;
      }
      if (header === null) {
        header = rec.fields.map((f) => f.trim());
        start(header);
        continue;
      }
      if (rec.fields.length !== header.length) {
        count();
        bad++;
        problem(rec.line, `${rec.fields.length} fields, the header has ${header.length}`);
        continue;
      }
      const values: Record<string, string> = {};
      header.forEach((h, i) => (values[h] = rec.fields[i] as string));
      take({ line: rec.line, values });
    }
    if (header === null) throw new Error('no header row: a CSV dataset needs one naming its columns');
  } else {
    // roles are guessed from every key the file uses: exports leave out null fields, so the first object may lack the group column
    const parsed: Array<Row | { line: number; error: string }> = [];
    const keys = new Set<string>();
    text.split('\n').forEach((l, i) => {
      if (l.trim() === '') return;
      let obj: unknown;
      try {
        obj = JSON.parse(l);
      } catch {
        parsed.push({ line: i + 1, error: 'not JSON' });
        return;
      }
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
        parsed.push({ line: i + 1, error: 'not a JSON object' });
        return;
      }
      const values = jsonRowValues(obj as Record<string, unknown>);
      for (const k of Object.keys(values)) keys.add(k);
      parsed.push({ line: i + 1, values });
    });
    if (keys.size > 0) start([...keys]);
    for (const p of parsed) {
      if ('values' in p) take(p);
      else {
        count();
        bad++;
        problem(p.line, p.error);
      }
    }
    if (map === null) throw new Error('no JSON object in the file');
  }
  const hasGroup = (map as ColumnMap | null)?.group !== undefined;
  return { events, truth: hasGroup ? truthBuilder.build() : null, occurrences: hasGroup ? truthBuilder.occurrences() : null, map: map ?? {}, rows, bad, conflicts: truthBuilder.conflicts };
}
