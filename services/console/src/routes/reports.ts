import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFound, Unavailable, ValidationFailed } from '@aiops/errors';
import type { ClickHouse } from '@aiops/clickhouse';
import { REPORTS, findReport, runReport, toCsv, type ReportResult } from '@aiops/analytics';
import type { RouteContext } from './context.js';

/** clickhouseOf finds the ClickHouse client given to the console (AppDeps.extras.clickhouse). */
export function clickhouseOf(ctx: RouteContext): ClickHouse {
  const ch = ctx.extras.clickhouse as ClickHouse | undefined;
  if (!ch) throw Unavailable('reports need ClickHouse: start the console with AIOPS_CLICKHOUSE_URL');
  return ch;
}

/** zodToValidation turns the first zod issue into a 400 naming the parameter. */
export function zodToValidation(err: z.ZodError, where: string): Error {
  const issue = err.issues[0];
  const field = issue ? issue.path.map(String).join('.') : undefined;
  return ValidationFailed(`${where}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`, field);
}

/** wantsCsv: `?format=csv` or an Accept header preferring text/csv. */
export function wantsCsv(req: FastifyRequest, query: Record<string, unknown>): boolean {
  if (query.format === 'csv') return true;
  if (query.format === 'json') return false;
  const accept = req.headers.accept ?? '';
  return accept.includes('text/csv') && !accept.includes('application/json');
}

export function sendReport(req: FastifyRequest, reply: FastifyReply, query: Record<string, unknown>, result: ReportResult): unknown {
  if (!wantsCsv(req, query)) return result;
  void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${result.report}.csv"`);
  return toCsv(result);
}

/**
 * reportRoutes: GET /api/v1/reports lists the trend reports; GET /api/v1/reports/:name runs one over
 * `from`/`to` (epoch ms or ISO date; default the last 30 days) and the filters (service, ci, category, priority, assignmentGroup,
 * plus by/bucket/limit where the report has them). JSON by default, CSV with ?format=csv or Accept: text/csv.
 */
export const reportRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  app.get('/api/v1/reports', { preHandler: ctx.requireRole('viewer') }, async () => ({
    reports: REPORTS.map((r) => ({ name: r.name, description: r.description, columns: r.columns })),
  }));

  app.get<{ Params: { name: string }; Querystring: Record<string, unknown> }>(
    '/api/v1/reports/:name',
    { preHandler: ctx.requireRole('viewer') },
    async (req, reply) => {
      if (!findReport(req.params.name)) throw NotFound(`no report named ${req.params.name}`);
      const ch = clickhouseOf(ctx);
      const { format: _format, ...params } = req.query;
      // Without a period: the last 30 days up to now (the service owns the wall clock, not the report SQL).
      if (params.to === undefined) params.to = ctx.clock.now();
      if (params.from === undefined) params.from = (typeof params.to === 'number' ? params.to : Date.parse(String(params.to))) - 30 * 24 * 3600 * 1000;
      try {
        const result = await runReport((sql) => ch.query(sql), ch.database, req.params.name, params);
        return sendReport(req, reply, req.query, result);
      } catch (err) {
        if (err instanceof z.ZodError) throw zodToValidation(err, 'query');
        throw err;
      }
    },
  );
};
