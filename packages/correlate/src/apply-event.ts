/**
 * One event applied to its domain (dedup, alert state, flapping, grouping, suppression), and the hold
 * that releases events in event-time order.
 */
import { type AlertChange, type CiMatch, type Event, type RemovedMember, stableId } from '@aiops/model';
import { newAlert } from './alert-record.js';
import { ciAlertsAdd } from './ci-alerts.js';
import { type EngineContext, bumpOnset, noteSpread, templateOf } from './engine-context.js';
import { endEpisode, newEpisode } from './episodes.js';
import type { EngineOutput } from './engine.js';
import { chooseDuplicate, joinOrOpen } from './join.js';
import { ownSet } from './lazy.js';
import { namedCauses } from './named-cause.js';
import { noteOnset } from './onset-burst.js';
import { toAlert, touchGroup, viewChanged } from './output.js';
import { hasId, rememberId } from './recent-ids.js';
import { evalSuppression, refreshGroupSuppression, refreshSuppression } from './refresh-suppression.js';
import { type DomainState, NONE, NO_FLIPS, type PendingEvent } from './state.js';
import { runTimers, scheduleDeadline } from './timers.js';
import { cmp } from './top-k.js';

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** the arrival hold is part of reordering: with reorderToleranceMs 0 events apply as they come. */
export function arrivalHold(ctx: EngineContext): number {
  const { config } = ctx;
  return config.time.reorderToleranceMs === 0 ? 0 : config.time.arrivalHoldMs;
}

export function eventTime(ctx: EngineContext, e: Event): number {
  const { config } = ctx;
  return Math.min(e.occurredAt, e.receivedAt + config.time.maxFutureSkewMs);
}

export function insertPending(ctx: EngineContext, d: DomainState, p: PendingEvent): void {
  const arr = d.pending;
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = arr[mid] as PendingEvent;
    const c = m.t - p.t || cmp(m.e.fingerprint, p.e.fingerprint) || cmp(m.e.id, p.e.id);
    if (c <= 0) lo = mid + 1;
    else hi = mid;
  }
  arr.splice(lo, 0, p);
}

