import type { CiMatch, EventStatus, Labels, ResourceHints, Severity, Suppression } from '@aiops/model';
import type { RecentIds } from './recent-ids.js';
import { NO_FLIPS as NONE_FLIPS, NONE, type AlertState } from './state.js';

/**
 * AlertRecord is how the engine holds an AlertState (same fields to its readers). Two savings per alert,
 * tens of thousands of alerts held:
 * - a number field holding a time (~1.7e12 ms, not a small integer) costs a 16-byte heap box besides its
 *   slot; lastSeen, onset and resolvedAt are kept as integer offsets from firstSeen (boxless small
 *   integers). An offset that would not give the time back exactly (fractional ms, more than ~24 days
 *   apart) is marked WIDE and the time sits in the side object instead: exact for any number.
 * - sup, named and flapping are unset for most alerts: they live in that side object, made on the
 *   first write of something other than the default.
 * - most alerts that flipped status did so once in the flapping window: a one-flip list is held as its
 *   offset (a list, its element and that element's box cost ~72 bytes); it is rebuilt when read (reads
 *   are rare: on a status flip and for flapping alerts at a sweep).
 * The snapshot keeps the plain field layout (`alertSnapshot`), so checkpoints are unchanged.
 */
const WIDE = -0x80000000; // never a stored offset: (t - firstSeen) | 0 === WIDE is kept in the side object too

interface Side {
  sup: Suppression | null;
  named: readonly string[];
  flapping: boolean;
  lastSeen: number;
  onset: number;
  resolvedAt: number | undefined;
  srcStart: number | undefined;
}

/** AlertInit: an alert's fields as built on its first event or read from a snapshot. */
export type AlertInit = AlertState;

class AlertRecord implements AlertState {
  id: string;
  fp: string;
  source: string;
  title: string;
  desc: string;
  template: string;
  sev: Severity;
  status: EventStatus;
  readonly firstSeen: number;
  private last: number;
  private on: number;
  /** offset of resolvedAt, WIDE, or undefined while firing */
  private res: number | undefined;
  /** offset of srcStart (source clock), WIDE, or undefined when the source sends none */
  private ss: number | undefined;
  count: number;
  cadence: number;
  episode: number;
  /** flips: one flip as its offset from firstSeen, or the list itself (none, several, or an inexact offset) */
  private fl: number | readonly number[];
  ci: CiMatch | null;
  service: string | null;
  keys: string[];
  labels: Labels;
  resource: ResourceHints;
  groupId: string | null;
  version: number;
  lastEventId: string;
  recent: RecentIds;
  private side: Side | null;

  constructor(x: AlertInit) {
    this.id = x.id;
    this.fp = x.fp;
    this.source = x.source;
    this.title = x.title;
    this.desc = x.desc;
    this.template = x.template;
    this.sev = x.sev;
    this.status = x.status;
    this.firstSeen = x.firstSeen;
    this.last = 0;
    this.on = 0;
    this.res = undefined;
    this.ss = undefined;
    this.count = x.count;
    this.cadence = x.cadence;
    this.episode = x.episode;
    this.fl = NONE_FLIPS;
    this.ci = x.ci;
    this.service = x.service;
    this.keys = x.keys;
    this.labels = x.labels;
    this.resource = x.resource;
    this.groupId = x.groupId;
    this.version = x.version;
    this.lastEventId = x.lastEventId;
    this.recent = x.recent;
    this.side = null;
    this.lastSeen = x.lastSeen;
    this.onset = x.onset;
    this.resolvedAt = x.resolvedAt;
    this.srcStart = x.srcStart;
    this.sup = x.sup;
    this.named = x.named;
    this.flapping = x.flapping;
    this.flips = x.flips;
  }

  private own(): Side {
    return (this.side ??= { sup: null, named: NONE, flapping: false, lastSeen: 0, onset: 0, resolvedAt: undefined, srcStart: undefined });
  }

