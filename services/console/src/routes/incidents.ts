import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFound, ValidationFailed } from '@aiops/errors';
import { stableId, type Actor, type IncidentCommand } from '@aiops/model';
import { ActionRefused, ActionTimeout } from '../errors.js';
import type { ClickHouse } from '@aiops/clickhouse';
import type { RouteContext } from './context.js';
import { readArchived } from './archive.js';

/** SRE_ACTIONS are the commands people may send; the others are internal to the incident manager. */
export const SRE_ACTIONS = [
  'acknowledge', 'start', 'hold', 'resume', 'assign', 'add_participant', 'comment', 'set_priority', 'set_category',
  'resolve', 'close', 'reopen', 'merge', 'split', 'link_problem', 'link_to', 'approve_runbook', 'reject_runbook',
] as const;

const ActionBody = z.strictObject({
  action: z.enum(SRE_ACTIONS),
  reason: z.string().max(4000).default(''),
  params: z.record(z.string(), z.unknown()).default({}),
  commandId: z.string().min(8).max(200).optional().describe('idempotency key; a retried request with the same id is applied once'),
});

const ReportBody = z.strictObject({
  description: z.string().min(1).max(10_000),
  title: z.string().max(300).optional(),
  reporter: z.string().min(1).max(200).optional().describe('defaults to the token name'),
  service: z.string().min(1).max(200).optional().describe('affected business service (CI id)'),
  urgency: z.enum(['high', 'medium', 'low']).optional(),
  requestId: z.string().min(8).max(200).optional().describe('idempotency key: the same report is registered once'),
});

const ListQuery = z.object({
  state: z.string().optional(),
  priority: z.string().optional(),
  service: z.string().optional(),
  ci: z.string().optional(),
  assignmentGroup: z.string().optional(),
  origin: z.enum(['monitoring', 'user']).optional(),
  major: z.enum(['true', 'false']).optional(),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().positive().default(50),
  offset: z.coerce.number().int().nonnegative().default(0),
});

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue ? issue.path.map(String).join('.') : undefined;
  throw ValidationFailed(`${where}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`, field);
}

