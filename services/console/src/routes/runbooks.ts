import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { NotFound, Unavailable, ValidationFailed } from '@aiops/errors';
import { runbookControlTopic, type RunbookControl } from '@aiops/model';
import type { RouteContext } from './context.js';

const RUNBOOK_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const ControlBody = z.strictObject({ reason: z.string().max(2000).default(''), controlId: z.string().min(1).max(200).optional() }).prefault({});

interface RunnerView {
  readonly dryRun: boolean;
  readonly runbooks: ReadonlyArray<{ readonly id: string } & Record<string, unknown>>;
}

/**
 * runbookRoutes: the runbook catalog and its guard state (breaker open, running, runs in the window),
 * read from the runbook runner (extras.runbookRunnerUrl, default http://127.0.0.1:8084), and operator
 * control: POST .../enable re-enables a runbook whose circuit breaker tripped (or lifts a disable),
 * POST .../disable stops it. Control goes as a RunbookControl record on the runner's control topic, so
 * the change is ordered, durable and lands in the runner's changelog (it survives restarts).
 */
export const runbookRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  const runnerUrl = typeof ctx.extras.runbookRunnerUrl === 'string' ? ctx.extras.runbookRunnerUrl : 'http://127.0.0.1:8084';
  const topic = runbookControlTopic(ctx.config.kafka.namespace);

  async function fromRunner(authorization: string | undefined): Promise<RunnerView> {
    let res: Response;
    try {
      res = await fetch(new URL('/api/v1/runbooks', runnerUrl), {
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(3000),
      });
    } catch (err) {
      throw Unavailable('runbook runner unreachable', err);
    }
    if (!res.ok) throw Unavailable(`runbook runner answered ${res.status}`);
    return (await res.json()) as RunnerView;
  }

  app.get('/api/v1/runbooks', { preHandler: ctx.requireRole('viewer') }, async (req) => fromRunner(req.headers.authorization));

  app.get<{ Params: { id: string } }>('/api/v1/runbooks/:id', { preHandler: ctx.requireRole('viewer') }, async (req) => {
    const view = await fromRunner(req.headers.authorization);
    const rb = view.runbooks.find((r) => r.id === req.params.id);
    if (rb === undefined) throw NotFound(`runbook ${req.params.id}`);
    return { dryRun: view.dryRun, runbook: rb };
  });

  for (const action of ['enable', 'disable'] as const) {
    app.post<{ Params: { id: string } }>(`/api/v1/runbooks/:id/${action}`, { preHandler: ctx.requireRole('admin') }, async (req, reply) => {
      if (!RUNBOOK_ID.test(req.params.id)) throw ValidationFailed('not a runbook id', 'id');
      const body = ControlBody.safeParse(req.body ?? {});
      if (!body.success) {
        const issue = body.error.issues[0];
        throw ValidationFailed(`body: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, issue?.path.join('.'));
      }
      const ctl: RunbookControl = {
        id: body.data.controlId ?? `rbc_${randomUUID()}`,
        at: ctx.clock.now(),
        actor: req.principal?.name ?? 'anonymous',
        action,
        runbookId: req.params.id,
        reason: body.data.reason,
      };
      await ctx.publish([{ topic, key: ctl.runbookId, value: JSON.stringify(ctl) }]);
      void reply.status(202);
      return { controlId: ctl.id, runbookId: ctl.runbookId, action };
    });
  }
};
