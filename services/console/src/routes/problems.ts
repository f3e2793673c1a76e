import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { NotFound } from '@aiops/errors';
import { sqlIdentifier, sqlString } from '@aiops/clickhouse';
import { Problem } from '@aiops/model';
import { ProblemAction, applyProblemAction } from '@aiops/problems';
import type { RouteContext } from './context.js';
import { clickhouseOf, zodToValidation } from './reports.js';

const ListQuery = z.strictObject({
  state: z.enum(['new', 'investigating', 'known_error', 'resolved', 'closed']).optional(),
  pattern: z.enum(['recurrence', 'cluster', 'change_correlation', 'rising_rate', 'manual']).optional(),
  service: z.string().min(1).optional(),
  ci: z.string().min(1).optional(),
  q: z.string().min(1).max(200).optional().describe('searches title, root cause and workaround (known-error database)'),
  limit: z.coerce.number().int().positive().max(1000).default(100),
});

function parse<S extends z.ZodType>(schema: S, v: unknown, where: string): z.output<S> {
  const r = schema.safeParse(v);
  if (!r.success) throw zodToValidation(r.error, where);
  return r.data;
}

/**
 * problemRoutes: the problem manager's API. GET /api/v1/problems (filter by state, pattern, service, CI,
 * text search over the known-error database), GET /api/v1/problems/:id (evidence and linked incidents),
 * POST /api/v1/problems/:id/actions (state changes, root cause, workaround, solution, linking incidents):
 * the next version goes to aiops.problems.v1, and the analytics writer stores it.
 */
export const problemRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  async function latest(id: string): Promise<Problem> {
    const ch = clickhouseOf(ctx);
    const rows = await ch.query<{ payload: string }>(`SELECT payload FROM ${sqlIdentifier(ch.database)}.problems FINAL WHERE id = ${sqlString(id)}`);
    const row = rows[0];
    if (!row) throw NotFound(`problem ${id}`);
    return Problem.parse(JSON.parse(row.payload));
  }

  app.get<{ Querystring: Record<string, unknown> }>('/api/v1/problems', { preHandler: ctx.requireRole('viewer') }, async (req) => {
    const f = parse(ListQuery, req.query, 'query');
    const ch = clickhouseOf(ctx);
    const where = ['1 = 1'];
    if (f.state) where.push(`state = ${sqlString(f.state)}`);
    if (f.pattern) where.push(`pattern = ${sqlString(f.pattern)}`);
    if (f.service) where.push(`has(services, ${sqlString(f.service)})`);
    if (f.ci) where.push(`has(ci_ids, ${sqlString(f.ci)})`);
    if (f.q) where.push(`(positionCaseInsensitive(title, ${sqlString(f.q)}) > 0 OR positionCaseInsensitive(root_cause, ${sqlString(f.q)}) > 0 OR positionCaseInsensitive(workaround, ${sqlString(f.q)}) > 0)`);
    const rows = await ch.query<{ payload: string }>(
      `SELECT payload FROM ${sqlIdentifier(ch.database)}.problems FINAL WHERE ${where.join(' AND ')} ORDER BY updated_ms DESC, id LIMIT ${f.limit}`,
    );
    return { problems: rows.map((r) => Problem.parse(JSON.parse(r.payload))) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/problems/:id', { preHandler: ctx.requireRole('viewer') }, async (req) => {
    const p = await latest(req.params.id);
    const ch = clickhouseOf(ctx);
    const incidents =
      p.incidentIds.length === 0
        ? []
        : await ch.query<Record<string, unknown>>(
            `SELECT id, number, title, toString(state) AS state, toString(priority) AS priority, service, ci, toString(category) AS category, detected_ms, resolved_ms
             FROM ${sqlIdentifier(ch.database)}.incidents FINAL WHERE id IN (${p.incidentIds.map(sqlString).join(', ')}) ORDER BY detected_ms`,
          );
    return {
      problem: p,
      incidents: incidents.map((i) => ({ ...i, detected_ms: Number(i.detected_ms), resolved_ms: Number(i.resolved_ms) || null })),
    };
  });

  app.post<{ Params: { id: string } }>('/api/v1/problems/:id/actions', { preHandler: ctx.requireRole('responder') }, async (req, reply) => {
    const action = parse(ProblemAction, req.body, 'body');
    const p = await latest(req.params.id);
    const next = applyProblemAction(p, action, req.principal?.name ?? 'problem-manager', ctx.clock.now());
    if (next !== p) await ctx.publish([{ topic: ctx.topics.problems, key: next.id, value: JSON.stringify(next) }]);
    void reply.status(202);
    return { problem: next };
  });
};
