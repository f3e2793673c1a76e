import type { FastifyInstance, FastifyRequest } from 'fastify';

/** RawBody is what the gateway's content-type parser hands the route: bytes, never a parsed object. */
export interface RawBody {
  readonly kind: 'raw-body';
  /** The body, or its first `keepBytes` when it was larger than the limit. */
  readonly bytes: Buffer;
  /** Total bytes received (counting past the limit). */
  readonly size: number;
  readonly tooLarge: boolean;
  /** Lower-case media type without parameters ('' when no Content-Type was sent). */
  readonly mediaType: string;
  readonly contentType: string;
}

/** Media types the events route accepts; anything else is 415 (and its body goes to the DLQ). */
export const JSON_MEDIA_TYPES: ReadonlySet<string> = new Set(['application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json']);

export function isRawBody(x: unknown): x is RawBody {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'raw-body';
}

/**
 * registerRawBodyParser replaces JSON parsing in this (encapsulated) context with one catch-all parser
 * that only collects bytes, with our own size limit. Fastify would refuse a big body or an unknown type
 * before the handler ran; collecting here lets the route answer 413/415 itself and still write the body
 * (the first `keepBytes` of a big one) to the DLQ. Auth and rate limits run in onRequest, before this.
 */
export function registerRawBodyParser(app: FastifyInstance, opts: { limit: number; keepBytes: number }): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (req: FastifyRequest, payload, done) => {
    const contentType = req.headers['content-type'] ?? '';
    const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
    const keep = Math.max(opts.limit, 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let kept = 0;
    let tooLarge = false;
    let finished = false;
    const finish = (err: Error | null) => {
      if (finished) return;
      finished = true;
      if (err) return done(err, undefined);
      const all = Buffer.concat(chunks);
      const body: RawBody = { kind: 'raw-body', bytes: tooLarge ? all.subarray(0, opts.keepBytes) : all, size, tooLarge, mediaType, contentType };
      done(null, body);
    };
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) return; // keep draining, store nothing more
      if (size > keep) {
        tooLarge = true;
        const room = Math.max(0, opts.keepBytes - kept);
        if (room > 0) chunks.push(chunk.subarray(0, room));
        return;
      }
      chunks.push(chunk);
      kept += chunk.length;
    });
    payload.on('end', () => finish(null));
    payload.on('error', (err: Error) => finish(err));
  });
}
