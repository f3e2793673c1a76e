import { ChangeRecord, CorrelationGroup, Incident, IncidentCommand, RunbookResult, changelogTopic, stableId, topicDefinitions, type IncidentEvent, type TopicDefinition } from '@aiops/model';
import { createCmdbGraph, createCmdbSync, type CmdbGraph } from '@aiops/cmdb';
import { createClassifier, type Classifier } from '@aiops/classify';
import {
  createIncidentReducer,
  dueForEviction,
  examplesOverCap,
  expiredMarkers,
  incidentIdForGroup,
  formatIncidentNumber,
  parseIncidentNumber,
  trainingExample,
  noRunbooks,
  type ChangeLookup,
  type Notification,
  type ReduceContext,
  type RunbookMatcher,
  type StepResult,
} from '@aiops/incident';
import {
  createDlqWriter,
  createKafkaClient,
  decodeJson,
  type Assignment,
  type BatchConsumer,
  type ConsumedBatch,
  type ConsumedRecord,
  type DlqEntry,
  type DlqWriter,
  type KafkaClient,
  type OutRecord,
  type Producer,
  latestByKey,
} from '@aiops/kafka';
import { createHttpServer, type HttpServer, type TokenAuth } from '@aiops/http';
import { counter, gauge, type Telemetry } from '@aiops/telemetry';
import type { Clock } from '@aiops/pipeline';
import type { ServiceConfig } from './config.js';
import { createWebhookNotifier, type Notifier } from './notifier.js';
import { enqueue, EVICTED_PREFIX, EXAMPLE_PREFIX, SEQ_KEY, type EvictedValue, type ExampleValue, type PartitionState, type PendingValue, type SeqValue } from './state.js';

export interface AppDeps {
  readonly telemetry: Telemetry;
  readonly clock: Clock;
  readonly kafka?: KafkaClient;
  readonly auth?: TokenAuth;
  /** runbook hook (issue 6): which runbooks to request for an incident; default none. */
  readonly runbooks?: RunbookMatcher;
  readonly notifier?: Notifier;
  readonly classifier?: Classifier;
}

export interface App {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly http: HttpServer;
  readonly cmdb: CmdbGraph;
}

/**
 * buildApp wires the incident manager: two stages in one process.
 *
 *   aiops.groups.v1 (key group id) + aiops.runbook-results.v1 ─(router)─> aiops.incident-commands.v1
 *       as `group_change` / `runbook_result` commands keyed by incident id (= stableId('inc_', groupId))
 *   aiops.incident-commands.v1 ─(owner: one per partition, state restored from the compacted snapshots
 *       and the pending-group changelog)─> aiops.incidents.v1 (snapshots) + aiops.incident-events.v1
 *       (timeline) + aiops.runbook-requests.v1 + follow-up commands (merge/split/link) + changelog
 *
 * Everything about one incident therefore arrives in order on one partition of one topic, and exactly
 * one instance writes it. Input offsets are committed only after every output is acknowledged;
 * replays are idempotent (group versions, command ids, runbook result ids). Notifications are sent
 * after the outputs are stored. A timer drives SLA clocks, auto-resolve and the open-policy delay,
 * and evicts closed incidents after `manager.retainClosedMs` (see evict()).
 */
