import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ValidationFailed } from '@aiops/errors';
import { ChangeRecord } from '@aiops/model';
import type { RouteContext } from './context.js';

const Body = z.union([ChangeRecord, z.array(ChangeRecord).min(1).max(10_000)]);

/**
 * changeRoutes: POST /api/v1/changes feeds change records (one or a list) to aiops.changes.v1, where
 * the incident manager picks them up as suspects for incidents on the same CIs or their dependencies.
 */
export const changeRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  app.post('/api/v1/changes', { preHandler: ctx.requireRole('responder') }, async (req, reply) => {
    const r = Body.safeParse(req.body);
    if (!r.success) {
      const issue = r.error.issues[0];
      const field = issue ? issue.path.map(String).join('.') : undefined;
      throw ValidationFailed(`body: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`, field);
    }
    const list = Array.isArray(r.data) ? r.data : [r.data];
    await ctx.publish(list.map((c) => ({ topic: ctx.topics.changes, key: c.id, value: JSON.stringify(c) })));
    void reply.status(202);
    return { accepted: list.length };
  });
};
