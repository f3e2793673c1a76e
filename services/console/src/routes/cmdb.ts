import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { NotFound, ValidationFailed } from '@aiops/errors';
import { ConfigurationItem } from '@aiops/model';
import { parseCmdbCsv, parseCmdbJson, type ImportError } from '@aiops/cmdb';
import { decodeJson, type ConsumedRecord, type OutRecord } from '@aiops/kafka';
import { counter, gauge } from '@aiops/telemetry';
import { createTopicView, kafkaFor } from '../topic-view.js';
import type { RouteContext } from './context.js';

/** CmdbUploadInvalid: the upload has errors; nothing was published. The body lists every problem. */
const CMDB_UPLOAD_INVALID = 'AIOPS_ERR_CONSOLE_CMDB_UPLOAD_INVALID';
/** records per producer send: a 10k-CI upload goes out in a few acknowledged sends. */
const SEND_CHUNK = 1000;

const ListQuery = z.strictObject({
  type: z.string().min(1).optional(),
  q: z.string().min(1).max(200).optional().describe('substring of id or name (case-insensitive)'),
  limit: z.coerce.number().int().positive().default(100),
  offset: z.coerce.number().int().nonnegative().default(0),
});
const UploadQuery = z.strictObject({ mode: z.enum(['merge', 'replace']).default('merge'), format: z.enum(['json', 'csv']).optional().describe('default: from the content type') });

/** formatOf: explicit ?format, else the content type, else a sniff of the first character. */
function formatOf(explicit: 'json' | 'csv' | undefined, contentType: string, text: string): 'json' | 'csv' {
  if (explicit !== undefined) return explicit;
  if (contentType.includes('json')) return 'json';
  if (contentType.includes('csv')) return 'csv';
  const first = text.trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue ? issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '') : '';
  throw ValidationFailed(`query: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`, field || undefined);
}

const problem = (e: ImportError) => ({ line: e.line ?? null, index: e.index, field: e.field ?? null, message: e.message });

/**
 * cmdbRoutes: load and read the CMDB over HTTP. POST /api/v1/cmdb/items (admin) takes the JSON or CSV
 * import formats of @aiops/cmdb, refuses the whole upload with 400 and every problem (line, field,
 * reason) when any item is invalid — nothing is published then —, else publishes each CI to the
 * compacted aiops.cmdb.v1 keyed by CI id (the correlator re-reads it every cmdbRefreshMs) and answers
 * 202 with counts; `?mode=replace` also tombstones the CIs on the topic that the upload does not
 * contain. DELETE publishes a tombstone. Reads come from an in-memory view of the topic.
 */
