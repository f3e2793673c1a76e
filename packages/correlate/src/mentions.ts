/**
 * Entities named in alert texts, for correlation without topology. A symptom usually says what it
 * failed to reach ("Connection refused to pg-orders:5432", "upstream payments-api timed out", "NFS
 * server filer-02 not responding"): that is a dependency edge learned from the alert itself, from the
 * alerting entity to the named one, and the named entity is the likelier root cause.
 */

const HOST_PORT = /:\d+$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** A name-like token: letters/digits with inner `-_.`, optionally `:port`; or an IPv4 address (+port). */
const NAME_TOKEN = /^(?:[a-z0-9][a-z0-9_.-]*[a-z0-9]|\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5})?$/;
const SPLIT = /[\s,;()[\]{}"'`<|=!?*]+/;
const ARROW = /\s*(?:-+>|=>|→)\s*/g;
const TRIM = /^[.:/#@-]+|[.:/#@-]+$/g;
/** the characters TRIM strips (char codes of . : / # @ -). */
const TRIMMED = new Set([46, 58, 47, 35, 64, 45]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** normEntity: lower case, no port, no URL scheme/path, no domain (IPv4 kept whole): how host names are compared. */
export function normEntity(v: string): string {
  let h = v.trim().toLowerCase();
  if (h.startsWith('[')) h = h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  h = h.replace(HOST_PORT, '');
  if (h.includes('://')) h = h.slice(h.indexOf('://') + 3).split('/')[0]?.replace(HOST_PORT, '') ?? h;
  if (!IPV4.test(h)) {
    const dot = h.indexOf('.');
    if (dot > 0) h = h.slice(0, dot);
  }
  return h;
}

export interface MentionOptions {
  /** words after which the next name-like token names a dependency ("to", "upstream", "->"). */
  connectives: ReadonlySet<string>;
  /** whether a name (normalised, or as written without its port) is one of the alerting entity's own names: never a mention. */
  isOwn: (name: string) => boolean;
  /** values that never name an entity (ignoredLabelValues). */
  ignored: ReadonlySet<string>;
  /** whether a bare word is the name of an entity seen alerting (e.g. "Pool payments members down"). */
  known?: (name: string) => boolean;
  /** at most this many mentions per alert. */
  max: number;
}

/**
 * mentionsOf returns the entities a text names, normalised (normEntity), in order of appearance. A
 * token counts when it carries a port (`host:port` is an endpoint), when it follows a connective and
 * looks like a name (has `-`, `_`, `.` or a digit: "to payments-api", not "to respond"), or when it is
 * the name of a known alerting entity. The alert's own names, numbers and dates never count.
 */
export function mentionsOf(text: string, opts: MentionOptions): string[] {
  const out: string[] = [];
  let prev = '';
  for (const raw of text.toLowerCase().replace(ARROW, ' -> ').split(SPLIT)) {
    if (raw === '') continue;
    if (raw === '->') {
      prev = raw;
      continue;
    }
    // the regex only when it can change something (most tokens have no edge punctuation)
    const tok = TRIMMED.has(raw.charCodeAt(0)) || TRIMMED.has(raw.charCodeAt(raw.length - 1)) ? raw.replace(TRIM, '') : raw;
    const after = prev;
    prev = tok;
    if (tok.length < 3 || !NAME_TOKEN.test(tok) || ISO_DATE.test(tok)) continue;
    const bare = tok.replace(HOST_PORT, '');
    if (/^[\d.]+$/.test(bare) && !IPV4.test(bare)) continue; // a number or a version, not a name
    const hasPort = bare !== tok;
    const nameLike = /[-_.\d]/.test(bare);
    const name = normEntity(tok);
    if (name.length < 2 || opts.ignored.has(name)) continue;
    if (!(hasPort || (nameLike && opts.connectives.has(after)) || (opts.known?.(name) ?? false))) continue;
    if (opts.isOwn(name) || opts.isOwn(bare)) continue;
    if (!out.includes(name)) out.push(name);
    if (out.length >= opts.max) break;
  }
  return out;
}

/**
 * titleSubject returns the first label value the title spells as a whole name-like token (with `-`, `_`,
 * `.` or a digit), normalised (normEntity): "giftcards-admin requests-availability error
 * budget burn rate is too high" with `slo_service=giftcards-admin`, "Job AMLI0550 ended NOTOK" with
 * `job=AMLI0550`. A sender that puts an entity's name in both its labels and its title says that the
 * alert is about that entity, whatever the label is called; the first such name is the subject (later
 * ones qualify it: "requests-availability" is the SLO of that service). `values`: the candidate label values.
 */
export function titleSubject(title: string, values: readonly string[]): string | null {
  if (values.length === 0) return null;
  const want = new Set<string>();
  for (const v of values) {
    const t = v.trim().toLowerCase();
    if (t.length >= 3 && NAME_TOKEN.test(t) && /[-_.\d]/.test(t) && !/^[\d.:]+$/.test(t) && !ISO_DATE.test(t)) want.add(t);
  }
  if (want.size === 0) return null;
  for (const raw of title.toLowerCase().replace(ARROW, ' -> ').split(SPLIT)) {
    const tok = raw.replace(TRIM, '');
    if (tok === '' || !want.has(tok)) continue;
    const name = normEntity(tok);
    if (name.length >= 2) return name;
  }
  return null;
}

/**
 * mentionRoots ranks the entities of a group by how they are named by its members: an entity that
 * others name and that names none of the group's entities itself is the most upstream (a sink of the
 * learned edges): the likeliest root. Input: caller entity -> named entities. Output: named entities,
 * best first (sinks first, then by number of distinct callers, then name), with their caller counts.
 */
export function mentionRoots(edges: ReadonlyMap<string, ReadonlySet<string>>): Array<{ name: string; callers: number; sink: boolean }> {
  const callers = new Map<string, number>();
  for (const from of edges.keys()) for (const to of edges.get(from) as ReadonlySet<string>) if (to !== from) callers.set(to, (callers.get(to) ?? 0) + 1);
  const out: Array<{ name: string; callers: number; sink: boolean }> = [];
  for (const name of callers.keys()) {
    const n = callers.get(name) as number;
    let sink = true;
    for (const to of edges.get(name) ?? []) if (to !== name && callers.has(to)) sink = false;
    out.push({ name, callers: n, sink });
  }
  out.sort((a, b) => Number(b.sink) - Number(a.sink) || b.callers - a.callers || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}
