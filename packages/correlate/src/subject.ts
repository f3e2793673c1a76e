import { createCiMatcher, DEFAULT_MATCH_RULES, SPECIFIC_MATCH_RULES, slugOf, type CiMatcher, type CmdbGraph, type MatchRule } from '@aiops/cmdb';
import type { CiMatch, Event } from '@aiops/model';
import type { CorrelateConfig } from './config.js';

/**
 * The device that raises an alert is not always what the alert is about. A load balancer reports
 * "No members available for /Common/tax-svc_vs" (its virtual server for an application), a switch
 * reports "Interface Te1/1/15 down" whose ifAlias names the neighbour behind the port, a hypervisor
 * names the VM it lost. Pinned on the sender, such alerts glue unrelated failures together through
 * the shared sender ("same CI") and make the sender look like their root.
 *
 * subjectOf reads the alert's labels and text for the name of a CI directly related to the sender:
 * `served` — a CI that runs on, depends on or is connected to the sender (the sender reports about
 * what it serves); `neighbours` — also a CI the sender itself relies on (a device naming its dead
 * uplink). Exactly one such CI named: the alert is about it; the sender stays in the match hint.
 */
export type SubjectMode = 'off' | 'served' | 'neighbours';

/** Token separators: whitespace, quotes, brackets, `=`; `/` and `.` stay inside names (/Common/app_vs, web-01.corp). */
const SPLIT = /[\s,;()[\]{}"'`<>|=!?*]+/;
const TRIM = /^[.:#@-]+|[.:#@-]+$/g;
const PORT = /:\d{1,5}$/;
/** the characters TRIM strips (char codes of . : # @ -). */
const EDGE = new Set([46, 58, 35, 64, 45]);
/** names shorter than this are too generic to be read out of free text. */
const MIN_NAME = 4;
/** SPLIT's separators by char code below 128; above, the class itself decides (\s holds a few). */
const SPLIT_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) SPLIT_ASCII[c] = SPLIT.test(String.fromCharCode(c)) ? 1 : 0;
function isSplit(c: number): boolean {
  return c < 128 ? SPLIT_ASCII[c] === 1 : SPLIT.test(String.fromCharCode(c));
}

export interface SubjectIndex {
  /** the alert's subject when its labels or text name one CI directly related to the sender's; else null. */
  subjectOf(sender: CiMatch, e: Event): CiMatch | null;
}

export function createSubjectIndex(cmdb: CmdbGraph, mode: SubjectMode): SubjectIndex {
  let builtAt = -1;
  // a name usually belongs to one CI: its id itself, a list only for names shared (~70 bytes less per name)
  let byName = new Map<string, string | string[]>();

  // every name and alias of every CI, lower case and as a slug (a display name "Voucher GW" is written voucher-gw), FQDNs also by short name
  function build(): void {
    byName = new Map();
    const add = (v: unknown, id: string): void => {
      if (typeof v !== 'string') return;
      const n = v.trim().toLowerCase();
      if (n.length < MIN_NAME) return;
      for (const k of new Set([n, slugOf(n)])) {
        if (k.length < MIN_NAME) continue;
        const l = byName.get(k);
        if (l === undefined) byName.set(k, id);
        else if (typeof l === 'string') {
          if (l !== id) byName.set(k, [l, id]);
        } else if (!l.includes(id)) l.push(id);
      }
    };
    for (const ci of cmdb.all()) {
      add(ci.name, ci.id);
      for (const a of ci.aliases) add(a, ci.id);
      add(ci.attributes['fqdn'], ci.id);
    }
    builtAt = cmdb.version;
  }

  /** how `id` relates to the sender: 'served' when it relies on the sender, 'uses' when the sender relies on it. */
  function relation(senderId: string, id: string): 'served' | 'uses' | null {
    const ci = cmdb.get(id);
    if (ci?.relations.some((r) => r.target === senderId && r.type !== 'part_of')) return 'served';
    const sender = cmdb.get(senderId);
    if (sender?.relations.some((r) => r.target === id && r.type !== 'part_of')) return 'uses';
    return null;
  }

  /**
   * eachToken calls `fn` with the alert's name-like tokens (labels, title, description) in order, each
   * with its FQDN short name after it; a token may come more than once (subjectOf reads a repeat as a
   * no-op). A scan over SPLIT's separator runs instead of split(): a token shorter than MIN_NAME (most
   * words of a text) is passed over without a string, and no array or set is built per alert.
   * `fn` returns true to stop.
   */
  function eachToken(e: Event, fn: (t: string) => boolean): void {
    const addText = (text: string): boolean => {
      const lower = text.toLowerCase();
      const n = lower.length;
      let i = 0;
      while (i < n) {
        while (i < n && isSplit(lower.charCodeAt(i))) i++;
        const from = i;
        while (i < n && !isSplit(lower.charCodeAt(i))) i++;
        // trimming and a port only shorten a token: one this short is never a name
        if (i - from < MIN_NAME) continue;
        const raw = lower.slice(from, i);
        // the regexes only when they can change something (most tokens have no edge punctuation or port)
        const trimmed = EDGE.has(raw.charCodeAt(0)) || EDGE.has(raw.charCodeAt(raw.length - 1)) ? raw.replace(TRIM, '') : raw;
        const t = trimmed.includes(':') ? trimmed.replace(PORT, '') : trimmed;
        if (t.length < MIN_NAME) continue;
        if (fn(t)) return true;
        const dot = t.indexOf('.');
        if (dot >= MIN_NAME && !/^\d/.test(t) && fn(t.slice(0, dot))) return true;
      }
      return false;
    };
    for (const k in e.labels) if (addText(e.labels[k] as string)) return;
    if (addText(e.title)) return;
    addText(e.description);
  }

  return {
    subjectOf(sender, e) {
      if (mode === 'off') return null;
      if (builtAt !== cmdb.version) build();
      const own = cmdb.get(sender.id);
      if (!own) return null;
      // the sender's own names never name another CI (a device's handle inside its own alert); built
      // for the first token that names a CI (most texts name none)
      let ownNames: Set<string> | null = null;
      let subject: string | null = null;
      let via = '';
      let none = false;
      eachToken(e, (t) => {
        const named = byName.get(t);
        if (named === undefined) return false;
        ownNames ??= new Set([own.name, ...own.aliases, String(own.attributes['fqdn'] ?? '')].map((n) => n.toLowerCase()));
        if (ownNames.has(t)) return false;
        for (const id of typeof named === 'string' ? [named] : named) {
          if (id === sender.id || id === subject) continue;
          const rel = relation(sender.id, id);
          if (rel === null || (rel === 'uses' && mode !== 'neighbours')) continue;
          if (subject !== null) return (none = true); // two related CIs named: the alert is about neither for sure
          subject = id;
          via = t;
        }
        return false;
      });
      if (none) return null;
      if (subject === null) return null;
      return { id: subject, method: 'subject', hint: `${via} (named in an alert from ${own.name}, matched by ${sender.method}${sender.hint ? ` ${sender.hint}` : ''})` };
    },
  };
}

/**
 * createEventMatcher: the matcher with the fallback rules `matching` leaves on (unless one is given),
 * and subjectOf, which moves a new alert from the sender it matched to the subject it names.
 */
export function createEventMatcher(
  cmdb: CmdbGraph,
  mc: CorrelateConfig['matching'],
  given?: CiMatcher,
): { matcher: CiMatcher; subjectOf: (sender: CiMatch | null, e: Event) => CiMatch | null; matchEvent: (e: Event) => CiMatch | null } {
  const off = new Set<MatchRule>();
  if (!mc.anyName) off.add('name');
  if (!mc.displayNames) off.add('display_name');
  if (!mc.labelValues) off.add('label');
  if (!mc.specific) for (const r of SPECIFIC_MATCH_RULES) off.add(r);
  const matcher = given ?? createCiMatcher(cmdb, DEFAULT_MATCH_RULES.filter((r) => !off.has(r)), { hostOverService: mc.hostOverService });
  const subjects = createSubjectIndex(cmdb, mc.subjects);
  // host_service already weighed the service label against the host: the label must not move the alert back
  const subjectOf = (m: CiMatch | null, e: Event): CiMatch | null => (m && mc.subjects !== 'off' && m.method !== 'host_service' ? (subjects.subjectOf(m, e) ?? m) : m);
  return { matcher, subjectOf, matchEvent: (e) => subjectOf(matcher.match(e.resource, e.labels, e.receivedAt, e.title), e) };
}