export const cmdbRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  const viewer = { preHandler: ctx.requireRole('viewer') };
  const admin = { preHandler: ctx.requireRole('admin') };
  const topic = ctx.topics.cmdb;
  const bodyLimit = ctx.config.console.cmdbBodyLimit;
  const items = new Map<string, ConfigurationItem>();
  const mIn = counter(ctx.telemetry.registry, 'aiops_console_view_records_total', 'group/alert records materialised by topic and outcome', ['topic', 'outcome']);
  const mHeld = gauge(ctx.telemetry.registry, 'aiops_console_view_held', 'groups and alerts held in memory', ['kind']);
  const mUploads = counter(ctx.telemetry.registry, 'aiops_console_cmdb_uploads_total', 'CMDB uploads by outcome', ['outcome']);
  const kafka = kafkaFor(ctx);

  function apply(rec: ConsumedRecord): void {
    if (rec.key === null) return;
    if (rec.value === null) {
      items.delete(rec.key);
      mIn.inc({ topic: 'cmdb', outcome: 'tombstone' });
      return;
    }
    const d = decodeJson(rec, ConfigurationItem);
    mIn.inc({ topic: 'cmdb', outcome: d.ok ? 'ok' : 'invalid' });
    if (d.ok) items.set(rec.key, d.value);
  }
  const view = createTopicView(ctx, { name: 'cmdb', kafka: kafka.client, topics: [topic], apply, afterBatch: () => mHeld.set({ kind: 'cis' }, items.size) });
  app.addHook('onReady', async () => view.start());
  app.addHook('onClose', async () => {
    await view.stop();
    await kafka.release();
  });

  // Uploads are text (the parsers report line numbers), in this plugin's scope only.
  app.removeAllContentTypeParsers();
  // text/plain, form-encoded (curl --data-binary without -H) and octet-stream bodies are sniffed: JSON if it starts with [ or {, else CSV
  for (const type of ['application/json', 'text/csv', 'application/csv', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
  }

  async function publish(records: OutRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += SEND_CHUNK) await ctx.publish(records.slice(i, i + SEND_CHUNK));
  }

  /** currentIds reads the topic to its end (exact, unlike the view that may lag): ids whose latest value is not a tombstone. */
  async function currentIds(): Promise<Set<string>> {
    const live = new Set<string>();
    for (const r of await kafka.client.readAll(topic, { timeoutMs: 30_000 })) {
      if (r.key === null) continue;
      if (r.value === null) live.delete(r.key);
      else live.add(r.key);
    }
    return live;
  }

  app.post('/api/v1/cmdb/items', { ...admin, bodyLimit }, async (req, reply) => {
    const q = parse(UploadQuery, req.query);
    const ct = String(req.headers['content-type'] ?? '').toLowerCase();
    const text = typeof req.body === 'string' ? req.body : '';
    const format = formatOf(q.format, ct, text);
    const parsed = format === 'csv' ? parseCmdbCsv(text) : parseCmdbJson(text);
    const errors = parsed.errors.filter((e) => e.warning !== true);
    const warnings = parsed.errors.filter((e) => e.warning === true);
    if (errors.length > 0 || parsed.items.length === 0) {
      mUploads.inc({ outcome: 'invalid' });
      const problems = errors.length > 0 ? errors.map(problem) : [{ line: null, index: -1, field: null, message: 'the upload contains no configuration items' }];
      const first = problems[0];
      void reply.status(400);
      return {
        error: {
          code: CMDB_UPLOAD_INVALID,
          message: `CMDB upload refused, nothing published: ${problems.length} problem(s); first: ${first?.line !== null && first?.line !== undefined ? `line ${first.line}: ` : ''}${first?.field ? `${first.field}: ` : ''}${first?.message ?? ''}`,
          ...(first?.field ? { field: first.field } : {}),
          problems,
        },
        warnings: warnings.map(problem),
      };
    }
    const uploaded = new Set(parsed.items.map((c) => c.id));
    const deletions = q.mode === 'replace' ? [...(await currentIds())].filter((id) => !uploaded.has(id)).sort() : [];
    const records: OutRecord[] = parsed.items.map((c) => ({ topic, key: c.id, value: JSON.stringify(c) }));
    for (const id of deletions) records.push({ topic, key: id, value: null });
    await publish(records);
    mUploads.inc({ outcome: 'accepted' });
    ctx.telemetry.logger.info({ format, mode: q.mode, upserted: parsed.items.length, deleted: deletions.length, actor: req.principal?.name }, 'CMDB upload published');
    void reply.status(202);
    return { format, mode: q.mode, upserted: parsed.items.length, deleted: deletions.length, deletedIds: deletions.slice(0, 1000), warnings: warnings.map(problem) };
  });

  app.delete<{ Params: { id: string } }>('/api/v1/cmdb/items/:id', admin, async (req, reply) => {
    const id = req.params.id;
    if (id === '') throw ValidationFailed('empty CI id', 'id');
    const known = items.has(id);
    await ctx.publish([{ topic, key: id, value: null }]);
    void reply.status(202);
    return { id, deleted: true, known };
  });

  app.get('/api/v1/cmdb/items', viewer, async (req) => {
    const q = parse(ListQuery, req.query);
    const limit = Math.min(q.limit, ctx.config.console.maxPageSize);
    const needle = q.q?.toLowerCase();
    const all = [...items.values()].filter((c) => (q.type === undefined || c.type === q.type) && (needle === undefined || c.id.toLowerCase().includes(needle) || c.name.toLowerCase().includes(needle)));
    all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { items: all.slice(q.offset, q.offset + limit), total: all.length, limit, offset: q.offset, caughtUp: view.caughtUp };
  });

  app.get<{ Params: { id: string } }>('/api/v1/cmdb/items/:id', viewer, async (req) => {
    const c = items.get(req.params.id);
    if (c === undefined) throw NotFound(`configuration item ${req.params.id}`);
    const dependents = [...items.values()].filter((x) => x.relations.some((r) => r.target === c.id)).map((x) => ({ id: x.id, relations: x.relations.filter((r) => r.target === c.id).map((r) => r.type) }));
    return { item: c, dependents };
  });
};