// ---- one event ----
export function apply(ctx: EngineContext, d: DomainState, e: Event, tIn: number, ci: CiMatch | null | undefined, out: EngineOutput): void {
  const { counters, dirty, config } = ctx;
  let t = tIn;
  if (t < d.cursor) {
    counters.lateEvents++;
    t = d.cursor;
  }
  d.cursor = t;
  runTimers(ctx, d, t, out);
  dirty.add(d.domain);
  const hash = fnv1a(e.id);
  const a = d.alerts.get(e.fingerprint);
  if (a && hasId(a.recent, hash) && a.lastEventId !== '' ) {
    counters.duplicates++;
    return;
  }
  counters.events++;
  if (!a) {
    if (e.status === 'resolved') {
      counters.orphanResolved++;
      return;
    }
    openAlert(ctx, d, e, t, ci, hash, out);
    return;
  }
  // known alert: a firing event may start a new episode of a firing one (episodes.ts)
  let removal: RemovedMember | null = null;
  if (e.status === 'firing' && a.status === 'firing') {
    const why = newEpisode({ lastSeen: a.lastSeen, t, startsAt: e.startsAt, prevStartsAt: a.srcStart, toleranceMs: config.time.reorderToleranceMs, onStartsAt: config.alertState.newEpisodeOnStartsAt, gapMs: config.alertState.episodeGapMs, cadenceMs: a.cadence, cadences: config.alertState.episodeCadences, minGapMs: config.alertState.episodeMinGapMs });
    if (why !== null) removal = endEpisode(ctx, d, a, why, t, e.annotations, out);
  }
  a.count++;
  a.lastEventId = e.id;
  a.recent = rememberId(a.recent, hash, config.retention.recentEventIds);
  // the re-send rhythm of a firing episode (episodes.ts episodeGap); a re-fire starts without one
  if (e.status === 'firing' && a.status === 'firing' && t > a.lastSeen) a.cadence = t - a.lastSeen;
  else if (e.status === 'firing' && a.status === 'resolved') a.cadence = 0;
  if (t > a.lastSeen) a.lastSeen = t;
  a.labels = e.labels;
  a.resource = e.resource;
  let change: AlertChange | null = null;
  let flipped = false;
  if (e.status === 'resolved') {
    if (a.status === 'firing') {
      a.status = 'resolved';
      a.resolvedAt = t;
      change = 'resolved';
      flipped = true;
    }
  } else if (a.status === 'resolved') {
    a.srcStart = e.startsAt;
    a.status = 'firing';
    a.resolvedAt = undefined;
    a.episode++;
    a.onset = t;
    if (a.ci) bumpOnset(ctx, d, a.ci.id, t, t);
    change = 'reopened';
    flipped = true;
  } else {
    if (e.startsAt !== undefined && (a.srcStart === undefined || e.startsAt > a.srcStart)) a.srcStart = e.startsAt;
    change = 'repeated';
    if (e.severity !== a.sev || e.title !== a.title) {
      change = 'updated';
      a.sev = e.severity;
      if (a.groupId !== null && config.inhibition.sourceSeverities.includes(a.sev)) {
        const sg = d.groups.get(a.groupId);
        if (sg) (sg.sources = ownSet(sg.sources)).add(a.fp);
      }
      a.title = e.title;
      a.template = templateOf(ctx, e.title);
    }
  }
  if (e.status === 'firing' && e.title !== a.title) {
    a.title = e.title;
    a.template = templateOf(ctx, e.title);
  }
  if (flipped) {
    const flips = a.flips.concat(t); // an exact-size copy: push would grow a short array to 17 slots, kept per alert
    while (flips.length > 0 && (flips[0] as number) < t - config.flapping.windowMs) flips.shift();
    if (flips.length > config.flapping.maxFlips + 1) flips.shift();
    a.flips = flips;
    if (!a.flapping && flips.length > config.flapping.maxFlips) {
      a.flapping = true;
      d.flapping.add(a.fp);
      out.alerts.push(toAlert(ctx, d, a, 'flapping_started', t, e.annotations));
      change = null;
    }
  }
  if (a.flapping && change !== null && change !== 'updated') change = null; // held back until it settles
  viewChanged(ctx, d, a); // lastSeen and labels at least
  // group membership: a re-fire after its group closed opens a new grouping decision
  let grp = a.groupId !== null ? d.groups.get(a.groupId) : undefined;
  if (!grp && a.status === 'firing') {
    a.groupId = null;
    joinOrOpen(ctx, d, a, t, out, e);
    grp = d.groups.get(a.groupId as unknown as string);
    if (removal && grp) removal.movedTo = grp.id; // the old group's version lists where the new episode went
  } else if (grp) {
    if (flipped) {
      if (a.status === 'resolved') {
        grp.firing--;
        if (t > grp.lastResolved) grp.lastResolved = t;
      } else grp.firing++;
      scheduleDeadline(ctx, d, grp);
    }
    if (flipped || change === 'updated') {
      touchGroup(ctx, d, grp, 'alert_updated');
      if (change === 'reopened' && t > grp.lastOnset) grp.lastOnset = t;
      grp.updatedAt = t;
    }
  }
  const supChanged = refreshSuppression(ctx, d, a, t, out, false);
  if (change === null && supChanged && !a.flapping) change = a.sup ? 'suppressed' : 'unsuppressed';
  if (change !== null) out.alerts.push(toAlert(ctx, d, a, change, t, e.annotations));
  if (grp && flipped && config.inhibition.sourceSeverities.includes(a.sev)) refreshGroupSuppression(ctx, d, grp, t, out, a.fp);
}

