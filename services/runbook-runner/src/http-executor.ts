import type { RenderedAction } from '@aiops/runbook';
import { BoundedBuffer, type AttemptResult } from './attempt.js';

type HttpRendered = Extract<RenderedAction, { type: 'http' }>;

const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

/**
 * executeHttp makes one HTTP call with a timeout, never follows redirects (a redirect could send the
 * call elsewhere), and keeps at most `maxBytes` of the response. A timeout is retryable only for
 * idempotent methods: a POST that timed out may have done its work.
 */
export async function executeHttp(a: HttpRendered, opts: { timeoutMs: number; maxBytes: number; signal: AbortSignal }): Promise<AttemptResult> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = AbortSignal.any([timeout, opts.signal]);
  let res: Response;
  try {
    res = await fetch(a.url, { method: a.method, headers: a.headers, body: a.body, redirect: 'manual', signal });
  } catch (err) {
    if (opts.signal.aborted) return { ok: false, retryable: false, detail: 'interrupted: runner stopping', output: '' };
    if (timeout.aborted) return { ok: false, retryable: IDEMPOTENT.has(a.method), detail: `timeout after ${opts.timeoutMs} ms`, output: '' };
    const code = (err as { cause?: { code?: string } }).cause?.code ?? 'network error';
    // the request never got an answer; connection refused/reset before sending is safe to retry
    return { ok: false, retryable: true, detail: `HTTP call failed: ${code}`, output: '' };
  }
  const buf = new BoundedBuffer(opts.maxBytes);
  try {
    if (res.body !== null) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf.push(Buffer.from(value));
        if (buf.full) {
          await reader.cancel();
          break;
        }
      }
    }
  } catch {
    // body cut short (timeout while reading): the status is what we interpret
  }
  const ok = a.successStatus !== undefined ? a.successStatus.includes(res.status) : res.status >= 200 && res.status < 300;
  const retryable = !ok && (res.status === 408 || res.status === 429 || res.status >= 500);
  return { ok, retryable, detail: `HTTP ${res.status}`, output: buf.text() };
}
