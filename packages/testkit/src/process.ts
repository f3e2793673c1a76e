import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Everything the process wrote, for assertions and for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<number | null>;
  /** kill -9, no grace: a crash. */
  kill(): Promise<void>;
}

const repoRoot = resolve(import.meta.dirname, '../../..');

/**
 * startService runs a built service (`services/<name>/dist/main.js`) as a real process and waits until
 * its /readyz answers 200. Tests must run `npm run build` first (npm test does).
 */
export async function startService(
  name: string,
  opts: { env: Record<string, string>; port: number; readyTimeoutMs?: number; args?: string[] },
): Promise<ServiceProcess> {
  const main = resolve(repoRoot, 'services', name, 'dist', 'main.js');
  const child = spawn(process.execPath, [main, ...(opts.args ?? [])], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  let ready = false;
  let early: number | null | undefined;
  void exited.then((c) => (early = c));
  while (Date.now() < deadline) {
    if (early !== undefined) throw new Error(`${name} exited with ${early} before it was ready:\n${out.slice(-4000)}`);
    try {
      const r = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) {
        ready = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`${name} not ready at ${baseUrl}/readyz within the timeout:\n${out.slice(-4000)}`);
  }
  return {
    name,
    child,
    baseUrl,
    output: () => out,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** freePort asks the OS for an unused TCP port on loopback. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** waitFor polls `fn` until it returns a truthy value or the timeout passes; the message says what was awaited. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
