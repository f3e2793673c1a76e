import { resolve } from 'node:path';
import { createClickHouse, loadMigrations, migrate } from '@aiops/clickhouse';
import { createKafkaClient, type Producer } from '@aiops/kafka';
import { createHttpServer } from '@aiops/http';
import { Problem, stableId, type IncidentCommand } from '@aiops/model';
import type { Clock } from '@aiops/pipeline';
import { detectAll, knownErrorLinks, reconcile } from '@aiops/problems';
import { counter, type Telemetry } from '@aiops/telemetry';
import type { ServiceConfig } from './config.js';
import { readFacts } from './facts.js';

const DEFAULT_MIGRATIONS = resolve(import.meta.dirname, '../../../deploy/clickhouse/migrations');

/**
 * buildApp wires the problem detector: every interval, read incidents, changes and the CMDB from
 * ClickHouse, detect patterns, publish new or grown problems to aiops.problems.v1 (the analytics writer
 * stores them), and link new incidents that match a known error (link_problem command with the workaround).
 * The current problems are read from the compacted problems topic, the source of truth, so a pattern is
 * never published as a second problem even when ClickHouse lags.
 */
export function buildApp(config: ServiceConfig, deps: { telemetry: Telemetry; clock: Clock }) {
  const { telemetry, clock } = deps;
  const kafka = createKafkaClient(config.kafka, telemetry);
  const ch = createClickHouse(config.clickhouse, telemetry);
  let started = false;
  const http = createHttpServer({ telemetry, readiness: [() => started] });
  const published = counter(telemetry.registry, 'aiops_problem_detector_problems_total', 'problem versions published', ['kind', 'outcome']);
  const links = counter(telemetry.registry, 'aiops_problem_detector_known_error_links_total', 'incidents linked to a known error', []);
  const runs = counter(telemetry.registry, 'aiops_problem_detector_runs_total', 'detection runs', ['outcome']);
  let producer: Producer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function currentProblems(): Promise<Map<string, Problem>> {
    const out = new Map<string, Problem>();
    for (const r of await kafka.readAll(kafka.topics.problems)) {
      if (r.value === null) continue;
      const p = Problem.safeParse(JSON.parse(r.value.toString('utf8')));
      if (!p.success) continue;
      const prev = out.get(p.data.id);
      if (!prev || prev.version < p.data.version) out.set(p.data.id, p.data);
    }
    return out;
  }

  /** runOnce is one detection pass; returns what it published (tests call it directly). */
  async function runOnce(): Promise<{ problems: Problem[]; linked: Array<{ incidentId: string; problemId: string }> }> {
    const now = clock.now();
    const facts = await readFacts(ch, now - config.detector.lookbackMs, now);
    const existing = await currentProblems();
    const updates = reconcile(detectAll(facts, config.detection, now), existing, now);
    const p = producer as Producer;
    if (updates.length > 0) {
      await p.send(updates.map((u) => ({ topic: kafka.topics.problems, key: u.id, value: JSON.stringify(u) })));
      for (const u of updates) published.inc({ kind: u.pattern, outcome: u.version === 1 ? 'created' : 'updated' });
    }
    const all = new Map(existing);
    for (const u of updates) all.set(u.id, u);
    const recent = facts.incidents.filter((i) => i.detectedAt >= now - config.detector.linkKnownErrorsWithinMs);
    const matches = knownErrorLinks(recent, [...all.values()]);
    if (matches.length > 0) {
      const cmds: IncidentCommand[] = matches.map((m) => ({
        id: stableId('cmd_', 'known_error', m.incidentId, m.problem.id),
        incidentId: m.incidentId,
        at: now,
        actor: { kind: 'system', id: 'problem-detector' },
        action: 'link_problem',
        reason: `matches known error ${m.problem.id}: workaround: ${m.problem.workaround ?? ''}`.slice(0, 2000),
        params: { problemId: m.problem.id, workaround: m.problem.workaround ?? '', modelId: m.problem.id },
      }));
      await p.send(cmds.map((c) => ({ topic: kafka.topics.incidentCommands, key: c.incidentId, value: JSON.stringify(c) })));
      links.inc(cmds.length);
    }
    return { problems: updates, linked: matches.map((m) => ({ incidentId: m.incidentId, problemId: m.problem.id })) };
  }

  function schedule(): void {
    timer = setTimeout(() => {
      running = runOnce()
        .then(
          (r) => {
            runs.inc({ outcome: 'ok' });
            if (r.problems.length > 0 || r.linked.length > 0) telemetry.logger.info({ problems: r.problems.length, linked: r.linked.length }, 'detection run');
          },
          (err: unknown) => {
            runs.inc({ outcome: 'error' });
            telemetry.logger.warn({ err }, 'detection run failed; retrying next interval');
          },
        )
        .finally(() => {
          if (started) schedule();
        });
    }, config.detector.intervalMs);
  }

  return {
    http,
    runOnce,
    async start(opts: { schedule?: boolean } = {}) {
      await http.listen(config.http.port);
      await migrate(ch, loadMigrations(config.detector.migrationsDir ?? DEFAULT_MIGRATIONS));
      await kafka.ensureTopics();
      producer = await kafka.producer();
      started = true;
      if (opts.schedule !== false) schedule();
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      await running;
      await producer?.disconnect();
      await kafka.close();
      await ch.close();
      await http.close();
    },
  };
}
