import { resolve } from 'node:path';
import {
  IncidentCommand,
  RunbookControl,
  RunbookRequest,
  changelogTopic,
  runbookControlTopic,
  topicDefinitions,
  type TopicDefinition,
} from '@aiops/model';
import { createDlqWriter, createKafkaClient, decodeJson, type BatchConsumer, type DlqWriter, type ConsumedBatch, type KafkaClient, type Producer } from '@aiops/kafka';
import { createHttpServer, type HttpServer, type TokenAuth } from '@aiops/http';
import type { Clock } from '@aiops/pipeline';
import type { Telemetry } from '@aiops/telemetry';
import { GuardBook, checkCatalogAgainst, formatIssue, loadCatalog, type RenderedAction, type RunbookCatalog } from '@aiops/runbook';
import type { RunnerConfig } from './config.js';
import { readCatalogDir } from './catalog-files.js';
import { RunnerCatalogUnusable } from './errors.js';
import { executeHttp } from './http-executor.js';
import { executeCommand } from './command-executor.js';
import { createRunnerMetrics } from './metrics.js';
import { Runner, type ActionExecutor } from './runner.js';
import { restoreState } from './state.js';
import type { AttemptResult } from './attempt.js';

export interface AppDeps {
  readonly telemetry: Telemetry;
  readonly clock: Clock;
  readonly auth?: TokenAuth | undefined;
  /** Base for a relative catalog directory (default: the process working directory). */
  readonly cwd?: string;
}

export interface RunnerApp {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly http: HttpServer;
  readonly catalog: RunbookCatalog;
}

/**
 * buildApp wires the runbook runner: catalog files -> validated catalog (refused at start-up when it
 * needs settings, executables or topics this runner does not offer) -> guards restored from the
 * changelog -> one consumer of runbook requests, incident commands (approvals) and control commands ->
 * guarded execution -> aiops.runbook-results.v1.
 */
