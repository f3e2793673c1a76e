import { z } from 'zod';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** LabelKeySpec: alerts sharing a value of one of these labels share an entity (host, workload, service…). */
const labelKeySpec = z.strictObject({
  name: z.string().min(1).describe('key name, shown in evidence'),
  labels: z.array(z.string().min(1)).min(1).describe('label/hint names tried in order; the first present value is used'),
  rule: z.enum(['same_ci', 'same_service', 'shared_label']).describe('join rule recorded when two alerts share this key'),
  score: z.number().min(0).max(1),
  normalize: z.enum(['none', 'host', 'workload']).default('none').describe('host: lower-case, strip port and domain; workload: pod name -> workload'),
  unlessLabels: z.array(z.string().min(1)).default([]).describe('the key is not used when one of these labels is present (Icinga/Nagios: with `check_command`, `service` names a check such as "disk", not an application)'),
  skipWhen: z.record(z.string().min(1), z.array(z.string().min(1))).default({}).describe('label -> labels: that label of the key is not read when one of these is present (`instance` and `service` are the scrape target, not the subject, of an alert that names its pod or workload: kube-state-metrics has one instance and one Service for a whole cluster)'),
});

export const silenceMatcher = z.strictObject({
  name: z.string().min(1),
  value: z.string(),
  isRegex: z.boolean().default(false),
  isEqual: z.boolean().default(true),
});

/** Silence mutes notifications for alerts whose labels match every matcher, between startsAt and endsAt (Alertmanager semantics). */
export const silenceSchema = z.strictObject({
  id: z.string().min(1),
  matchers: z.array(silenceMatcher).min(1),
  startsAt: z.number().int().nonnegative(),
  endsAt: z.number().int().nonnegative(),
  createdBy: z.string().default('config'),
  comment: z.string().default(''),
});
export type Silence = z.output<typeof silenceSchema>;
export type SilenceInput = z.input<typeof silenceSchema>;

/** MaintenanceWindow marks alerts on the listed CIs (and what runs on them) or business services as suppressed. */
export const maintenanceSchema = z.strictObject({
  id: z.string().min(1),
  ciIds: z.array(z.string()).default([]),
  services: z.array(z.string()).default([]).describe('business service CI ids, or service label values when there is no CMDB'),
  includeDependents: z.boolean().default(true).describe('also CIs that run on / depend on the listed CIs'),
  startsAt: z.number().int().nonnegative(),
  endsAt: z.number().int().nonnegative(),
  reason: z.string().default('maintenance'),
});
export type MaintenanceWindow = z.output<typeof maintenanceSchema>;
export type MaintenanceWindowInput = z.input<typeof maintenanceSchema>;

export const DEFAULT_LABEL_KEYS: z.output<typeof labelKeySpec>[] = [
  { name: 'host', labels: ['host', 'hostname', 'node', 'nodename', 'instance', 'ip'], rule: 'same_ci', score: 0.9, normalize: 'host', unlessLabels: [], skipWhen: { instance: ['pod', 'deployment', 'statefulset', 'daemonset'] } },
  { name: 'workload', labels: ['workload', 'deployment', 'statefulset', 'daemonset', 'pod'], rule: 'same_ci', score: 0.85, normalize: 'workload', unlessLabels: [], skipWhen: {} },
  { name: 'service', labels: ['service', 'application', 'app', 'app_kubernetes_io_name', 'service_name'], rule: 'same_service', score: 0.7, normalize: 'none', unlessLabels: ['check_command'], skipWhen: { service: ['pod', 'deployment', 'statefulset', 'daemonset'] } },
  { name: 'namespace', labels: ['namespace'], rule: 'shared_label', score: 0.55, normalize: 'none', unlessLabels: [], skipWhen: {} },
];

/**
 * correlateConfig: every knob of the engine, validated once, with documented defaults. Times are in
 * event time (ms). See packages/correlate/README.md for what each rule does and why the defaults.
 */
