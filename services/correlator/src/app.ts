import { Event, TOPICS, changelogTopic, topicDefinitions, type TopicDefinition } from '@aiops/model';
import { createCiMatcher, createCmdbGraph, createCmdbSync, type CmdbGraph } from '@aiops/cmdb';
import { createCorrelationEngine, domainOf, historyOf, trainModel, type EngineOutput, type HistoryEntry, type PatternModel } from '@aiops/correlate';
import {
  createDlqWriter,
  createKafkaClient,
  decodeJson,
  type Assignment,
  type BatchConsumer,
  type ConsumedBatch,
  type DlqEntry,
  type DlqWriter,
  type KafkaClient,
  type OutRecord,
  type Producer,
  latestByKey as latestRawByKey,
} from '@aiops/kafka';
import { createHttpServer, type HttpServer, type TokenAuth } from '@aiops/http';
import { counter, gauge, type Telemetry } from '@aiops/telemetry';
import type { Clock } from '@aiops/pipeline';
import type { ServiceConfig } from './config.js';
import { gunzipSync, gzipSync } from 'node:zlib';
import { chunkKey, enqueue, latestByKey, latestChunks, type ChangelogValue, type PartitionState } from './state-store.js';

/** Kafka's default max.message.bytes is 1 MB per record batch: sends and snapshot slices stay below it. */
const MAX_SEND_BYTES = 900 * 1024;


export interface AppDeps {
  readonly telemetry: Telemetry;
  readonly clock: Clock;
  readonly kafka?: KafkaClient;
  readonly auth?: TokenAuth;
}

export interface App {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly http: HttpServer;
  readonly cmdb: CmdbGraph;
}

/**
 * buildApp wires the correlator: two stages in one process.
 *
 *   aiops.events.v1 ─(router: CI match → correlation domain)─> aiops.events.by-domain.v1 (key = domain)
 *   aiops.events.by-domain.v1 ─(engine, one per partition, state restored from the changelog)─>
 *       aiops.alerts.v1 (key = domain) + aiops.groups.v1 (key = group id) + changelog (key = domain)
 *
 * Input offsets are committed only after outputs and changelog records are acknowledged. The CMDB is
 * kept in memory from the compacted aiops.cmdb.v1 topic (read at start, re-read periodically).
 */
