import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { isAiopsError, errorType } from '@aiops/errors';
import { counter, histogram, type Telemetry } from '@aiops/telemetry';
import { TokenAuth, type Principal, type Role } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export interface HttpServerOptions {
  readonly telemetry: Telemetry;
  /** Max request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /** Readiness probes: /readyz answers 200 only when all return true. */
  readonly readiness?: ReadonlyArray<() => boolean | Promise<boolean>>;
  /** What a 503 of /readyz says besides `status` (e.g. a service's loading progress). */
  readonly readinessDetail?: () => Readonly<Record<string, unknown>>;
  readonly auth?: TokenAuth;
}

export interface HttpServer {
  readonly app: FastifyInstance;
  /** requireRole returns a preHandler that authenticates the bearer token and checks the role. */
  requireRole(role: Role): (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * createHttpServer builds the fastify shell every service shares: one error handler that maps
 * AiopsError to its status and code (never a stack), /healthz, /readyz, /metrics, request metrics,
 * and bearer-token auth for the routes that ask for it.
 */
export function createHttpServer(opts: HttpServerOptions): HttpServer {
  const { telemetry } = opts;
  const app = Fastify({
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    logger: false, // we log through our own pino instance, with redaction
    return503OnClosing: true,
  });
  const requests = counter(telemetry.registry, 'aiops_http_requests_total', 'HTTP requests by route and status', ['route', 'method', 'status_code']);
  const latency = histogram(telemetry.registry, 'aiops_http_request_duration_seconds', 'HTTP request latency', ['route', 'method'], [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
  const errors = counter(telemetry.registry, 'aiops_http_errors_total', 'HTTP errors by type', ['route', 'error_type']);

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ route, method: req.method, status_code: String(reply.statusCode) });
    latency.observe({ route, method: req.method }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (isAiopsError(err)) {
      if (err.statusCode >= 500) telemetry.logger.warn({ code: err.code, route }, err.message);
      errors.inc({ route, error_type: errorType(err) });
      if (err.statusCode === 503 || err.statusCode === 429) void reply.header('retry-after', '5');
      return reply.status(err.statusCode).send({ error: err.toJSON() });
    }
    const e = err as { statusCode?: number; code?: string; message?: string; validation?: unknown };
    // fastify's own client errors: body too large, bad JSON, wrong content type, …
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      errors.inc({ route, error_type: 'validation' });
      return reply.status(e.statusCode).send({ error: { code: fastifyCode(e.code), message: e.message ?? 'bad request' } });
    }
    errors.inc({ route, error_type: errorType(err) });
    telemetry.logger.error({ err, route }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'AIOPS_ERR_INTERNAL', message: 'internal error' } });
  });

  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: { code: 'AIOPS_ERR_NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    for (const probe of opts.readiness ?? []) {
      let ok = false;
      try {
        ok = await probe();
      } catch {
        ok = false;
      }
      if (!ok) return reply.status(503).send({ status: 'not ready', ...opts.readinessDetail?.() });
    }
    return { status: 'ready' };
  });
  app.get('/metrics', async (_req, reply) => {
    void reply.header('content-type', telemetry.registry.contentType);
    return telemetry.registry.metrics();
  });

  const auth = opts.auth;
  function requireRole(role: Role) {
    return async function checkRole(req: FastifyRequest): Promise<void> {
      if (auth === undefined) throw new Error('route requires auth but the server has no TokenAuth');
      const principal = auth.authenticate(req.headers.authorization);
      TokenAuth.authorize(principal, role);
      req.principal = principal;
    };
  }

  return {
    app,
    requireRole,
    async listen(port, host = '127.0.0.1') {
      return app.listen({ port, host });
    },
    async close() {
      await app.close();
    },
  };
}

/** Fastify error codes become our AIOPS_ERR_HTTP_* codes so clients see one vocabulary. */
function fastifyCode(code: string | undefined): string {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return 'AIOPS_ERR_HTTP_BODY_TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return 'AIOPS_ERR_HTTP_UNSUPPORTED_MEDIA_TYPE';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return 'AIOPS_ERR_HTTP_EMPTY_BODY';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return 'AIOPS_ERR_HTTP_BAD_CONTENT_LENGTH';
    default: return code !== undefined && code.startsWith('FST_ERR_CTP') ? 'AIOPS_ERR_HTTP_BAD_BODY' : 'AIOPS_ERR_HTTP_BAD_REQUEST';
  }
}
