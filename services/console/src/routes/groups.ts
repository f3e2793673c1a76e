import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { NotFound, ValidationFailed } from '@aiops/errors';
import { Alert, CorrelationGroup } from '@aiops/model';
import { decodeJson, type ConsumedRecord } from '@aiops/kafka';
import { counter, gauge } from '@aiops/telemetry';
import { createGroupStore } from '../group-store.js';
import { createTopicView, kafkaFor } from '../topic-view.js';
import type { RouteContext } from './context.js';

const csv = (v: string | undefined): string[] | undefined => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter((s) => s !== ''));
const epoch = z.coerce.number().int().nonnegative();
const paging = { limit: z.coerce.number().int().positive().default(50), offset: z.coerce.number().int().nonnegative().default(0) };

const GroupQuery = z.strictObject({
  status: z.enum(['open', 'closed']).optional(),
  service: z.string().min(1).optional(),
  ci: z.string().min(1).optional(),
  since: epoch.optional(),
  until: epoch.optional(),
  minSize: z.coerce.number().int().nonnegative().optional(),
  ...paging,
});

const AlertQuery = z.strictObject({
  status: z.string().optional().describe('csv of firing|resolved'),
  severity: z.string().optional().describe('csv'),
  fingerprint: z.string().min(1).optional(),
  source: z.string().min(1).optional(),
  service: z.string().min(1).optional(),
  ci: z.string().min(1).optional(),
  groupId: z.string().min(1).optional(),
  group: z.string().min(1).optional().describe('alias of groupId'),
  since: epoch.optional(),
  until: epoch.optional(),
  ...paging,
});

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue ? issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '') : '';
  throw ValidationFailed(`query: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`, field || undefined);
}

/**
 * groupRoutes: the correlation groups and alert states, read-only (viewer). Materialises
 * aiops.groups.v1 and aiops.alerts.v1 in memory with its own consumer group (latest version per id;
 * bounded by console.viewRetentionMs after arrival and console.maxGroups / maxAlerts, see GroupStore),
 * so a browser or an evaluator can see what the correlator made of an alert storm: which alerts form a
 * group, why each joined (rule + evidence), the root cause and its ranked candidates, and for each
 * alert the group it is in.
 */
export const groupRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  const viewer = { preHandler: ctx.requireRole('viewer') };
  const { topics, config } = ctx;
  const store = createGroupStore({ retentionMs: config.console.viewRetentionMs, maxGroups: config.console.maxGroups, maxAlerts: config.console.maxAlerts });
  const mIn = counter(ctx.telemetry.registry, 'aiops_console_view_records_total', 'group/alert records materialised by topic and outcome', ['topic', 'outcome']);
  const mHeld = gauge(ctx.telemetry.registry, 'aiops_console_view_held', 'groups and alerts held in memory', ['kind']);
  const kafka = kafkaFor(ctx);

  function apply(rec: ConsumedRecord): void {
    if (rec.value === null) return;
    const now = ctx.clock.now();
    // retention runs from when a version was sent (record timestamp; never later than now, -1 = unknown)
    const sent = rec.timestamp > 0 ? Math.min(now, rec.timestamp) : now;
    if (rec.topic === topics.groups) {
      const d = decodeJson(rec, CorrelationGroup);
      mIn.inc({ topic: 'groups', outcome: d.ok ? 'ok' : 'invalid' });
      if (d.ok) store.upsertGroup(d.value, sent, now);
    } else {
      const d = decodeJson(rec, Alert);
      mIn.inc({ topic: 'alerts', outcome: d.ok ? 'ok' : 'invalid' });
      if (d.ok) store.upsertAlert(d.value, sent, now);
    }
  }

  const view = createTopicView(ctx, {
    name: 'groups',
    kafka: kafka.client,
    topics: [topics.groups, topics.alerts],
    apply,
    afterBatch() {
      store.sweep(ctx.clock.now());
      const s = store.stats();
      mHeld.set({ kind: 'groups' }, s.groups);
      mHeld.set({ kind: 'alerts' }, s.alerts);
    },
  });
  app.addHook('onReady', async () => view.start());
  app.addHook('onClose', async () => {
    await view.stop();
    await kafka.release();
  });

  const pageOf = (limit: number) => Math.min(limit, config.console.maxPageSize);

  app.get('/api/v1/groups', viewer, async (req) => {
    const q = parse(GroupQuery, req.query);
    const limit = pageOf(q.limit);
    const { items, total } = store.listGroups({
      ...(q.status !== undefined ? { status: q.status } : {}),
      ...(q.service !== undefined ? { service: q.service } : {}),
      ...(q.ci !== undefined ? { ci: q.ci } : {}),
      ...(q.since !== undefined ? { since: q.since } : {}),
      ...(q.until !== undefined ? { until: q.until } : {}),
      ...(q.minSize !== undefined ? { minSize: q.minSize } : {}),
    }, limit, q.offset);
    return { items, total, limit, offset: q.offset, caughtUp: view.caughtUp };
  });

  app.get<{ Params: { id: string } }>('/api/v1/groups/:id', viewer, async (req) => {
    const g = store.getGroup(req.params.id);
    if (g === undefined) throw NotFound(`group ${req.params.id}`);
    return g;
  });

  app.get('/api/v1/alerts', viewer, async (req) => {
    const q = parse(AlertQuery, req.query);
    const limit = pageOf(q.limit);
    const groupId = q.groupId ?? q.group;
    const { items, total } = store.listAlerts({
      ...(csv(q.status) ? { status: csv(q.status) } : {}),
      ...(csv(q.severity) ? { severity: csv(q.severity) } : {}),
      ...(q.fingerprint !== undefined ? { fingerprint: q.fingerprint } : {}),
      ...(q.source !== undefined ? { source: q.source } : {}),
      ...(q.service !== undefined ? { service: q.service } : {}),
      ...(q.ci !== undefined ? { ci: q.ci } : {}),
      ...(groupId !== undefined ? { groupId } : {}),
      ...(q.since !== undefined ? { since: q.since } : {}),
      ...(q.until !== undefined ? { until: q.until } : {}),
    }, limit, q.offset);
    return { items, total, limit, offset: q.offset, caughtUp: view.caughtUp };
  });

  app.get<{ Params: { id: string } }>('/api/v1/alerts/:id', viewer, async (req) => {
    const a = store.getAlert(req.params.id);
    if (a === undefined) throw NotFound(`alert ${req.params.id}`);
    return a;
  });

  app.get('/api/v1/view-stats', viewer, async () => ({ ...store.stats(), caughtUp: view.caughtUp, consuming: view.running }));
};