export function buildApp(config: RunnerConfig, deps: AppDeps): RunnerApp {
  const { telemetry, clock } = deps;
  const log = telemetry.logger;
  const catalogDir = resolve(deps.cwd ?? process.cwd(), config.runbook.dir);
  const catalog = loadCatalog(readCatalogDir(catalogDir, deps.cwd ?? process.cwd()));
  const allowedExecutables = new Set(config.runbook.commandAllowlist.map((p) => resolve(catalogDir, p)));
  const executablePath = (argv0: string): string | null => (argv0.includes('/') ? resolve(catalogDir, argv0) : null);
  const allowedTopics = new Set(config.runbook.kafkaTopicAllowlist);
  const issues = checkCatalogAgainst(catalog, {
    settings: config.runbook.settings,
    isExecutableAllowed: (a) => {
      const f = executablePath(a);
      return f !== null && allowedExecutables.has(f);
    },
    isTopicAllowed: (t) => allowedTopics.has(t),
  });
  if (issues.length > 0) throw RunnerCatalogUnusable(issues.map(formatIssue).join('\n'));

  const ns = config.kafka.namespace;
  const kafka: KafkaClient = createKafkaClient(config.kafka, telemetry);
  const topics = { ...kafka.topics, changelog: changelogTopic(ns, 'runbook-runner'), control: runbookControlTopic(ns) };
  const extraTopics: TopicDefinition[] = [
    { name: topics.changelog, partitions: 1, cleanupPolicy: 'compact', key: 'req:<id> | rb:<id> | early:<id> | ctl:<id>', description: 'runbook-runner state' },
    { name: topics.control, partitions: 1, cleanupPolicy: 'delete', retentionMs: 7 * 24 * 3600 * 1000, key: 'runbook id', description: 'runbook control commands' },
  ];
  const metrics = createRunnerMetrics(telemetry.registry);
  const guards = new GuardBook(clock, { globalDryRun: config.runbook.dryRun });
  let producer: Producer | undefined;
  let consumer: BatchConsumer | undefined;
  let runner: Runner | undefined;
  let dlqWriter: DlqWriter | undefined;

  const execute: ActionExecutor = async (a: RenderedAction, opts): Promise<AttemptResult> => {
    const maxBytes = config.runbook.maxOutputBytes;
    switch (a.type) {
      case 'http':
        return executeHttp(a, { ...opts, maxBytes });
      case 'command': {
        const file = executablePath(a.file);
        if (file === null || !allowedExecutables.has(file)) return { ok: false, retryable: false, detail: `executable ${a.file} is not allowed`, output: '' };
        return executeCommand(a, { ...opts, file, cwd: catalogDir, path: config.runbook.commandPath, maxBytes });
      }
      case 'kafka': {
        if (!allowedTopics.has(a.topic)) return { ok: false, retryable: false, detail: `topic ${a.topic} is not allowed`, output: '' };
        try {
          await (producer as Producer).send([{ topic: a.topic, key: a.key, value: a.value }]);
          return { ok: true, retryable: false, detail: `published to ${a.topic}`, output: '' };
        } catch (err) {
          return { ok: false, retryable: true, detail: `publish failed: ${(err as Error).message}`, output: '' };
        }
      }
    }
  };

  const http = createHttpServer({
    telemetry,
    ...(deps.auth ? { auth: deps.auth } : {}),
    readiness: [() => consumer?.running === true, () => producer?.healthy === true],
  });
  const guarded = deps.auth !== undefined && deps.auth.size > 0 ? { preHandler: http.requireRole('viewer') } : {};
  http.app.get('/api/v1/runbooks', guarded, async () => ({ dryRun: config.runbook.dryRun, runbooks: runner?.status() ?? [] }));

  async function handle(batch: ConsumedBatch): Promise<void> {
    const r = runner as Runner;
    const dlq = dlqWriter as DlqWriter;
    for (const rec of batch.records) {
      if (batch.topic === topics.incidentCommands) {
        // the incident manager owns this topic's validation; we only pick our two actions out of it
        const d = decodeJson(rec, IncidentCommand);
        if (d.ok) await r.handleCommand(d.value);
        continue;
      }
      const d = batch.topic === topics.control ? decodeJson(rec, RunbookControl) : decodeJson(rec, RunbookRequest);
      if (!d.ok) {
        metrics.rejectedInput.inc({ topic: batch.topic === topics.control ? 'control' : 'requests', reason: d.code });
        await dlq.write([{ payload: rec.value ?? '', errorCode: d.code, reason: d.reason, field: d.field, origin: { topic: rec.topic, partition: rec.partition, offset: rec.offset } }]);
        continue;
      }
      if (batch.topic === topics.control) await r.handleControl(d.value as RunbookControl);
      else await r.handleRequest(d.value as RunbookRequest);
    }
  }

  return {
    http,
    catalog,
    async start() {
      await kafka.ensureTopics([...topicDefinitions(ns, config.kafka.partitions), ...extraTopics]);
      producer = await kafka.producer({ sendTimeoutMs: config.kafka.sendTimeoutMs });
      dlqWriter = createDlqWriter(producer, { topic: topics.dlq, stage: 'runbook-runner', now: () => clock.now() });
      const state = await restoreState(kafka, topics.changelog);
      for (const gs of state.guards.values()) {
        guards.restore(gs);
        metrics.breakerOpen.set({ rule: gs.runbookId }, gs.breaker.open ? 1 : 0);
      }
      runner = new Runner({
        catalog, guards, state, producer, clock, metrics, execute,
        logger: log,
        topics: { results: topics.runbookResults, changelog: topics.changelog },
        settings: config.runbook.settings,
        maxOutputBytes: config.runbook.maxOutputBytes,
      });
      const interrupted = await runner.recoverInterrupted();
      const forgotten = await runner.forgetOlderThan(config.runbook.rememberRequestsMs);
      log.info({ runbooks: catalog.runbooks.length, restoredRequests: state.requests.size, interrupted, forgotten, dryRun: config.runbook.dryRun }, 'runbook runner state restored');
      consumer = kafka.consumer({
        groupId: ns === '' ? config.runbook.groupId : `${ns}.${config.runbook.groupId}`,
        topics: [topics.runbookRequests, topics.incidentCommands, topics.control],
        handler: handle,
        sessionTimeoutMs: config.runbook.sessionTimeoutMs,
      });
      await consumer.start();
      await http.listen(config.http.port, config.http.host);
    },
    async stop() {
      await consumer?.stop();
      await runner?.drain(config.runbook.shutdownGraceMs);
      await http.close();
      await producer?.disconnect();
      await kafka.close();
    },
  };
}