  /** offset: t as an offset from firstSeen, or WIDE (t kept in the side object by the caller). */
  private offset(t: number): number {
    const o = (t - this.firstSeen) | 0;
    return o !== WIDE && this.firstSeen + o === t ? o : WIDE;
  }

  get lastSeen(): number {
    return this.last !== WIDE ? this.firstSeen + this.last : (this.side as Side).lastSeen;
  }
  set lastSeen(t: number) {
    this.last = this.offset(t);
    if (this.last === WIDE) this.own().lastSeen = t;
  }
  get onset(): number {
    return this.on !== WIDE ? this.firstSeen + this.on : (this.side as Side).onset;
  }
  set onset(t: number) {
    this.on = this.offset(t);
    if (this.on === WIDE) this.own().onset = t;
  }
  get resolvedAt(): number | undefined {
    const r = this.res;
    return r === undefined ? undefined : r !== WIDE ? this.firstSeen + r : (this.side as Side).resolvedAt;
  }
  set resolvedAt(t: number | undefined) {
    this.res = t === undefined ? undefined : this.offset(t);
    if (this.res === WIDE) this.own().resolvedAt = t;
  }
  get srcStart(): number | undefined {
    const r = this.ss;
    return r === undefined ? undefined : r !== WIDE ? this.firstSeen + r : (this.side as Side).srcStart;
  }
  set srcStart(t: number | undefined) {
    this.ss = t === undefined ? undefined : this.offset(t);
    if (this.ss === WIDE) this.own().srcStart = t;
  }
  get flips(): readonly number[] {
    const f = this.fl;
    return typeof f === 'number' ? [this.firstSeen + f] : f;
  }
  set flips(f: readonly number[]) {
    const o = f.length === 1 ? this.offset(f[0] as number) : WIDE;
    this.fl = o !== WIDE ? o : f;
  }
  get sup(): Suppression | null {
    return this.side === null ? null : this.side.sup;
  }
  set sup(s: Suppression | null) {
    if (s !== null || this.side !== null) this.own().sup = s;
  }
  get named(): readonly string[] {
    return this.side === null ? NONE : this.side.named;
  }
  set named(n: readonly string[]) {
    if (n.length > 0 || this.side !== null) this.own().named = n;
  }
  get flapping(): boolean {
    return this.side === null ? false : this.side.flapping;
  }
  set flapping(f: boolean) {
    if (f || this.side !== null) this.own().flapping = f;
  }
}

/** newAlert: the engine's record of an alert (see AlertRecord). */
export function newAlert(x: AlertInit): AlertState {
  return new AlertRecord(x);
}

/** alertSnapshot: an alert's checkpoint form: every field as a plain property, in the order checkpoints always had. */
export function alertSnapshot(a: AlertState, recent: number[]): Omit<AlertState, 'recent' | 'resolvedAt' | 'srcStart' | 'cadence'> & { resolvedAt: number | null; recent: number[]; srcStart?: number; cadence?: number } {
  return {
    id: a.id,
    fp: a.fp,
    source: a.source,
    title: a.title,
    desc: a.desc,
    template: a.template,
    sev: a.sev,
    status: a.status,
    firstSeen: a.firstSeen,
    lastSeen: a.lastSeen,
    onset: a.onset,
    resolvedAt: a.resolvedAt ?? null,
    count: a.count,
    episode: a.episode,
    flapping: a.flapping,
    flips: a.flips,
    sup: a.sup,
    ci: a.ci,
    service: a.service,
    keys: a.keys,
    labels: a.labels,
    resource: a.resource,
    groupId: a.groupId,
    version: a.version,
    lastEventId: a.lastEventId,
    recent,
    named: a.named,
    ...(a.srcStart !== undefined ? { srcStart: a.srcStart } : {}), // absent in older checkpoints
    ...(a.cadence > 0 ? { cadence: a.cadence } : {}),
  };
}