export const correlateConfig = z.strictObject({
  domain: z
    .strictObject({
      strategy: z.enum(['service', 'global']).default('global').describe('global (default): one domain, best grouping (hub failures cross business services); service: partition by the business service of the matched CI (fallback: labels) to scale out, at a measured quality cost (README)'),
      fallbackLabels: z.array(z.string()).default(['cluster', 'environment', 'env']).describe('without a CI match, the domain is the first of these labels/hints present, else `default`'),
    })
    .prefault({}),
  time: z
    .strictObject({
      reorderToleranceMs: z.number().int().nonnegative().default(2000).describe('events are held this long (event time) and processed in event-time order'),
      arrivalHoldMs: z.number().int().nonnegative().default(2000).describe('events are also held until this much arrival time (receivedAt) has passed: a storm sent faster than real time reaches the engine through several Kafka partitions out of order by seconds of arrival, which are minutes of event time; 0 = off (and off when reorderToleranceMs is 0)'),
      maxFutureSkewMs: z.number().int().nonnegative().default(0).describe('event time is min(occurredAt, receivedAt + this): a wrong source clock cannot hold a group open'),
    })
    .prefault({}),
  alertState: z
    .strictObject({
      newEpisodeOnStartsAt: z.boolean().default(true).describe('a firing event for a firing alert whose source onset (startsAt) is later than the onset its current episode came with by more than time.reorderToleranceMs starts a new episode: re-sends keep their onset, so the old episode ended with its resolve lost (episodes.ts)'),
      episodeGapMs: z.number().int().min(0).default(2 * HOUR).describe('a firing event without a startsAt for a firing alert not seen for longer than this starts a new episode: the source sent once per problem or stopped re-sending without a resolve (occurrence logs, anomaly rows, lost recoveries); longer than the usual re-notification intervals of sources without an onset (Nagios/Icinga 30-60 min, per-minute detector rows); 0 = off'),
      episodeCadences: z.number().min(0).default(3).describe('an alert already re-sent in its episode (a detector\'s row a minute, a check re-notified every 30 min) starts a new one after this many of its last re-send intervals of silence, within [episodeMinGapMs, episodeGapMs]: a steady sender that goes quiet has stopped; 0 = off (always episodeGapMs)'),
      episodeMinGapMs: z.number().int().min(0).default(30 * MIN).describe('the shortest silence that ends an episode by episodeCadences (longer than a grouping window and a short detector dropout)'),
    })
    .prefault({}),
  flapping: z
    .strictObject({
      windowMs: z.number().int().positive().default(10 * MIN),
      maxFlips: z.number().int().positive().default(4).describe('more status flips than this within the window = flapping'),
      settleMs: z.number().int().positive().default(10 * MIN).describe('flapping ends after this long without a flip'),
    })
    .prefault({}),
  grouping: z
    .strictObject({
      windowMs: z.number().int().positive().default(15 * MIN).describe('an alert may join a group opened (windowFrom=first) or last joined (last) at most this long ago'),
      noTopologyWindowMs: z.number().int().positive().default(5 * MIN).describe('the join window (same reference as windowMs, at most windowMs) when neither the alert nor the group has a CMDB CI: with only labels and text as evidence, onset time carries most of it, and a group open for 15 min absorbs the next failure'),
      scopeLabels: z.array(z.string()).default(['region', 'site', 'datacenter', 'cluster', 'environment', 'env']).describe('without CIs on either side, an alert never joins a group whose first member carrying one of these labels (names compared case-insensitively) carries another value: a failure without a CMDB stays in one place (src/scope.ts). [] = off'),
      quietMs: z.number().int().positive().default(15 * MIN).describe('a group closes this long after its last member resolved'),
      maxLifetimeMs: z.number().int().positive().default(24 * 60 * MIN),
      maxHops: z.number().int().min(0).max(8).default(2).describe('topology joins walk at most this many relations'),
      topologyAnchor: z.enum(['members', 'root']).default('members').describe('topology joins relate the alert to any member CI, or only to the group\'s root-cause candidate'),
      upstreamMaxHops: z.number().int().min(0).max(8).default(3).describe('an alert on a CI upstream of the group joins within this many hops (it may be the real root, detected late)'),
      windowFrom: z.enum(['last', 'first']).default('first').describe('the join window counts from the group\'s last onset or from its opening'),
      topologyFirst: z.boolean().default(true).describe('when the alert and the group both have CMDB CIs, label and text rules are not used (topology decides)'),
      gapFallback: z.boolean().default(true).describe('a matched alert the CMDB gives no group (a stale CMDB: a relation never recorded) is looked at again: its text naming a CI that alerts in an open group joins it there, and an orphan CI (nothing recorded upstream, few dependents) may join by text similarity within a burst'),
      gapOrphanMaxDependents: z.number().int().min(-1).default(3).describe('an orphan CI has at most this many direct dependents (more: the bottom of the stack, a switch or a SAN, not a gap); -1 = no orphan rule'),
      gapBurstMinCis: z.number().int().min(0).default(2).describe('an orphan CI joins by similarity only a group already holding this many CIs (a burst of look-alike failures, not one other alert that happens to read alike)'),
      gapUplinkMinShare: z.number().min(0).max(2).default(0.5).describe('with gapFallback: a CI (or one it directly needs) that others need but whose record has no upstream relation although at least this share of the CIs of its type have one has lost its uplink; its alert joins the open group where a CI its type peers need started alerting shortly before (> 1 = off)'),
      gapUplinkLagMs: z.number().int().min(0).default(3 * MIN).describe('… the uplink\'s first alert in that group started at most this long before the alert (a lost link is felt within minutes)'),
      gapUplinkScore: z.number().min(0).max(1).default(0.6).describe('score of a join through a hypothesised (lost) uplink'),
      gapMentions: z.boolean().default(true).describe('with gapFallback: a CI the alert\'s text names that alerts in an open group joins the alert to that group'),
      suspectMinDependents: z.number().int().min(0).default(3).describe('when this many direct dependents of one CI start alerting within suspectWindowMs, they are grouped through it (a failing hub or a silent root); 0 = off'),
      suspectWindowMs: z.number().int().positive().default(5 * MIN),
      suspectMinFraction: z.number().min(0).max(1).default(0.2).describe('… and at least this share of its direct dependents (a DNS everybody uses is not suspected for a few alerts)'),
      rankBudgetFromCis: z.number().int().min(0).default(2000).describe('a group holding more distinct CIs (without CIs: entities) than this re-ranks its root-cause candidates only once its CI count has grown by 1/32 since the last ranking, not on every join (ranking reads every CI: a 20k-CI hub outage cost O(n²)); smaller groups are unaffected; 0 = rank on every join'),
      suspectMaxFanout: z.number().int().positive().default(500).describe('CIs with more direct dependents than this are not considered'),
      suspectSmallGroup: z.number().int().min(0).default(0).describe('a dependent also counts when its group has at most this many CIs even if it is not the group\'s root candidate'),
      partOfIsCausal: z.boolean().default(false).describe('whether an alert joins a group through its part_of parent (pod -> workload); off: parents are victims of their parts'),
      causeGraceMs: z.number().int().min(-1).default(2 * MIN).describe('an alert joins a group through an upstream member CI only while that CI has a firing alert in the group, or one resolved at most this long ago: an effect does not start after its cause has ended (-1 = off)'),
      rivalCauses: z.boolean().default(true).describe('an alert upstream of a member that the group\'s root candidate already explains joins only if it is related to that root (else it is a concurrent failure reaching the same symptom)'),
      lateCauseMs: z.number().int().min(-1).default(3 * MIN).describe('an alert upstream of a group\'s CIs is taken as their cause (join or merge) only if its onset is at most this much later than theirs (detection lag); later, it is a new failure (-1 = off)'),
      effectLagMs: z.number().int().min(-1).default(10 * MIN).describe('an alert joins a group through an upstream member CI only if its onset is at most this much later than that CI\'s first alert in the group (a dependency failure is felt within minutes); later, it is a new failure on a CI downstream of a long outage (-1 = off)'),
      effectLagByType: z.record(z.string(), z.number().int().min(0)).default({ batch_job: 8 * HOUR, job: 8 * HOUR, scheduled_job: 8 * HOUR, cron_job: 8 * HOUR, k8s_cronjob: 8 * HOUR, etl_job: 8 * HOUR }).describe('scheduled work: for an alert no group takes on a CI of one of these types, an upstream cause (walked through up to scheduledMaxHops silent CIs of these types) that is still firing may have started this long before it (past effectLagMs and the join window): a job feels a failure only when it is due to run (scheduled-work.ts); {} = off'),
      scheduledMaxHops: z.number().int().min(1).max(8).default(6).describe('effectLagByType: how far up a chain of scheduled CIs (jobs whose predecessors failed, silent while they wait) the still-failing cause is looked for'),
      scheduledChainOutlives: z.boolean().default(true).describe('effectLagByType: a cause on a CI of one of those types (a predecessor job) takes the alert while its group still has a firing member, even if that cause\'s own alert has resolved: a chain\'s delay outlives the abend (its successors are still catching up)'),
      sameCiIsCause: z.boolean().default(true).describe('with recentCauseFirst: a same-CI join counts as a cause join started at the group\'s first alert on that CI, so an alerting upstream cause in another group that started later (a second failure reaching the CI) takes the alert'),
      lateRootEffectMs: z.number().int().min(-1).default(15 * MIN).describe('an alert that no group takes, on a CI nothing depends on that directly depends on the alerting, still firing root candidate of an open group holding two other direct dependents of it, joins that group past effectLagMs if it starts at most this long after the root\'s first alert there: a late effect of an outage being felt, not a new failure (-1 = off)'),
      weakHubMinDependents: z.number().int().min(0).default(10).describe('an alert does not join a group through an upstream member that reaches at least this many dependents (a hub) when that member\'s alerts in the group are at most weakHubMaxSeverity and less severe than the alert: a warning on a core switch does not explain a critical failure below it (nor does its group merge with the alert\'s); 0 = off'),
      weakHubMaxTaken: z.number().int().min(1).default(3).describe('… and fewer than this many other CIs below the hub (not below the alert\'s CI) started alerting within suspectWindowMs, in any group (a hub that took several dependents down did fail)'),
      weakHubMaxSeverity: z.enum(['critical', 'major', 'minor', 'warning', 'info']).default('warning').describe('the strongest severity of a hub\'s alerts for weakHubMinDependents'),
      namedCauses: z.boolean().default(true).describe('root cause: an upstream CI that member alerts name in their text ("connection refused to pg-orders") is ranked as the cause they report, alerting or not'),
      namedYieldsToUpstream: z.boolean().default(true).describe('root cause (namedCauses): a named CI gets no bonus when an alerting member it depends on explains at least as many of the group\'s CIs (callers name the nearest broken dependency, itself a victim of that member)'),
      rootYieldsToSpecific: z.number().min(0).default(2).describe('root cause: a leading alerting hub (weakHubMinDependents) yields to an alerting member below it that explains every other CI it explains, when the hub is a weak hub over it (weakHubMaxSeverity, weakHubMaxTaken) and the member\'s share of its dependents that alert is at least this many times the hub\'s (a failed hub would reach its other dependents too; the member\'s own failure is the narrower explanation); 0 = off'),
      rootYieldsReportOnly: z.boolean().default(true).describe('rootYieldsToSpecific changes only the reported root (the output\'s candidates[0]); joins and merges keep reading the hub as the working root'),
      silentCommonCause: z.boolean().default(true).describe('root cause: when no alerting member explains all the group\'s CIs and a CI with no alert is upstream of every one of them, with at least suspectMinFraction of what depends on it alerting in the group, it scores as an alerting CI would (cover × (0.7 + 0.3 × share)): several independent victims name their nearest common dependency (VMs of one silent hypervisor); off: a silent CI keeps its discount'),
      namedCauseBonus: z.number().min(0).max(1).default(0.1).describe('a named CI scores bonus + (1 − bonus) × the share of the group\'s CIs that depend on it'),
      mergeRootChains: z.boolean().default(true).describe('when one open group\'s root candidate causally needs another\'s within maxHops and both started together (suspectWindowMs), the downstream group merges into the upstream one'),
      partOfFlow: z.enum(['composite', 'stored']).default('composite').describe('how topology walks read `A part_of B`: composite (default): when B is one of partOfCompositeTypes, B depends on A (a pod failure degrades its workload), any other whole (namespace, cluster) is a container that carries nothing; stored: B is upstream of A like any relation'),
      linkFlow: z.enum(['stored', 'joins', 'both', 'peel']).default('peel').describe('partOfFlow composite: how walks read `A connected_to B`. peel (default): when most links of the CMDB are stored from the outer end (a link table entered core first: the router "needs" its base station), each link is read by the layering of the link graph (peeled leaf by leaf: what falls off later is upstream; ties as stored); an inventory whose links point inward is read as stored. stored: B is upstream of A. both: also A upstream of B (an upstream walk never comes back down a link read backwards). joins: both ways in the join walk only, ranking as stored'),
      partOfCompositeTypes: z.array(z.string()).default(['k8s_workload', 'application', 'service']).describe('CI types whose parts\' failures degrade them (partOfFlow: composite)'),
      clusterSharedNamespaces: z.array(z.string()).default(['kube-system']).describe('partOfFlow composite: composites (workloads) in a namespace of this name serve every other composite of their cluster (cluster DNS, CNI) although a Kubernetes import records no such relation: while such a service alerts, it takes the groups of its cluster\'s workloads that opened from suspectWindowMs before its alert to effectLagMs after and, lateCauseMs later, still name no other root (shared-service.ts); [] = off'),
      lateHostCauseMs: z.number().int().min(-1).default(20 * MIN).describe('an alert on a host that parts of composites run on (a Kubernetes node) takes the open groups that opened at most this long before it whose every CI is a workload with a part on that host and whose root is their own alerting CI, when at least suspectMinDependents of them opened within suspectWindowMs of each other: the node\'s NotReady (for: 15m) comes after its pods\' callers burned their budgets (late-host-cause.ts); -1 = off'),
      partSiblingScore: z.number().min(0).max(1).default(0.7).describe('partOfFlow composite: an alert on a part joins a group holding another part of the same whole (replicas of one Deployment failing together) with this score; 0 = off'),
      partJoinsWholeScore: z.number().min(0).max(1).default(0.8).describe('partOfFlow composite: an alert on a part joins a group where its whole alerts (a pod\'s disk alert and its service\'s 5xx) with this score, the part starting at most lateCauseMs after the whole; the group\'s own walks never enter parts; 0 = off'),
      wholeRootMinParts: z.number().int().min(0).default(2).describe('partOfFlow composite: a whole with at least this many alerting parts in a group is a root-cause candidate credited with them (a bad rollout breaks every replica); 0 = off'),
      rootNamesWhole: z.enum(['off', 'sole', 'alerting', 'either']).default('sole').describe('partOfFlow composite: when the leading root candidate is the only alerting part of a composite (a pod of a Deployment/service), name the composite first and the part second: sole = when it has no other part (one replica: one failure domain), alerting = when the composite alerts in the group too, either = one of both; off = the part'),
      linkMeetWindowMs: z.number().int().min(-1).default(MIN).describe('root cause: when the leading candidate is a link peer (connected_to) of an alerting member X, and another alerting transit peer of X (not the leader\'s peer, not a stub) started within this long of the leader, and X carries more of the group\'s alerts than the leader, X is reported first: both ends of a link alarm whichever end failed, and the element whose links to two peers went down together is the one that failed (a rebooting router, a board fault), not the peer nearer the core (link-meet.ts); reported root only; -1 = off'),
      wholeRootPartTypes: z.array(z.string()).default(['k8s_pod', 'pod', 'container']).describe('rootNamesWhole: CI types of replaceable instances (renamed on every restart) whose whole is reported for them'),
      duplicatesByJoin: z.boolean().default(true).describe('when several CIs answer to the alert\'s one identifying key (a duplicate Deployment, a discovery duplicate), match the one that joins an open group with the best evidence, else the matcher\'s choice'),
      suspectedRootScore: z.number().min(0).max(1).default(0.97).describe('an alert on the CI a group names as its silent root joins that group with this score (above a late-root join into another group whose members merely depend on it); 0 = off'),
      suspectedRootLateMs: z.number().int().min(-1).default(5 * MIN).describe('the suspected-root join holds while the alert starts at most this long after the group opened: the silent root a group was formed around (several dependents failing within suspectWindowMs) may be detected that late; -1 = lateCauseMs'),
      pathBonus: z.number().min(0).max(0.02).default(0.01).describe('a topology join scores this much more per further member CI the alert\'s CI depends on (up to 4): among equal paths the group holding more of its upstream wins; 0 = off'),
      linkMinScore: z.number().min(0).max(1).default(0.8).describe('without topology (alert and groups without CIs), an alert with evidence at least this strong for several open groups merges them into the one it joins (same host, same workload, a named entity: one failure seen as two groups); 0 = off'),
      linkCoincidentMs: z.number().int().min(0).default(MIN).describe('without topology: an alert whose text is a look-alike (similarity score at least linkCoincidentMinScore, below linkMinScore) of members of two open groups that opened at most this long apart merges them: one symptom whose first alerts arrived together seeded both (join.ts linkHolds); 0 = off'),
      linkCoincidentMinScore: z.number().min(0).max(1).default(0.7).describe('linkCoincidentMs: the similarity score the alert needs for the other group (0.7 = cosine 0.875 at similarityThreshold 0.75)'),
      lateRootOfMemberScore: z.number().min(0).max(1).default(0.8).describe('an alert upstream of a group member that does not explain the group\'s root candidate joins with this score (a late root explaining the root joins with 0.95); 0 = no distinction'),
      calleePartsScore: z.number().min(0).max(1).default(0.85).describe('partOfFlow composite: an alert on a CI that calls a (non-hub) composite whose parts alert in a group (its replicas on a failed node) joins that group with this score, the composite itself silent or not; 0 = off'),
      calleePartsMinShare: z.number().min(0).max(1).default(0).describe('… only when at least this share of the callee\'s parts alert in that group (one replica of many is weak evidence)'),
      recentCauseFirst: z.boolean().default(true).describe('when the alert\'s CI depends on alerting members of several groups (two concurrent failures upstream of it), it joins the group whose such member started last before it: an effect follows its cause closely, and a dependency that had been failing for a while without it was not what broke it'),
      fanRootFirst: z.boolean().default(true).describe('with recentCauseFirst: a cause that is the alerting, still firing root candidate of its group, which the alert\'s CI depends on directly and which already took two other direct dependents down (an outage still being felt, some dependents late), comes before a more recent cause that is not such a root (a member of another failure), unless that CI is a cause in both groups'),
      lateFanRootSpreadMs: z.number().int().min(-1).default(2 * MIN).describe('with fanRootFirst: such a root whose first alert in its group is past effectLagMs (at most lateRootEffectMs before the alert) still comes before a more recent cause in another group that is not such a root, while its outage is still spreading: another direct dependent of it started alerting in its group at most this long before the alert (the dependents of a shared service keep noticing it one by one; a concurrent failure reaching the CI through one of its effects did not break it first); -1 = off'),
      partCauseTakesWhole: z.boolean().default(true).describe('a part (pod) joining a group through a failing upstream member (its node) brings along open groups about its whole (root candidate: the Deployment, alerting or silent) that opened at most lateCauseMs before and hold no other part of it: the whole\'s effects were detected before the part'),
      partCauseTakesCallers: z.boolean().default(true).describe('with partCauseTakesWhole: also the young groups whose root candidate needs that whole (its callers, alerting before it)'),
      silentPartCauseTakesWhole: z.boolean().default(true).describe('with partCauseTakesWhole: an alert on what a silent part runs on or needs (the node under a pod with no alert) brings along the young groups about that part\'s whole the same way'),
      explainedFollowsCause: z.boolean().default(true).describe('with silentRootFollowsCause: an alert whose own part (or what that part runs on) alerts in a group that started at most suspectWindowMs before the group it would join as that group\'s late root (its callers alerted first) joins the cause\'s group, and its callers\' group follows'),
      silentRootFollowsCause: z.boolean().default(true).describe('an alert on the CI a group names as its silent root (a workload its callers point at), when that CI itself depends on an alerting member of another group started with it (its pod on a failed node), joins that group and brings the first along: the callers are the cause\'s effects too'),
      mergeExplained: z.boolean().default(true).describe('an alert upstream of the root candidates of several open groups merges them into the one it joins'),
      explainedOwnPartsApart: z.number().int().min(0).default(2).describe('with mergeExplained: a group whose root candidate is a whole with at least this many of its own parts alerting in it (not on or needing the merging alert\'s CI) is not merged into the group of an alert that explains it: replicas failing together across nodes are the whole\'s own failure (a bad rollout), a node explains only the pods on it; 0 = off'),
      siblingMaxHops: z.number().int().min(0).max(8).default(0).describe('two CIs that depend on one common non-hub CI join when their hops to it add up to at most this (0 = never)'),
      hubDegree: z.number().int().positive().default(20).describe('a CI with more direct dependents is a hub: it does not join its dependents as siblings'),
      sameCi: z.boolean().default(true),
      sameContainerCi: z.boolean().default(true).describe('two alerts matched to the same container CI (one that other CIs are part_of: a namespace, a cluster, a scheduler folder) join as same_ci; off: that shared CI alone is no evidence (unrelated failures in one namespace), topology still applies'),
      sameService: z.boolean().default(false).describe('join alerts of the same business service on that alone (off by default: it merges concurrent unrelated failures; see README figures)'),
      sameServiceMaxServices: z.number().int().positive().default(2).describe('same_service only for CIs serving at most this many business services'),
      topology: z.boolean().default(true),
      labelKeys: z.array(labelKeySpec).default(DEFAULT_LABEL_KEYS),
      ignoredLabelValues: z.array(z.string()).default(['', 'default', 'kube-system', 'unknown', 'none', 'null', 'n/a', 'localhost', '127.0.0.1']),
      nameFamilies: z.boolean().default(true).describe('without topology, alerts whose host/service names share a distinctive word (fraud3-indexer, mongodb-fraud3) join'),
      nameFamilyScore: z.number().min(0).max(1).default(0.6),
      mentions: z.boolean().default(true).describe('without topology on both sides, an alert whose text names another entity ("connection refused to pg-orders:5432", "upstream payments-api timeout") joins the group holding that entity or other alerts naming it: a dependency learned from the text; the named entity leads the root-cause candidates'),
      mentionScore: z.number().min(0).max(1).default(0.8).describe('score of a join through a named entity (caller -> named)'),
      coMentionScore: z.number().min(0).max(1).default(0.7).describe('score of a join of two alerts naming the same entity (two callers of one dependency)'),
      mentionWindowMs: z.number().int().positive().default(5 * MIN).describe('named-entity joins only into a group whose last onset is this recent'),
      mentionConnectives: z.array(z.string().min(1)).default(['to', 'from', 'upstream', 'downstream', 'server', 'backend', 'calling', 'call', 'pool', 'peer', 'via', 'dependency', '->', '=>']).describe('a name-like token (with -, _, . or a digit) after one of these words names a dependency; `host:port` always does'),
      mentionLabels: z.array(z.string().min(1)).default(['message', 'msg', 'summary', 'description', 'details', 'output', 'text']).describe('labels holding free text (a dataset\'s message column, plugin output) read for mentions besides the title and description'),
      mentionsVetoSimilarity: z.boolean().default(true).describe('text similarity and learned patterns do not join an alert that names dependencies to a group whose members name only other ones ("Upstream claims-db timeout" vs "Upstream orders-db timeout")'),
      mentionRootMinCallers: z.number().int().min(1).default(1).describe('a named entity leads the root-cause candidates when at least this many alerting entities of the group name it'),
      k8sDnsNames: z.boolean().default(true).describe('without a CMDB, a host label holding a Kubernetes per-pod DNS name (pg-orders-0.pg-orders.data.svc) also names the Service its pods share (pg-orders): the workload, named as the root when several of its pods alert'),
      wholeServiceNames: z.boolean().default(true).describe('without a CMDB, a service/host label value holding a slash ("app/prod-catalog-alb/219f0b01bd468811", a CloudWatch LoadBalancer dimension) names the alert by the whole value; off: by its last segment (the old reading, meant for the cluster/namespace prefix of workload keys)'),
      titleSubject: z.boolean().default(true).describe('without a CMDB, an alert with no host/workload/service name is named by the first label value its title spells as a whole name-like token (with -, _, . or a digit: "giftcards-admin requests-availability error budget burn rate is too high" with slo_service=giftcards-admin), whatever the label is called, not by its namespace: the name root-cause ranking gives and that text mentions join'),
      rootByCover: z.boolean().default(true).describe('without a CMDB, every own name of the members (service, workload, host) is a root-cause candidate, ranked by first onset, then by how many members carry it (the common denominator: several services on one host -> the host; several hosts of one service -> the service); off: only each alert\'s main entity (service before host)'),
      rootTiePrefers: z.enum(['host', 'service']).default('service').describe('rootByCover: between a host and a service that started together and carry the same members, name this one'),
      similarity: z.boolean().default(true),
      similarityThreshold: z.number().min(0).max(1).default(0.75).describe('cosine of masked-template token vectors'),
      similarityWindowMs: z.number().int().positive().default(MIN).describe('text similarity and name families only join a group whose last onset is this recent (a burst)'),
      burstFromMember: z.boolean().default(true).describe('text similarity and name families compare the alert with the group members that started within similarityWindowMs, not with any member of a group whose last onset is that recent: a long-running group does not absorb every later burst through old members'),
      keySpreadHub: z.number().int().min(0).default(0).describe('without topology, a shared label value (namespace, name family) that this many other entities carried within keySpreadWindowMs is no evidence, and from keySpreadRare on it weakens (log scale): a value on 500 alerts is weak, on 5 strong (0 = off)'),
      keySpreadRare: z.number().int().min(0).default(4),
      keySpreadWindowMs: z.number().int().positive().default(60 * MIN),
      keySpreadBurstMs: z.number().int().min(0).default(5 * MIN).describe('entities that started carrying the value within this long are not counted when they outnumber the earlier ones: a sudden spread is a common cause, not background'),
      keySpreadAll: z.boolean().default(false).describe('weigh host/workload/service label values by spread too (default: only shared_label keys and name families)'),
      burstScore: z.number().min(0).max(1).default(0.5).describe('without topology, an alert with no other evidence joins the group (without CIs, within noTopologyWindowMs) holding most of the alerts of an onset burst it starts in: burstMinOnsets alerts without a CI within burstWindowMs, burstFactor times the background rate; one failure spreading, seen only in timing. 0 = off (on by default: it can merge concurrent failures that start together, README)'),
      burstWindowMs: z.number().int().positive().default(MIN),
      samePollMs: z.number().int().min(0).default(3000).describe('without topology, an alert with no other evidence joins the group (without CIs, within noTopologyWindowMs) of an alert of the same check (same sender and label keys, at most the subject label differing, the same title template with the subject taken out) that started at most this long before or after it: one poll cycle finding many subjects dead is one detection of one event (same-poll.ts); scored burstScore, reads the onset log burstScore keeps; 0 = off'),
      spreadingScore: z.number().min(0).max(1).default(0).describe('without topology, a group past noTopologyWindowMs (within windowMs) still takes an alert with no other evidence whose masked template (or a look-alike, similarityThreshold) one of its members raised within spreadingRecentMs: the same symptom of one failure still spreading to new entities (an AZ, a hypervisor, a shared service; spreading.ts); this is its join score, 0 = off'),
      spreadingFirstMembers: z.number().int().min(0).default(1).describe('spreadingScore: only a symptom the group opened with (the template of one of its first this many members) spreads: a long group collects every generic symptom of the estate, its opening symptom is the failure\'s own; 0 = any member\'s'),
      spreadingRecentMs: z.number().int().positive().default(5 * MIN).describe('spreadingScore: how recently the group\'s last alert of that template must have started'),
      burstBackgroundMs: z.number().int().positive().default(60 * MIN).describe('the background onset rate is measured over this long before the burst window'),
      burstMinOnsets: z.number().int().min(2).default(4).describe('alerts without a CI starting within burstWindowMs (the new one included) for a burst'),
      burstFactor: z.number().min(1).default(4).describe('… and at least this many times the background rate predicts'),
      similarityRespectsTopology: z.boolean().default(true).describe('with a CMDB, two matched CIs with no relation within 2×maxHops never join on text alone'),
      patterns: z.boolean().default(true),
      chronicAloneRuns: z.number().int().min(0).default(2).describe('an alert whose last this many groups each closed with it alone (a backup or cron check failing on its schedule) is chronic: when it fires again it keeps a group of its own, which nothing joins or merges on a shared CI or a dependency alone; an alert whose last group held other alerts (a recurring real failure) groups as usual; 0 = off'),
      flappingApart: z.boolean().default(true).describe('a small group made only of flapping alerts (a chatty port) is neither joined nor merged: a flapping check is no evidence of a new failure on its CI'),
      moveMargin: z.number().min(0).max(1).default(0.2).describe('an alert that joined its group on evidence at least this much weaker than what a later alert gives it (one on its own CI, or on a CI its CI depends on within maxHops, alerting at most lateCauseMs after it) moves to that alert\'s group, within moveWindowMs of joining and at most moveMax times; the alert that opened a group, and one other members joined through, never move. 0 = off'),
      moveByKeys: z.boolean().default(true).describe('with moveMargin: an alert without a CI also moves to the group of a later alert sharing an entity key with it (same host or workload label) when that beats its join by the margin'),
      moveWindowMs: z.number().int().positive().default(5 * MIN).describe('an alert moves (moveMargin) only within this long after it joined its group'),
      moveMax: z.number().int().min(0).default(1).describe('how many times one alert may move (moveMargin): a bound, no ping-pong'),
      minScore: z.number().min(0).max(1).default(0.5),
    })
    .prefault({}),
  matching: z
    .strictObject({
      anyName: z.boolean().default(true).describe('CI matching falls back to any CI type by exact name or alias of the host/service/instance hint (a serverless function, a NAT gateway: types the typed rules do not index)'),
      displayNames: z.boolean().default(true).describe('… then to a CI whose name or alias spelled as a slug is the hint ("TAX Svc" for the tag tax-svc), unless several CIs share that slug'),
      labelValues: z.boolean().default(true).describe('… then to the one CI that a resource-like label value names exactly (an AWS Health event\'s availabilityZone); several named: no match'),
      specific: z.boolean().default(true).describe('CI matching looks for the most specific CI the labels name: the side of an Istio call the `reporter` measured (k8s_mesh), a cluster DNS name (k8s_dns), a label naming a CI part_of the matched one (label_part: the workload of an SLO alert on its namespace, the job of a scheduler folder)'),
      hostOverService: z.boolean().default(true).describe('an alert whose host hint names a machine that the application matched by its service hint runs on or depends on is about that machine (then host_check: what runs there), not the application; an unrelated host (a poller) stays behind the service (method host_service)'),
      subjects: z.enum(['off', 'served', 'neighbours']).default('served').describe('an alert whose labels/text name one CI that runs on, depends on or is connected to the matched sender is about that CI (an F5 about its virtual server, a switch about the device behind its port); neighbours: also a CI the sender relies on (subject.ts)'),
    })
    .prefault({}),
  inhibition: z
    .strictObject({
      enabled: z.boolean().default(true),
      sourceSeverities: z.array(z.enum(['critical', 'major', 'minor', 'warning', 'info'])).default(['critical']),
    })
    .prefault({}),
  learning: z
    .strictObject({
      learner: z.enum(['kmeans', 'cooccurrence']).default('cooccurrence').describe('how a correlator learns patterns from its closed groups (correlator.patternsTrainMs > 0): cooccurrence = alert templates that start within windowMs of each other in many past incidents, far above chance (cooccurrence.ts); kmeans = template clusters that shared groups (joins without a time check, costly for unseen templates: on the benches with --train it cut F1 by a third)'),
      windowMs: z.number().int().positive().default(5 * MIN).describe('cooccurrence: onsets at most this far apart co-occur; a learned join needs the partner template to have started this close to the alert in the group'),
      minSupport: z.number().int().min(1).default(4).describe('cooccurrence: past occasions on which the pair started together'),
      minLift: z.number().min(1).default(20).describe('cooccurrence: support over what the two templates\' own rates give by chance'),
      minConfidence: z.number().min(0).max(1).default(0.3).describe('cooccurrence: share of the rarer template\'s occasions that had the other one'),
      maxLinksPerTemplate: z.number().int().positive().default(20).describe('cooccurrence: partners kept per template (highest lift first)'),
      score: z.number().min(0).max(1).default(0.6).describe('score of a join on a learned pattern (rule pattern)'),
      ciLinks: z.boolean().default(false).describe('also learn CI pairs whose alerts start within windowMs of each other on ciMinSupport past occasions, far above chance (ci-links.ts): relations a stale CMDB lacks'),
      ciMinSupport: z.number().int().min(1).default(2).describe('ciLinks: past occasions on which the two CIs started alerting together'),
      ciMinLift: z.number().min(1).default(20).describe('ciLinks: support over what the two CIs\' own alert rates give by chance'),
      ciChance: z.enum(['uniform', 'activity']).default('activity').describe('ciLinks: chance co-occurrence from even alert rates over the history, or weighted by how busy the history was around each occasion (alerts come in storms)'),
      ciMaxLinks: z.number().int().positive().default(50).describe('ciLinks: partners kept per CI (highest lift first)'),
      ciLinkScore: z.number().min(0).max(1).default(0.6).describe('an alert the CMDB gives no group joins the open group holding a CI learned as its partner (ciLinks) that started alerting within windowMs of it, with this score (rule pattern, evidence: support, lift, when trained); 0 = off'),
    })
    .prefault({}),
  silences: z.array(silenceSchema).default([]),
  maintenance: z.array(maintenanceSchema).default([]),
  retention: z
    .strictObject({
      resolvedAlertMs: z.number().int().positive().default(60 * MIN).describe('state of a resolved alert outside any open group is dropped after this'),
      staleFiringMs: z.number().int().positive().default(24 * 60 * MIN).describe('a firing alert with no event for this long is dropped from state'),
      recentEventIds: z.number().int().min(0).max(64).default(8).describe('per alert, hashes of the last event ids, to drop redelivered duplicates'),
    })
    .prefault({}),
});
export type CorrelateConfig = z.output<typeof correlateConfig>;
export type CorrelateConfigInput = z.input<typeof correlateConfig>;
export type LabelKeySpec = z.output<typeof labelKeySpec>;