export function buildApp(config: ServiceConfig, deps: AppDeps): App {
  const { telemetry, clock } = deps;
  const log = telemetry.logger;
  const kafka = deps.kafka ?? createKafkaClient(config.kafka, telemetry);
  const topics = kafka.topics;
  const changelog = changelogTopic(config.kafka.namespace, 'incident-manager');
  const groupPrefix = config.kafka.namespace === '' ? '' : `${config.kafka.namespace}.`;
  const cmdb = createCmdbGraph();
  const cmdbSync = createCmdbSync(cmdb);
  const changes = new Map<string, ChangeRecord>();
  const reducer = createIncidentReducer(config.policy);
  const classifier = deps.classifier ?? createClassifier(config.classify);
  const runbooks = deps.runbooks ?? noRunbooks;
  const notifier = deps.notifier ?? createWebhookNotifier(config.notify, { telemetry, clock });
  const partitions = new Map<number, PartitionState>();
  const reg = telemetry.registry;
  const mIn = counter(reg, 'aiops_incident_manager_records_total', 'records handled by stage and outcome', ['stage', 'outcome']);
  const mEvents = counter(reg, 'aiops_incident_manager_timeline_events_total', 'timeline events written by type', ['kind']);
  const mOpen = gauge(reg, 'aiops_incident_manager_incidents', 'incidents held by state', ['state']);
  const mPending = gauge(reg, 'aiops_incident_manager_pending_groups', 'groups waiting for the open policy');
  const mEvicted = counter(reg, 'aiops_incident_manager_evicted_incidents_total', 'closed incidents dropped from memory after manager.retainClosedMs (snapshot tombstoned)');
  let producer: Producer | undefined;
  let dlq: DlqWriter | undefined;
  let router: BatchConsumer | undefined;
  let owner: BatchConsumer | undefined;
  let tickTimer: NodeJS.Timeout | undefined;
  let refreshTimer: NodeJS.Timeout | undefined;
  let trainTimer: NodeJS.Timeout | undefined;
  let loaded = false;
  /** referenceVersion moves when the CMDB or the change records changed: open incidents are reassessed. */
  let referenceVersion = 0;
  const assessed = new Map<number, number>();
  let stopping = false;

  const changeLookup: ChangeLookup = {
    onCis(ids, from, to) {
      const out: ChangeRecord[] = [];
      for (const c of changes.values()) if (ids.has(c.ciId) && c.startedAt <= to && (c.endedAt ?? Number.MAX_SAFE_INTEGER) >= from) out.push(c);
      return out;
    },
  };

  const http = createHttpServer({
    telemetry,
    readiness: [() => loaded && !stopping && (router?.running ?? false) && (owner?.running ?? false) && (producer?.healthy ?? false)],
    ...(deps.auth ? { auth: deps.auth } : {}),
  });
  const viewer = deps.auth ? { preHandler: http.requireRole('viewer') } : {};
  http.app.get('/api/incident-manager/stats', viewer, async () => ({
    cmdbItems: cmdb.size,
    changes: changes.size,
    classifierExamples: classifier.model?.examples ?? 0,
    partitions: [...partitions.values()].map((st) => ({ partition: st.partition, incidents: st.incidents.size, pending: st.pending.size, keptExamples: st.examples.size, evictedMarkers: st.evicted.size, seq: st.seq })),
  }));

  function ctxFor(st: PartitionState): ReduceContext {
    return { now: clock.now(), cmdb, classifier, runbooks, changes: changeLookup, allocateNumber: () => formatIncidentNumber(st.partition, ++st.seq) };
  }

  let cmdbSeen = -1;
  async function refreshReference(): Promise<void> {
    const [cis, chg] = await Promise.all([kafka.readAll(topics.cmdb, { timeoutMs: 30_000 }), kafka.readAll(topics.changes, { timeoutMs: 30_000 })]);
    const { invalid } = cmdbSync.apply(latestByKey(cis));
    if (invalid > 0) mIn.inc({ stage: 'cmdb', outcome: 'invalid' }, invalid);
    const before = JSON.stringify([...changes.values()]);
    changes.clear();
    for (const [, raw] of latestByKey(chg)) {
      if (raw === null) continue;
      const parsed = ChangeRecord.safeParse(safeJson(raw));
      if (parsed.success) changes.set(parsed.data.id, parsed.data);
      else mIn.inc({ stage: 'changes', outcome: 'invalid' });
    }
    if (cmdb.version !== cmdbSeen || JSON.stringify([...changes.values()]) !== before) {
      cmdbSeen = cmdb.version;
      referenceVersion++;
    }
    loaded = true;
  }

  function train(): void {
    const examples = [];
    for (const st of partitions.values()) {
      for (const inc of st.incidents.values()) {
        const ex = trainingExample(inc, cmdb);
        if (ex !== null) examples.push(ex);
      }
      for (const [id, kept] of st.examples) if (!st.incidents.has(id)) examples.push(kept.example); // held after a crash mid-eviction: counted once
    }
    const before = classifier.model;
    classifier.train(examples);
    if (classifier.model !== before) log.info({ examples: examples.length }, 'classifier retrained on validated incidents');
  }

  async function restorePartition(p: number): Promise<PartitionState> {
    const st: PartitionState = { partition: p, incidents: new Map(), pending: new Map(), examples: new Map(), evicted: new Map(), seq: 0, queue: Promise.resolve() };
    const [snaps, pend] = await Promise.all([
      kafka.readAll(topics.incidents, { partitions: [p], timeoutMs: 60_000 }),
      kafka.readAll(changelog, { partitions: [p], timeoutMs: 60_000 }),
    ]);
    for (const [id, raw] of latestByKey(snaps)) {
      if (raw === null) continue;
      const parsed = Incident.safeParse(safeJson(raw));
      if (!parsed.success) {
        mIn.inc({ stage: 'restore', outcome: 'invalid' });
        continue;
      }
      st.incidents.set(id, parsed.data);
      const n = parseIncidentNumber(parsed.data.number);
      if (n !== null && n.partition === p) st.seq = Math.max(st.seq, n.seq);
    }
    for (const [id, raw] of latestByKey(pend)) {
      if (id === SEQ_KEY) {
        const seq = (safeJson(raw ?? '') as Partial<SeqValue> | undefined)?.seq;
        if (typeof seq === 'number' && Number.isSafeInteger(seq)) st.seq = Math.max(st.seq, seq);
        continue;
      }
      if (id.startsWith(EVICTED_PREFIX)) {
        const at = raw === null ? undefined : (safeJson(raw) as Partial<EvictedValue> | undefined)?.at;
        if (typeof at === 'number') st.evicted.set(id.slice(EVICTED_PREFIX.length), at);
        continue;
      }
      if (id.startsWith(EXAMPLE_PREFIX)) {
        const v = raw === null ? undefined : (safeJson(raw) as Partial<ExampleValue> | undefined);
        if (v?.v === 1 && typeof v.at === 'number' && typeof v.example?.text === 'string' && typeof v.example.label === 'string' && Array.isArray(v.example.ciTypes)) {
          st.examples.set(id.slice(EXAMPLE_PREFIX.length), { at: v.at, example: v.example });
        }
        continue;
      }
      if (raw === null || st.incidents.has(id)) continue;
      const v = safeJson(raw) as PendingValue | undefined;
      const g = CorrelationGroup.safeParse(v?.group);
      if (g.success) st.pending.set(id, g.data);
    }
    partitions.set(p, st);
    assessed.delete(p); // snapshots may predate the CMDB in memory: reassess on the next tick
    log.info({ partition: p, incidents: st.incidents.size, pending: st.pending.size, examples: st.examples.size, evictedMarkers: st.evicted.size, seq: st.seq }, 'partition state restored');
    return st;
  }

  async function onAssign(assignment: readonly Assignment[]): Promise<void> {
    const mine = new Set(assignment.find((a) => a.topic === topics.incidentCommands)?.partitions ?? []);
    for (const p of [...partitions.keys()]) if (!mine.has(p)) partitions.delete(p);
    await Promise.all([...mine].filter((p) => !partitions.has(p)).map((p) => restorePartition(p)));
    train(); // corrections made before a restart count at once
  }

  /** Out collects one batch's outputs so they are sent in one acknowledged call. */
  interface Out {
    recs: OutRecord[];
    notes: Notification[];
    refused: DlqEntry[];
  }

  function collect(st: PartitionState, r: StepResult, out: Out): void {
    const inc = r.incident;
    if (inc !== null && r.events.length > 0) {
      st.incidents.set(inc.id, inc);
      st.pending.delete(inc.id);
      out.recs.push({ topic: topics.incidents, partition: st.partition, key: inc.id, value: JSON.stringify(inc) });
    }
    for (const e of r.events) {
      out.recs.push({ topic: topics.incidentEvents, partition: st.partition, key: e.incidentId, value: JSON.stringify(e) });
      mEvents.inc({ kind: e.type.startsWith('runbook_') ? 'runbook' : e.type });
    }
    for (const c of r.commands) out.recs.push({ topic: topics.incidentCommands, key: c.incidentId, value: JSON.stringify(c) });
    for (const q of r.runbookRequests) out.recs.push({ topic: topics.runbookRequests, key: q.incidentId, value: JSON.stringify(q) });
    for (const n of r.notifications) out.notes.push(n);
  }

  async function flush(out: Out): Promise<void> {
    if (out.recs.length > 0) await (producer as Producer).send(out.recs);
    if (out.refused.length > 0) await (dlq as DlqWriter).write(out.refused);
    if (out.notes.length > 0) notifier.notify(out.notes);
  }

  function refuse(out: Out, rec: ConsumedRecord, code: string, reason: string, field?: string): void {
    out.refused.push({ payload: rec.value ?? '', errorCode: code, reason, ...(field ? { field } : {}), origin: { topic: rec.topic, partition: rec.partition, offset: rec.offset } });
  }

  /** routeBatch re-keys group changes and runbook results by incident id onto the command topic. */
  async function routeBatch(batch: ConsumedBatch): Promise<void> {
    const out: Out = { recs: [], notes: [], refused: [] };
    for (const rec of batch.records) {
      if (batch.topic === topics.groups) {
        const d = decodeJson(rec, CorrelationGroup);
        if (!d.ok) {
          refuse(out, rec, d.code, d.reason, d.field);
          mIn.inc({ stage: 'router', outcome: 'rejected' });
          continue;
        }
        const g = d.value;
        const incidentId = incidentIdForGroup(g.id);
        const cmd: IncidentCommand = { id: stableId('cmd_grp_', g.id, g.version), incidentId, at: g.updatedAt, actor: { kind: 'system', id: 'correlator' }, action: 'group_change', reason: `group ${g.change}`, params: { group: g } };
        out.recs.push({ topic: topics.incidentCommands, key: incidentId, value: JSON.stringify(cmd) });
      } else {
        const d = decodeJson(rec, RunbookResult);
        if (!d.ok) {
          refuse(out, rec, d.code, d.reason, d.field);
          mIn.inc({ stage: 'router', outcome: 'rejected' });
          continue;
        }
        const r = d.value;
        const cmd: IncidentCommand = { id: stableId('cmd_rbr_', r.id), incidentId: r.incidentId, at: r.endedAt ?? r.startedAt, actor: { kind: 'automation', id: `runbook:${r.runbookId}` }, action: 'runbook_result', reason: r.outcome, params: { result: r } };
        out.recs.push({ topic: topics.incidentCommands, key: r.incidentId, value: JSON.stringify(cmd) });
      }
    }
    await flush(out);
    mIn.inc({ stage: 'router', outcome: 'routed' }, out.recs.length);
  }

  function applyOne(st: PartitionState, cmd: IncidentCommand, out: Out): void {
    const ctx = ctxFor(st);
    const current = st.incidents.get(cmd.incidentId);
    if (current === undefined && st.evicted.has(cmd.incidentId) && CREATES.has(cmd.action)) {
      // a late or replayed input that would create the evicted incident again under its id (and a new
      // number): its history is closed. Other commands are refused as unknown by the reducer (404).
      mIn.inc({ stage: 'owner', outcome: 'evicted' });
      return;
    }
    if (cmd.action === 'group_change') {
      const g = CorrelationGroup.safeParse(cmd.params.group);
      if (!g.success) throw new Error('group_change without a valid group');
      if (current === undefined && incidentIdForGroup(g.data.id) !== cmd.incidentId) {
        // a change forwarded to a merge target this partition does not hold (evicted after its
        // retention): nothing opens, and the group must not wait in the changelog under the target's id
        mIn.inc({ stage: 'owner', outcome: 'unknown_target' });
        return;
      }
      const r = current === undefined ? reducer.applyGroup(undefined, g.data, ctx) : reducer.applyCommand(current, cmd, ctx);
      if (current === undefined && r.incident === null) {
        const live = g.data.status === 'open' && g.data.members.some((m) => m.status === 'firing');
        const had = st.pending.has(cmd.incidentId);
        if (live) {
          st.pending.set(cmd.incidentId, g.data);
          const v: PendingValue = { v: 1, group: g.data };
          out.recs.push({ topic: changelog, partition: st.partition, key: cmd.incidentId, value: JSON.stringify(v) });
          mIn.inc({ stage: 'owner', outcome: 'pending' });
        } else if (had) {
          st.pending.delete(cmd.incidentId);
          out.recs.push({ topic: changelog, partition: st.partition, key: cmd.incidentId, value: null });
          mIn.inc({ stage: 'owner', outcome: 'transient' });
        }
        return;
      }
      if (current === undefined && r.incident !== null && st.pending.has(cmd.incidentId)) out.recs.push({ topic: changelog, partition: st.partition, key: cmd.incidentId, value: null });
      collect(st, r, out);
      mIn.inc({ stage: 'owner', outcome: 'group' });
      return;
    }
    const r = reducer.applyCommand(current, cmd, ctx);
    if (r.rejected !== undefined && r.incident === null) {
      // no incident to carry the refusal: put it on the timeline topic so the console can answer
      const e: IncidentEvent = { id: `${cmd.incidentId}:rejected:${cmd.id}`, incidentId: cmd.incidentId, version: 1, at: ctx.now, actor: cmd.actor, type: 'command_rejected', reason: r.rejected.message, data: { commandId: cmd.id, action: cmd.action, code: r.rejected.code, statusCode: r.rejected.statusCode } };
      out.recs.push({ topic: topics.incidentEvents, partition: st.partition, key: cmd.incidentId, value: JSON.stringify(e) });
    }
    collect(st, r, out);
    mIn.inc({ stage: 'owner', outcome: r.rejected ? 'rejected' : 'applied' });
  }

  async function ownerBatch(batch: ConsumedBatch): Promise<void> {
    const st = partitions.get(batch.partition) ?? (await restorePartition(batch.partition));
    await enqueue(st, async () => {
      if (batch.isStale()) throw new Error('partition revoked during the batch');
      const out: Out = { recs: [], notes: [], refused: [] };
      try {
        for (const rec of batch.records) {
          const d = decodeJson(rec, IncidentCommand);
          if (!d.ok) {
            refuse(out, rec, d.code, d.reason, d.field);
            continue;
          }
          if (d.value.action === 'group_change' && !CorrelationGroup.safeParse(d.value.params.group).success) {
            refuse(out, rec, 'AIOPS_ERR_DECODE_SCHEMA', 'group_change command without a valid correlation group', 'params.group');
            continue;
          }
          try {
            applyOne(st, d.value, out);
          } catch (err) {
            // the reducer is pure: an exception here fails the same way on every retry, so the
            // command is poison — to the DLQ with the reason, never a stalled partition
            refuse(out, rec, 'AIOPS_ERR_INCIDENT_APPLY_FAILED', `command ${d.value.action} could not be applied: ${(err as Error).message}`);
            log.error({ err, action: d.value.action, incidentId: d.value.incidentId }, 'command could not be applied');
            mIn.inc({ stage: 'owner', outcome: 'apply_failed' });
          }
        }
        await flush(out);
      } catch (err) {
        // state holds changes that were not acknowledged: rebuild the partition from Kafka on retry
        partitions.delete(st.partition);
        throw err;
      }
    });
  }

  /**
   * evict drops closed incidents past `manager.retainClosedMs` from memory and tombstones their
   * snapshots, so memory and restore time stay bounded. Their history stays on the timeline topic and
   * in ClickHouse (the analytics writer keeps the row on a tombstone). The INC watermark and the
   * training examples are stored first: restore would otherwise take the sequence from the remaining
   * snapshots and could hand out a number again, and the classifier would forget validated categories.
   * Memory changes only after the writes are acknowledged; a failure is retried at the next tick.
   */
  async function evict(st: PartitionState, now: number): Promise<void> {
    const expired = expiredMarkers(st.evicted, now, config.manager.evictedMarkerMs);
    if (expired.length > 0 && partitions.get(st.partition) === st) {
      await (producer as Producer).send(expired.map((id) => ({ topic: changelog, partition: st.partition, key: `${EVICTED_PREFIX}${id}`, value: null })));
      for (const id of expired) st.evicted.delete(id);
    }
    const gone = dueForEviction(st.incidents.values(), now, config.manager.retainClosedMs, config.manager.evictPerTick);
    if (gone.length === 0 || partitions.get(st.partition) !== st) return;
    const seq: SeqValue = { v: 1, seq: st.seq };
    const marker: EvictedValue = { v: 1, at: now };
    const first: OutRecord[] = [{ topic: changelog, partition: st.partition, key: SEQ_KEY, value: JSON.stringify(seq) }];
    for (const id of gone) first.push({ topic: changelog, partition: st.partition, key: `${EVICTED_PREFIX}${id}`, value: JSON.stringify(marker) });
    const kept = new Map(st.examples);
    for (const id of gone) {
      const inc = st.incidents.get(id) as Incident;
      const example = trainingExample(inc, cmdb);
      if (example !== null) kept.set(id, { at: Math.max(inc.closedAt ?? inc.updatedAt, inc.updatedAt), example });
    }
    const over = new Set(examplesOverCap(kept, config.manager.keepExamples));
    for (const [id, k] of kept) {
      const stored = st.examples.has(id);
      if (over.has(id) && stored) first.push({ topic: changelog, partition: st.partition, key: `${EXAMPLE_PREFIX}${id}`, value: null });
      else if (!over.has(id) && !stored) first.push({ topic: changelog, partition: st.partition, key: `${EXAMPLE_PREFIX}${id}`, value: JSON.stringify({ v: 1, ...k } satisfies ExampleValue) });
    }
    await (producer as Producer).send(first);
    await (producer as Producer).send(gone.map((id) => ({ topic: topics.incidents, partition: st.partition, key: id, value: null })));
    for (const id of over) kept.delete(id);
    st.examples.clear();
    for (const [id, k] of kept) st.examples.set(id, k);
    for (const id of gone) {
      st.incidents.delete(id);
      st.evicted.set(id, now);
    }
    mEvicted.inc(gone.length);
    log.info({ partition: st.partition, evicted: gone.length, held: st.incidents.size }, 'closed incidents evicted after their retention');
  }

  function tick(): void {
    const counts: Record<string, number> = { new: 0, acknowledged: 0, in_progress: 0, on_hold: 0, resolved: 0, closed: 0 };
    let pending = 0;
    for (const st of partitions.values()) {
      void enqueue(st, async () => {
        if (partitions.get(st.partition) !== st) return;
        const out: Out = { recs: [], notes: [], refused: [] };
        const ctx = ctxFor(st);
        for (const [id, g] of st.pending) {
          if (!reducer.shouldOpen(g, ctx.now).open) continue;
          const r = reducer.applyGroup(undefined, g, ctxFor(st));
          if (r.incident !== null) {
            out.recs.push({ topic: changelog, partition: st.partition, key: id, value: null });
            collect(st, r, out);
          }
        }
        const reassess = assessed.get(st.partition) !== referenceVersion;
        assessed.set(st.partition, referenceVersion);
        for (const inc of st.incidents.values()) {
          if (inc.state === 'closed') continue;
          const r = reducer.tick(inc, ctxFor(st));
          if (r.events.length > 0) collect(st, r, out);
          if (!reassess) continue;
          const again = reducer.reassess(st.incidents.get(inc.id) ?? inc, ctxFor(st));
          if (again.events.length > 0) collect(st, again, out);
        }
        try {
          await flush(out);
        } catch (err) {
          partitions.delete(st.partition);
          log.warn({ err, partition: st.partition }, 'timer output not acknowledged; partition state will be restored');
          return;
        }
        await evict(st, ctx.now).catch((err: unknown) => log.warn({ err, partition: st.partition }, 'eviction not acknowledged; retried at the next tick'));
      });
      pending += st.pending.size;
      for (const inc of st.incidents.values()) counts[inc.state] = (counts[inc.state] ?? 0) + 1;
    }
    for (const [state, n] of Object.entries(counts)) mOpen.set({ state }, n);
    mPending.set(pending);
  }

  return {
    http,
    cmdb,
    async start() {
      const defs: TopicDefinition[] = topicDefinitions(config.kafka.namespace, config.kafka.partitions);
      defs.push({ name: changelog, partitions: config.kafka.partitions, cleanupPolicy: 'compact', key: 'incident id', description: 'groups waiting for the open policy' });
      await kafka.ensureTopics(defs);
      producer = await kafka.producer({ sendTimeoutMs: config.kafka.sendTimeoutMs });
      dlq = createDlqWriter(producer, { topic: topics.dlq, stage: 'incident-manager', now: () => clock.now() });
      await refreshReference();
      refreshTimer = setInterval(() => {
        refreshReference().catch((err: unknown) => log.warn({ err }, 'cmdb/changes refresh failed'));
      }, config.manager.cmdbRefreshMs);
      owner = kafka.consumer({ groupId: `${groupPrefix}${config.manager.groupId}`, topics: [topics.incidentCommands], handler: ownerBatch, onAssign, sessionTimeoutMs: config.manager.sessionTimeoutMs });
      router = kafka.consumer({ groupId: `${groupPrefix}${config.manager.routerGroupId}`, topics: [topics.groups, topics.runbookResults], handler: routeBatch, sessionTimeoutMs: config.manager.sessionTimeoutMs });
      await owner.start();
      await router.start();
      tickTimer = setInterval(tick, config.manager.tickMs);
      trainTimer = setInterval(train, config.manager.trainEveryMs);
      await http.listen(config.http.port, '0.0.0.0');
      log.info({ port: config.http.port, changelog }, 'incident manager started');
    },
    async stop() {
      stopping = true;
      if (tickTimer) clearInterval(tickTimer);
      if (refreshTimer) clearInterval(refreshTimer);
      if (trainTimer) clearInterval(trainTimer);
      await router?.stop();
      await owner?.stop();
      await Promise.all([...partitions.values()].map((st) => st.queue));
      await notifier.idle();
      await producer?.disconnect();
      await http.close();
      await kafka.close();
    },
  };
}

/** CREATES: the commands that create an incident when none is held under their id. */
const CREATES: ReadonlySet<string> = new Set(['group_change', 'report', 'create_split']);

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