/** openAlert: the first event of an alert: matched to its CI, keyed, grouped (joinOrOpen), evaluated for suppression. */
function openAlert(ctx: EngineContext, d: DomainState, e: Event, t: number, ci: CiMatch | null | undefined, hash: number, out: EngineOutput): void {
  const { subjectOf, matcher, shareMatch, cmdb, g, config, fullUpOf, namesCache, shareKeys, keysOf, internKey, suppressedCount } = ctx;
  const found = subjectOf(ci === undefined ? matcher.match(e.resource, e.labels, e.receivedAt, e.title) : ci, e);
  const match = found && shareMatch(found);
  const bss = match ? cmdb.businessServicesOf(match.id) : [];
  const service = bss[0] ?? e.resource.service ?? e.labels['service'] ?? null;
  const onset = Math.min(t, e.startsAt !== undefined && e.startsAt <= t ? Math.max(e.startsAt, t - g.windowMs) : t);
  const a = newAlert({
    id: stableId('al_', e.fingerprint),
    fp: e.fingerprint,
    source: e.source,
    title: e.title,
    desc: e.description.length > 300 ? e.description.slice(0, 300) : e.description,
    template: templateOf(ctx, e.title),
    sev: e.severity,
    status: 'firing',
    firstSeen: onset,
    lastSeen: t,
    onset,
    resolvedAt: undefined,
    srcStart: e.startsAt,
    cadence: 0,
    count: 1,
    episode: 1,
    flapping: false,
    flips: NO_FLIPS,
    sup: null,
    ci: match,
    service,
    keys: [],
    labels: e.labels,
    resource: e.resource,
    groupId: null,
    version: 0,
    lastEventId: e.id,
    recent: rememberId('', hash, config.retention.recentEventIds),
    named: NONE,
  });
  if (match && g.namedCauses) {
    const own = (): string => `${Object.values(e.resource).join(' ')} ${Object.values(e.labels).join(' ')}`;
    const n = namedCauses(cmdb, e.description === '' ? e.title : `${e.title}\n${e.description}`, fullUpOf(match.id).keys(), namesCache, own);
    if (n.length > 0) a.named = n;
  }
  a.keys = shareKeys(keysOf(e, match, service).map(internKey)); // shared strings, and one exact-size array per distinct list
  if (match && g.duplicatesByJoin) chooseDuplicate(ctx, d, a, e, t);
  d.alerts.set(e.fingerprint, a);
  noteSpread(ctx, d, a);
  if (!a.ci && g.burstScore > 0) noteOnset(d.onsets, a.onset, a.fp);
  if (a.ci) {
    d.byCi.set(a.ci.id, ciAlertsAdd(d.byCi.get(a.ci.id), a.fp));
    bumpOnset(ctx, d, a.ci.id, a.onset, t);
  }
  joinOrOpen(ctx, d, a, t, out, e);
  a.sup = evalSuppression(ctx, d, a, t);
  viewChanged(ctx, d, a);
  if (a.sup) suppressedCount[a.sup.kind] = (suppressedCount[a.sup.kind] ?? 0) + 1;
  out.alerts.push(toAlert(ctx, d, a, 'opened', t, e.annotations));
  const grp = d.groups.get(a.groupId as string);
  if (grp && config.inhibition.sourceSeverities.includes(a.sev)) refreshGroupSuppression(ctx, d, grp, t, out, a.fp);
}

/**
 * release applies, in event-time order, the held events whose event time is at most `upTo` and that
 * arrived by `arrivedBy`. An event that arrived later than that stops the release (and the timers,
 * see advance) until its hold is over, so what came in together is applied in event-time order.
 */
export function release(ctx: EngineContext, d: DomainState, upTo: number, arrivedBy: number, out: EngineOutput): void {
  const { cmdb } = ctx;
  let n = 0;
  for (let p = d.pending[0]; p !== undefined && p.t <= upTo && p.e.receivedAt <= arrivedBy; p = d.pending[++n]);
  if (n === 0) return;
  const ready = d.pending.splice(0, n);
  // the match routing made still holds unless the CMDB changed since (a match reads only the event and the CMDB)
  for (const p of ready) apply(ctx, d, p.e, p.t, p.v === cmdb.version ? p.ci : undefined, out);
}
