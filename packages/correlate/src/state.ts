import type { KeySpread } from './key-spread.js';
import type { RecentIds } from './recent-ids.js';
import type { OnsetLog } from './onset-burst.js';
import type { YoungIndex } from './move.js';
import type { CiMatch, EventStatus, Event, GroupMember, JoinEvidence, JoinRule, Labels, ResourceHints, RootCauseCandidate, Severity, Suppression } from '@aiops/model';

/** AlertState is the compact per-fingerprint state (kept small: see README "state per alert"). */
import { EMPTY_MAP, EMPTY_SET } from './lazy.js';
import { NO_LATEST, type Latest } from './latest.js';
import { NO_SERVICES, NO_VIEWS } from './member-view.js';
import type { CiAlerts } from './ci-alerts.js';
import { NO_POSTINGS, type CandidateIndex, type Posting } from './postings.js';
import type { DeadlineHeap } from './deadline-heap.js';

export interface AlertState {
  id: string;
  fp: string;
  source: string;
  title: string;
  desc: string;
  template: string;
  sev: Severity;
  status: EventStatus;
  firstSeen: number;
  lastSeen: number;
  onset: number;
  resolvedAt: number | undefined;
  /** the source onset (startsAt, source clock) of the current episode, when the source sends one (episodes.ts). */
  srcStart: number | undefined;
  /** the last re-send interval of the current firing episode, 0 when none (episodes.ts). */
  cadence: number;
  count: number;
  episode: number;
  flapping: boolean;
  flips: readonly number[];
  sup: Suppression | null;
  ci: CiMatch | null;
  service: string | null;
  keys: string[];
  labels: Labels;
  resource: ResourceHints;
  groupId: string | null;
  version: number;
  lastEventId: string;
  /** hashes of the last event ids, packed (recent-ids.ts). */
  recent: RecentIds;
  /** upstream CIs its text names ("connection refused to pg-orders"): root-cause evidence. */
  named: readonly string[];
}

export const NONE: readonly string[] = Object.freeze([]);
/** no status flips: shared by every alert that is not flipping (most of them). */
export const NO_FLIPS: readonly number[] = []; // not frozen (one array kind for the flip checks), readonly by type

export interface Member {
  alertId: string;
  fp: string;
  joinedAt: number;
  rule: JoinRule;
  evidence: JoinEvidence;
  /** how many times the alert moved to a stronger group (grouping.moveMargin; absent: never). */
  moves?: number;
}

/**
 * addMember appends a member. Up to SMALL_GROUP members the list is an exact-size copy: a push grows a
 * one-member array to 17 slots, and most groups stay that small.
 */
const SMALL_GROUP = 16;
export function addMember(grp: { members: Member[] }, m: Member): void {
  if (grp.members.length < SMALL_GROUP) grp.members = grp.members.concat(m);
  else grp.members.push(m);
}

export interface GroupState {
  id: string;
  openedAt: number;
  updatedAt: number;
  lastOnset: number;
  version: number;
  members: Member[];
  rootCause: RootCauseCandidate | null;
  candidates: RootCauseCandidate[];
  // derived (rebuilt on restore)
  keyCount: Map<string, number>;
  ciCount: Map<string, number>;
  ciOnset: Map<string, number>;
  reach: Map<string, { d: number; ci: string }>;
  upCount: Map<string, number>;
  templates: Map<string, string[]>;
  /** upstream CIs named by member alerts: how many alerts, earliest onset. */
  namedCis: Map<string, { n: number; onset: number }>;
  entities: Map<string, { n: number; onset: number; display?: string }>;
  /** without CIs: every own name of the members (service, workload and host label values), how many members carry it, first onset, whether it names a host. */
  names: Map<string, { n: number; onset: number; display: string; host: boolean }>;
  /** without CIs: entity -> entities its members name in their texts (learned edges, for the root cause). */
  named: Map<string, Set<string>>;
  /** latest onset per name-family key and per template: burst rules compare with recent members only. */
  recent: Latest;
  tplOnset: Latest;
  sources: Set<string>;
  /** the candidate-index postings the group is in (postings.ts). */
  indexed: readonly Posting[];
  /** the findGroup lookup that last took the group as a candidate, and whether a non-text posting held it then (its dedupe, no map). */
  candAt: number;
  candStrong: boolean;
  /** the member views last emitted, by member index, once the group has more than KEEP_VIEWS_FROM members (see memberView). */
  views: GroupMember[];
  /** the distinct services of the kept member views, sorted. */
  memberServices: string[];
  rankDirty: boolean;
  firing: number;
  lastResolved: number;
}