function csv(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function actorOf(req: FastifyRequest): Actor {
  return { kind: 'user', id: req.principal?.name ?? 'anonymous' };
}

/**
 * incidentRoutes: the incident API. Reads come from the store materialised from Kafka; writes are
 * commands on aiops.incident-commands.v1 (keyed by incident id, so the incident manager applies them
 * in order), and the call waits until the snapshot shows the command applied or refused.
 */
export const incidentRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  const viewer = { preHandler: ctx.requireRole('viewer') };
  const responder = { preHandler: ctx.requireRole('responder') };
  const { store, topics, config } = ctx;

  async function submit(cmd: IncidentCommand): Promise<Awaited<ReturnType<typeof store.waitForCommand>>> {
    const waiting = store.waitForCommand(cmd.incidentId, cmd.id, config.console.actionTimeoutMs);
    await ctx.publish([{ topic: topics.incidentCommands, key: cmd.incidentId, value: JSON.stringify(cmd) }]);
    return waiting;
  }

  app.get('/api/v1/incidents', viewer, async (req) => {
    const q = parse(ListQuery, req.query, 'query');
    const limit = Math.min(q.limit, config.console.maxPageSize);
    const { items, total } = store.list({
      ...(csv(q.state) ? { state: csv(q.state) } : {}),
      ...(csv(q.priority) ? { priority: csv(q.priority) } : {}),
      ...(q.service !== undefined ? { service: q.service } : {}),
      ...(q.ci !== undefined ? { ci: q.ci } : {}),
      ...(q.assignmentGroup !== undefined ? { assignmentGroup: q.assignmentGroup } : {}),
      ...(q.origin !== undefined ? { origin: q.origin } : {}),
      ...(q.major !== undefined ? { major: q.major === 'true' } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.q !== undefined ? { q: q.q } : {}),
    }, limit, q.offset);
    return { items, total, limit, offset: q.offset };
  });

  app.get('/api/v1/incident-stats', viewer, async (req) => {
    const q = parse(z.object({ from: z.coerce.number().int().nonnegative().optional(), to: z.coerce.number().int().nonnegative().optional() }), req.query, 'query');
    return store.stats(q.from, q.to);
  });

  /** archived: an incident evicted after the incident manager's retention, read-only from ClickHouse (when configured). */
  async function archived(idOrNumber: string): Promise<NonNullable<Awaited<ReturnType<typeof readArchived>>>> {
    const ch = ctx.extras.clickhouse as ClickHouse | undefined;
    const found = ch === undefined ? null : await readArchived(ch, idOrNumber);
    if (found === null) throw NotFound(`incident ${idOrNumber}${ch === undefined ? ' (closed incidents past the incident manager\'s retention are read from ClickHouse: start the console with AIOPS_CLICKHOUSE_URL)' : ''}`);
    return found;
  }

  app.get<{ Params: { id: string } }>('/api/v1/incidents/:id', viewer, async (req) => {
    const held = store.get(req.params.id);
    const old = held === undefined ? await archived(req.params.id) : null;
    const inc = held ?? (old as NonNullable<typeof old>).incident;
    return {
      archived: old !== null,
      incident: inc,
      alerts: inc.alerts,
      cis: inc.affectedCis,
      services: inc.affectedServices,
      rootCause: { ciId: inc.rootCauseCi, candidates: inc.rootCauseCandidates },
      record: inc.record ?? null,
      changeSuspects: inc.changeSuspects,
      runbookRuns: inc.runbookRuns,
      timeline: old?.timeline ?? store.timeline(inc.id),
      // entries left out between the opening and the latest of a timeline past console.timelineMaxEntries
      timelineOmitted: old === null ? store.timelineOmitted(inc.id) : 0,
    };
  });

  app.get<{ Params: { id: string } }>('/api/v1/incidents/:id/timeline', viewer, async (req) => {
    const inc = store.get(req.params.id);
    if (inc === undefined) return { items: (await archived(req.params.id)).timeline, archived: true };
    return { items: store.timeline(inc.id), omitted: store.timelineOmitted(inc.id) };
  });

  app.post<{ Params: { id: string } }>('/api/v1/incidents/:id/actions', responder, async (req) => {
    const body = parse(ActionBody, req.body, 'body');
    const inc = store.get(req.params.id);
    if (inc === undefined) throw NotFound(`incident ${req.params.id}`);
    const cmd: IncidentCommand = {
      id: body.commandId ?? `cmd_${randomUUID()}`,
      incidentId: inc.id,
      at: ctx.clock.now(),
      actor: actorOf(req),
      action: body.action,
      reason: body.reason,
      params: body.params,
    };
    const o = await submit(cmd);
    if (o === null) throw ActionTimeout(cmd.id, config.console.actionTimeoutMs);
    if (o.outcome === 'rejected') throw ActionRefused(o.code, o.message, o.statusCode, o.field);
    return { commandId: cmd.id, outcome: 'applied', incident: o.incident };
  });

  app.post('/api/v1/incidents', responder, async (req, reply) => {
    const body = parse(ReportBody, req.body, 'body');
    const actor = actorOf(req);
    const requestId = body.requestId ?? randomUUID();
    const incidentId = stableId('inc_user_', actor.id, requestId);
    const cmd: IncidentCommand = {
      id: stableId('cmd_report_', incidentId),
      incidentId,
      at: ctx.clock.now(),
      actor,
      action: 'report',
      reason: 'reported by a user',
      params: { description: body.description, reporter: body.reporter ?? actor.id, ...(body.title ? { title: body.title } : {}), ...(body.service ? { service: body.service } : {}), ...(body.urgency ? { urgency: body.urgency } : {}) },
    };
    const o = await submit(cmd);
    if (o === null) throw ActionTimeout(cmd.id, config.console.actionTimeoutMs);
    if (o.outcome === 'rejected') throw ActionRefused(o.code, o.message, o.statusCode, o.field);
    void reply.status(201);
    return { commandId: cmd.id, outcome: 'applied', incident: o.incident };
  });
};
