/**
 * Alert episodes (alertState): a firing event for an alert that is already firing is normally a re-send.
 * It is a NEW firing episode when the data says the old one ended unseen (a lost resolve, or a source that
 * never sends one): its source onset (startsAt) is clearly later than anything seen of the alert, or,
 * without a startsAt, it comes after a long silence. The old episode ends at its last sighting, so its
 * group keeps its history and closes as usual; the new one is grouped on its own (joinOrOpen).
 */
import type { Labels, RemovedMember } from '@aiops/model';
import type { EngineContext } from './engine-context.js';
import type { EngineOutput } from './engine.js';
import { removeMember } from './member-moves.js';
import { toAlert, touchGroup } from './output.js';
import { refreshGroupSuppression } from './refresh-suppression.js';
import type { AlertState, DomainState, GroupState } from './state.js';
import { runTimers, scheduleDeadline } from './timers.js';

export type EpisodeBreak = 'starts_at' | 'gap';

export interface EpisodeInput {
  /** the alert's last sighting (event time) */
  lastSeen: number;
  /** this event's time */
  t: number;
  /** the event's source onset, when the source sends one */
  startsAt: number | undefined;
  /** the onset the alert's current episode came with (same source clock), if any */
  prevStartsAt: number | undefined;
  /** how much later than the episode's onset a startsAt must be (the reorder tolerance) */
  toleranceMs: number;
  /** alertState.newEpisodeOnStartsAt */
  onStartsAt: boolean;
  /** alertState.episodeGapMs (0 = off) */
  gapMs: number;
  /** the alert's last re-send interval in this episode (0: none seen yet) */
  cadenceMs: number;
  /** alertState.episodeCadences (0 = off) and episodeMinGapMs */
  cadences: number;
  minGapMs: number;
}

/**
 * episodeGap: the silence that ends an episode. An alert seen re-sent at a steady rhythm (a detector's
 * row a minute, a check re-notified every 30 min) has ended when `cadences` of its intervals pass without
 * it, within [minGapMs, gapMs]; an alert seen once waits the whole gapMs (its source may send once per problem).
 */
export function episodeGap(x: Pick<EpisodeInput, 'gapMs' | 'cadenceMs' | 'cadences' | 'minGapMs'>): number {
  if (x.gapMs <= 0 || x.cadences <= 0 || x.cadenceMs <= 0) return x.gapMs;
  return Math.min(x.gapMs, Math.max(x.minGapMs, x.cadences * x.cadenceMs));
}

/**
 * newEpisode: why a firing event for a firing alert starts a new episode, or null for a re-send.
 * A source that sends an onset keeps it on every re-send (Alertmanager's repeat_interval), so an onset
 * later than the episode's is a new failure whatever the gap, and the same onset is a re-send whatever
 * the gap. Without onsets to compare, only a silence longer than any re-send interval is a new episode.
 */
export function newEpisode(x: EpisodeInput): EpisodeBreak | null {
  // onsets compared with onsets: one source clock (a skewed sender's startsAt is not comparable with event time)
  if (x.startsAt !== undefined && x.prevStartsAt !== undefined) return x.onStartsAt && x.startsAt > x.prevStartsAt + x.toleranceMs ? 'starts_at' : null;
  const gap = episodeGap(x);
  return gap > 0 && x.t - x.lastSeen > gap ? 'gap' : null;
}

/**
 * endEpisode: the alert's current episode ended unseen at its last sighting. It resolves there (a
 * `resolved` record, unless it is flapping), its group counts it as resolved, and, when that group is
 * still open with other members, it leaves it (listed in `removed`, `movedTo` filled in by the caller once
 * the new episode is grouped) so the new episode gets its own grouping decision; the old group keeps
 * every version it emitted and closes by its own deadlines. Alone in a group still within its quiet
 * period, it stays (as any re-fire of a resolved member does). Returns the removal to complete, if any.
 */
/**
 * stillReported: another firing member of the group was seen within episodeMinGapMs: its incident is
 * still being reported, and the alert coming back is an intermittent symptom of it (it stays, as a re-fire
 * in an open group does), not a recurrence in another incident.
 */
function stillReported(ctx: EngineContext, d: DomainState, grp: GroupState, a: AlertState, t: number): boolean {
  const since = t - ctx.config.alertState.episodeMinGapMs;
  for (const x of grp.members) {
    if (x.fp === a.fp) continue;
    const o = d.alerts.get(x.fp);
    if (o && o.status === 'firing' && o.lastSeen >= since) return true;
  }
  return false;
}

export function endEpisode(ctx: EngineContext, d: DomainState, a: AlertState, why: EpisodeBreak, t: number, annotations: Labels, out: EngineOutput): RemovedMember | null {
  const { config, counters } = ctx;
  counters.newEpisodes++;
  a.status = 'resolved';
  a.resolvedAt = a.lastSeen;
  if (!a.flapping) out.alerts.push(toAlert(ctx, d, a, 'resolved', t, annotations));
  const grp = a.groupId !== null ? d.groups.get(a.groupId) : undefined;
  if (!grp) return null;
  let removal: RemovedMember | null = null;
  const m = grp.members.find((x) => x.fp === a.fp);
  if (m && grp.members.length > 1 && !stillReported(ctx, d, grp, a, t)) {
    removal = { alertId: a.id, fingerprint: a.fp, movedTo: grp.id, reason: why === 'gap' ? 'new episode after a silence' : 'new episode (a later onset)' };
    removeMember(ctx, d, grp, m, removal, t);
    a.groupId = null;
  } else {
    grp.firing--;
    if (a.lastSeen > grp.lastResolved) grp.lastResolved = a.lastSeen;
    scheduleDeadline(ctx, d, grp);
    touchGroup(ctx, d, grp, 'alert_updated');
    grp.updatedAt = t;
  }
  if (config.inhibition.sourceSeverities.includes(a.sev)) refreshGroupSuppression(ctx, d, grp, t, out, a.fp);
  // alone, its group may be past its quiet period now: it closes, and the new episode is grouped afresh (with
  // a removal pending, not here: a flush would emit it before the new episode's group is known)
  if (removal === null) runTimers(ctx, d, t, out);
  return removal;
}