export interface PendingEvent {
  t: number;
  e: Event;
  /** the CI match routing made, valid for CMDB version `v` (a new alert is not matched twice); absent after restore. */
  ci?: CiMatch | null;
  v?: number;
}

export interface DomainState {
  domain: string;
  watermark: number;
  wmArrival: number;
  /** latest arrival time (receivedAt) seen: the arrival clock of time.arrivalHoldMs. */
  arrivalMax: number;
  cursor: number;
  nextSweep: number;
  pending: PendingEvent[];
  alerts: Map<string, AlertState>; // by fingerprint
  groups: Map<string, GroupState>; // open groups by id
  /** inverted index: key/reach CI/token/pattern cluster -> open group ids (candidate lookup, not a scan). */
  index: CandidateIndex;
  /** alerts (fingerprints) per matched CI: for the "many dependents of one CI alert at once" rule. */
  byCi: Map<string, CiAlerts>;
  /** upper bound of the onset of every alert in byCi per CI (never lowered): skips CIs with no recent onset (performance only). */
  ciOnsetMax: Map<string, number>;
  /** groups in opening order: once out of the join window they leave the candidate index (performance only). */
  ageQueue: Array<{ at: number; id: string }>;
  ageHead: number;
  /** fingerprints currently flapping (checked every sweep for settling). */
  flapping: Set<string>;
  /** per fingerprint, how many of its last groups closed with it alone, in a row (chronic-alert evidence; in the snapshot, so a restart keeps it). */
  aloneRuns: Map<string, number>;
  /** min-heap of (close deadline, group id); stale entries are skipped when popped. */
  deadlines: DeadlineHeap;
  supEpoch: number;
  supCheckedAt: number;
  /** per label key, the entities that carried it recently (key-spread.ts): rare values are strong evidence. */
  spread: KeySpread;
  /** onsets of recent alerts without a CI (onset-burst.ts): a run far above the background rate is one failure. */
  onsets: OnsetLog;
  /** members that may still move to a group with stronger evidence, by the CIs a cause may alert on (move.ts; rebuilt on restore). */
  young: YoungIndex;
}

/**
 * emptyDerived is a group's derived state (indexes rebuilt from its members), the same whether the group
 * is opened now or restored from a checkpoint: one definition so the two can never drift apart.
 */
export type DerivedState = Pick<GroupState, 'keyCount' | 'ciCount' | 'ciOnset' | 'reach' | 'upCount' | 'templates' | 'entities' | 'names' | 'named' | 'namedCis' | 'recent' | 'tplOnset' | 'sources' | 'indexed' | 'candAt' | 'candStrong' | 'views' | 'memberServices' | 'rankDirty' | 'firing' | 'lastResolved'>;

export function emptyDerived(): DerivedState {
  // shared empties until first written (lazy.ts): most groups have one member and never fill most of these
  return {
    keyCount: EMPTY_MAP,
    ciCount: EMPTY_MAP,
    ciOnset: EMPTY_MAP,
    reach: EMPTY_MAP,
    upCount: EMPTY_MAP,
    templates: EMPTY_MAP,
    entities: EMPTY_MAP,
    names: EMPTY_MAP,
    named: EMPTY_MAP,
    namedCis: EMPTY_MAP,
    recent: NO_LATEST,
    tplOnset: NO_LATEST,
    sources: EMPTY_SET,
    indexed: NO_POSTINGS,
    candAt: 0,
    candStrong: false,
    views: NO_VIEWS,
    memberServices: NO_SERVICES,
    rankDirty: false,
    firing: 0,
    lastResolved: 0,
  };
}