export function buildApp(config: ServiceConfig, deps: AppDeps): App {
  const { telemetry, clock } = deps;
  const log = telemetry.logger;
  const kafka = deps.kafka ?? createKafkaClient(config.kafka, telemetry);
  const topics = kafka.topics;
  const byDomainTopic = config.kafka.namespace === '' ? TOPICS.eventsByDomain.name : `${config.kafka.namespace}.${TOPICS.eventsByDomain.name}`;
  const changelog = changelogTopic(config.kafka.namespace, 'correlator');
  const groupPrefix = config.kafka.namespace === '' ? '' : `${config.kafka.namespace}.`;
  const engineGroupId = `${groupPrefix}${config.correlator.engineGroupId}`;
  const routerGroupId = `${groupPrefix}${config.correlator.routerGroupId}`;
  /** true while a consumer has unread records (start, restore, a burst): see caughtUp. */
  let backlog = true;
  let checkingBacklog = false;
  const cmdb = createCmdbGraph();
  const matcher = createCiMatcher(cmdb);
  const cmdbSync = createCmdbSync(cmdb);
  const partitions = new Map<number, PartitionState>();
  const reg = telemetry.registry;
  const mEvents = counter(reg, 'aiops_correlator_events_total', 'events handled by stage', ['stage', 'outcome']);
  const mOut = counter(reg, 'aiops_correlator_records_out_total', 'records produced', ['topic']);
  const mCmdb = gauge(reg, 'aiops_correlator_cmdb_items', 'configuration items in memory');
  const mAlerts = gauge(reg, 'aiops_correlator_alerts_active', 'alerts held in state', ['state']);
  const mGroups = gauge(reg, 'aiops_correlator_groups_open', 'open correlation groups');
  const mUnmatched = gauge(reg, 'aiops_correlator_unmatched_events', 'events whose hints matched no CI (since start)');
  let producer: Producer | undefined;
  let dlq: DlqWriter | undefined;
  let router: BatchConsumer | undefined;
  let engineConsumer: BatchConsumer | undefined;
  let advanceTimer: NodeJS.Timeout | undefined;
  let cmdbTimer: NodeJS.Timeout | undefined;
  let cmdbLoaded = false;
  let patterns: PatternModel | null = null;
  let patternTimer: NodeJS.Timeout | undefined;
  const history: HistoryEntry[] = [];
  let stopping = false;

  const http = createHttpServer({
    telemetry,
    readiness: [() => cmdbLoaded && !stopping && (router?.running ?? false) && (engineConsumer?.running ?? false) && (producer?.healthy ?? false)],
    ...(deps.auth ? { auth: deps.auth } : {}),
  });
  const viewer = deps.auth ? { preHandler: http.requireRole('viewer') } : {};
  http.app.get('/api/cmdb/quality', viewer, async () => ({ cmdbItems: cmdb.size, ...matcher.quality(200) }));
  http.app.get('/api/groups', viewer, async () => {
    const out = [];
    for (const st of partitions.values()) for (const v of st.engine.openGroups()) out.push(v.group);
    return { groups: out.sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1)) };
  });
  http.app.get('/api/patterns', viewer, async () => {
    if (!patterns) return { patterns: null, historySize: history.length };
    const { id, trainedAt, k, seed, links, examples } = patterns;
    return { patterns: { id, trainedAt, k, seed, links, examples }, historySize: history.length };
  });
  http.app.get('/api/stats', viewer, async () => {
    const per = [...partitions.values()].map((st) => ({ partition: st.partition, ...st.engine.stats() }));
    return { cmdbItems: cmdb.size, partitions: per };
  });

  async function refreshCmdb(): Promise<void> {
    const { changed, invalid } = cmdbSync.apply(latestRawByKey(await kafka.readAll(topics.cmdb, { timeoutMs: 30_000 })));
    if (invalid > 0) mEvents.inc({ stage: 'cmdb', outcome: 'invalid' }, invalid);
    mCmdb.set(cmdb.size);
    if (changed > 0) log.info({ changed, size: cmdb.size }, 'cmdb updated');
    cmdbLoaded = true;
  }

  async function restorePartition(p: number): Promise<PartitionState> {
    const engine = createCorrelationEngine(config.correlate, { cmdb, matcher, patterns });
    const applied = new Map<string, bigint>();
    const records = await kafka.readAll(changelog, { partitions: [p], timeoutMs: 60_000 });
    const chunks = latestChunks(records);
    const chunkKeys = new Map<string, string[]>();
    const referenced = new Set<string>();
    let domains = 0;
    for (const [domain, v] of latestByKey(records)) {
      if (v === null) continue;
      if (v.v === 2 && v.epoch !== undefined && v.chunks !== undefined && v.chunks > 0) {
        const keys = Array.from({ length: v.chunks }, (_, i) => chunkKey(domain, v.epoch as string, i));
        const parts = keys.map((k) => chunks.get(k));
        if (parts.some((x) => x === undefined || x === null)) throw new Error(`changelog of ${domain} on partition ${p} misses a slice of checkpoint ${v.epoch}`);
        engine.restore(JSON.parse(gunzipSync(Buffer.concat(parts as Buffer[])).toString('utf8')));
        for (const k of keys) referenced.add(k);
        chunkKeys.set(domain, keys);
      } else if (v.state) engine.restore(v.state);
      applied.set(domain, BigInt(v.offset));
      domains++;
    }
    engine.takeDirty();
    const st: PartitionState = { partition: p, engine, applied, chunkKeys, queue: Promise.resolve() };
    backlog = true; // restored state: its backlog must be read before the wall clock may move it
    // slices of checkpoints that never got their meta record (a crash mid-write): delete them
    const orphans = [...chunks].filter(([k, v]) => v !== null && !referenced.has(k)).map(([k]) => k);
    if (orphans.length > 0) await sendAll(orphans.map((k) => ({ topic: changelog, partition: p, key: k, value: null })));
    partitions.set(p, st);
    log.info({ partition: p, domains, changelogRecords: records.length }, 'partition state restored');
    return st;
  }

  /**
   * caughtUp: both consumer groups have committed everything their topics hold. Until then the wall clock
   * must not advance the engines: after a restart (or a long pause) the backlog would otherwise be
   * processed as late events and give other groups, with other ids, than an uninterrupted run.
   */
  async function caughtUp(): Promise<boolean> {
    const lagFree = async (topic: string, groupId: string): Promise<boolean> => {
      const [ends, committed] = await Promise.all([kafka.topicOffsets(topic), kafka.groupOffsets(groupId, topic)]);
      return ends.every((e) => {
        const done = BigInt(committed.find((c) => c.partition === e.partition)?.offset ?? '-1');
        return BigInt(e.high) <= BigInt(e.low) || done >= BigInt(e.high);
      });
    };
    return (await lagFree(topics.events, routerGroupId)) && (await lagFree(byDomainTopic, engineGroupId));
  }

  async function onAssign(assignment: readonly Assignment[]): Promise<void> {
    const mine = new Set(assignment.find((a) => a.topic === byDomainTopic)?.partitions ?? []);
    for (const p of [...partitions.keys()]) if (!mine.has(p)) partitions.delete(p);
    for (const p of [...mine].sort((a, b) => a - b)) if (!partitions.has(p)) await restorePartition(p);
  }

  /** sendAll sends records in order, in sends that stay under the broker's batch size limit. */
  async function sendAll(recs: readonly OutRecord[]): Promise<void> {
    let batch: OutRecord[] = [];
    let bytes = 0;
    for (const r of recs) {
      const n = (r.value === null ? 0 : r.value.length) + (r.key?.length ?? 0) + 64;
      if (batch.length > 0 && bytes + n > MAX_SEND_BYTES) {
        await (producer as Producer).send(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(r);
      bytes += n;
    }
    if (batch.length > 0) await (producer as Producer).send(batch);
  }

  let epochSeq = 0;
  const epochBase = Date.now().toString(36);

  /**
   * emit writes one step's outputs, then the checkpoint of every domain it touched: the gzipped
   * snapshot in slices under a fresh epoch, then the meta record (offset + epoch) that makes it current,
   * then tombstones for the previous epoch's slices. The caller commits input offsets only afterwards.
   */
  async function emit(st: PartitionState, out: EngineOutput, refused: readonly DlqEntry[]): Promise<void> {
    const recs: OutRecord[] = [];
    for (const a of out.alerts) recs.push({ topic: topics.alerts, key: a.domain, value: JSON.stringify(a) });
    const cap = config.correlator.maxMembersPerRecord;
    for (const g of out.groups) {
      // Past the cap only the alert ids go out (tens of bytes each, not a member's labels and evidence):
      // consumers still know which group every alert is in.
      const rec = g.members.length <= cap ? g : { ...g, members: g.members.slice(0, cap), memberCount: g.members.length, membersTruncated: true, moreAlertIds: g.members.slice(cap, cap * 20).map((m) => m.alertId) };
      recs.push({ topic: topics.groups, key: g.id, value: JSON.stringify(rec) });
    }
    const obsolete: string[] = [];
    for (const domain of st.engine.takeDirty()) {
      const snap = st.engine.snapshot(domain);
      const offset = (st.applied.get(domain) ?? -1n).toString();
      const epoch = `${epochBase}.${(epochSeq++).toString(36)}`;
      const keys: string[] = [];
      if (snap) {
        const gz = gzipSync(JSON.stringify(snap));
        const size = config.correlator.checkpointChunkBytes;
        for (let i = 0; i * size < gz.length; i++) {
          const key = chunkKey(domain, epoch, i);
          keys.push(key);
          recs.push({ topic: changelog, partition: st.partition, key, value: gz.subarray(i * size, (i + 1) * size) });
        }
      }
      const value: ChangelogValue = { v: 2, partition: st.partition, offset, epoch, chunks: keys.length };
      recs.push({ topic: changelog, partition: st.partition, key: domain, value: JSON.stringify(value) });
      obsolete.push(...(st.chunkKeys.get(domain) ?? []));
      st.chunkKeys.set(domain, keys);
    }
    for (const k of obsolete) recs.push({ topic: changelog, partition: st.partition, key: k, value: null });
    if (recs.length > 0) await sendAll(recs);
    if (refused.length > 0) await (dlq as DlqWriter).write(refused);
    if (config.correlator.patternsTrainMs > 0) {
      for (const h of historyOf(out.groups)) history.push(h);
      if (history.length > config.correlator.patternsHistory) history.splice(0, history.length - config.correlator.patternsHistory);
    }
    mOut.inc({ topic: 'alerts' }, out.alerts.length);
    mOut.inc({ topic: 'groups' }, out.groups.length);
  }

  /** a batch that did not reach its partition's end means a backlog: hold wall-clock advances until it is read. */
  function noteLag(batch: ConsumedBatch): void {
    const last = batch.records[batch.records.length - 1];
    if (last && BigInt(last.offset) + 1n < BigInt(batch.highWatermark)) backlog = true;
  }

  async function routeBatch(batch: ConsumedBatch): Promise<void> {
    noteLag(batch);
    const recs: OutRecord[] = [];
    const refused: DlqEntry[] = [];
    for (const rec of batch.records) {
      const d = decodeJson(rec, Event);
      if (!d.ok) {
        refused.push({ payload: rec.value ?? '', errorCode: d.code, reason: d.reason, field: d.field, origin: { topic: rec.topic, partition: rec.partition, offset: rec.offset } });
        mEvents.inc({ stage: 'router', outcome: 'rejected' });
        continue;
      }
      const domain = domainOf(d.value, cmdb, matcher, config.correlate);
      recs.push({ topic: byDomainTopic, key: domain, value: rec.value });
    }
    if (recs.length > 0) await sendAll(recs);
    if (refused.length > 0) await (dlq as DlqWriter).write(refused);
    mEvents.inc({ stage: 'router', outcome: 'routed' }, recs.length);
    mUnmatched.set(matcher.quality(0).unmatched);
  }

  async function engineBatch(batch: ConsumedBatch): Promise<void> {
    const st = partitions.get(batch.partition) ?? (await restorePartition(batch.partition));
    await enqueue(st, async () => {
      if (batch.isStale()) throw new Error('partition revoked during the batch');
      const events: Event[] = [];
      const domains: string[] = [];
      const refused: DlqEntry[] = [];
      let skipped = 0;
      for (const rec of batch.records) {
        const domain = rec.key ?? 'default';
        const off = BigInt(rec.offset);
        const done = st.applied.get(domain);
        if (done !== undefined && off <= done) {
          skipped++;
          continue;
        }
        st.applied.set(domain, off);
        const d = decodeJson(rec, Event);
        if (!d.ok) {
          refused.push({ payload: rec.value ?? '', errorCode: d.code, reason: d.reason, field: d.field, origin: { topic: rec.topic, partition: rec.partition, offset: rec.offset } });
          continue;
        }
        events.push(d.value);
        domains.push(domain);
      }
      noteLag(batch);
      try {
        const out = st.engine.process(events, { domains });
        await emit(st, out, refused);
      } catch (err) {
        // The engine state now holds work that was not acknowledged: rebuild it from the changelog.
        partitions.delete(st.partition);
        throw err;
      }
      mEvents.inc({ stage: 'engine', outcome: 'processed' }, events.length);
      if (skipped > 0) mEvents.inc({ stage: 'engine', outcome: 'already_applied' }, skipped);
    });
  }

  /**
   * tick advances the engines on the wall clock, but only after a fresh check that both stages have
   * read everything their topics hold. A batch that reached its partition's end says nothing about
   * partitions the router has not read yet: a storm posted faster than real time sits in the router's
   * backlog for seconds, and advancing meanwhile would release (and time out groups) ahead of it.
   */
  function tick(): void {
    if (!checkingBacklog) {
      checkingBacklog = true;
      caughtUp()
        .then((done) => {
          backlog = !done;
          if (done) advanceAll();
        })
        .catch((err: unknown) => log.warn({ err }, 'backlog check failed'))
        .finally(() => {
          checkingBacklog = false;
        });
    }
    let active = 0;
    let firing = 0;
    let open = 0;
    for (const st of partitions.values()) {
      const s = st.engine.stats();
      active += s.alertsActive;
      firing += s.alertsFiring;
      open += s.groupsOpen;
    }
    mAlerts.set({ state: 'firing' }, firing);
    mAlerts.set({ state: 'resolved' }, active - firing);
    mGroups.set(open);
  }

  function advanceAll(): void {
    for (const st of partitions.values()) {
      void enqueue(st, async () => {
        if (partitions.get(st.partition) !== st || backlog) return;
        const out = st.engine.advance(clock.now());
        try {
          await emit(st, out, []);
        } catch (err) {
          partitions.delete(st.partition);
          log.warn({ err, partition: st.partition }, 'advance output not acknowledged; partition state will be restored');
        }
      });
    }
  }

  return {
    http,
    cmdb,
    async start() {
      const defs: TopicDefinition[] = topicDefinitions(config.kafka.namespace, config.kafka.partitions);
      defs.push({ name: changelog, partitions: config.kafka.partitions, cleanupPolicy: 'compact', key: 'correlation domain', description: 'correlator state per domain' });
      await kafka.ensureTopics(defs);
      producer = await kafka.producer({ sendTimeoutMs: config.kafka.sendTimeoutMs });
      dlq = createDlqWriter(producer, { topic: topics.dlq, stage: 'correlator', now: () => clock.now() });
      await refreshCmdb();
      cmdbTimer = setInterval(() => {
        refreshCmdb().catch((err: unknown) => log.warn({ err }, 'cmdb refresh failed'));
      }, config.correlator.cmdbRefreshMs);
      engineConsumer = kafka.consumer({ groupId: engineGroupId, topics: [byDomainTopic], handler: engineBatch, onAssign, sessionTimeoutMs: config.correlator.sessionTimeoutMs });
      router = kafka.consumer({ groupId: routerGroupId, topics: [topics.events], handler: routeBatch, sessionTimeoutMs: config.correlator.sessionTimeoutMs });
      await engineConsumer.start();
      await router.start();
      advanceTimer = setInterval(tick, config.correlator.advanceIntervalMs);
      if (config.correlator.patternsTrainMs > 0) {
        patternTimer = setInterval(() => {
          const model = trainModel(history, config.correlate.learning, clock.now());
          if (!model) return;
          patterns = model;
          for (const st of partitions.values()) st.engine.setPatterns(model);
          log.info({ id: model.id, k: model.k, links: model.links.length, history: history.length }, 'alert patterns trained');
        }, config.correlator.patternsTrainMs);
      }
      await http.listen(config.http.port, '0.0.0.0');
      log.info({ port: config.http.port, byDomainTopic, changelog }, 'correlator started');
    },
    async stop() {
      stopping = true;
      if (advanceTimer) clearInterval(advanceTimer);
      if (cmdbTimer) clearInterval(cmdbTimer);
      if (patternTimer) clearInterval(patternTimer);
      await router?.stop();
      await engineConsumer?.stop();
      await Promise.all([...partitions.values()].map((st) => st.queue));
      await producer?.disconnect();
      await http.close();
      await kafka.close();
    },
  };
}

