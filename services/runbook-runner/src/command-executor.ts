import { spawn } from 'node:child_process';
import type { RenderedAction } from '@aiops/runbook';
import { BoundedBuffer, type AttemptResult } from './attempt.js';

type CommandRendered = Extract<RenderedAction, { type: 'command' }>;

/**
 * executeCommand runs an allowlisted executable with an argv array and `shell: false`: values are
 * separate arguments or environment variables and are never parsed by a shell. The child gets only
 * PATH and the runbook's env, runs in its own process group and the whole group is SIGKILLed on timeout
 * or on stop. The caller has resolved `file` against the allowlist.
 */
export function executeCommand(
  a: CommandRendered,
  opts: { file: string; cwd: string; path: string; timeoutMs: number; maxBytes: number; signal: AbortSignal },
): Promise<AttemptResult> {
  return new Promise((resolve) => {
    const out = new BoundedBuffer(opts.maxBytes);
    let settled = false;
    let killedFor: 'timeout' | 'stop' | null = null;
    const child = spawn(opts.file, [...a.args], {
      shell: false,
      cwd: opts.cwd,
      env: { PATH: opts.path, ...a.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const kill = (why: 'timeout' | 'stop') => {
      if (killedFor !== null || child.pid === undefined) return;
      killedFor = why;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => kill('timeout'), opts.timeoutMs);
    const onStop = () => kill('stop');
    opts.signal.addEventListener('abort', onStop, { once: true });
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => out.push(d));
    const finish = (r: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onStop);
      resolve(r);
    };
    child.once('error', (err: NodeJS.ErrnoException) => {
      finish({ ok: false, retryable: false, detail: `cannot start ${a.file}: ${err.code ?? 'error'}`, output: '' });
    });
    child.once('close', (code, signal) => {
      if (killedFor === 'timeout') return finish({ ok: false, retryable: false, detail: `timeout after ${opts.timeoutMs} ms: killed`, output: out.text() });
      if (killedFor === 'stop') return finish({ ok: false, retryable: false, detail: 'interrupted: runner stopping', output: out.text() });
      if (code === null) return finish({ ok: false, retryable: false, detail: `killed by ${signal ?? 'signal'}`, output: out.text() });
      const ok = a.successExitCodes.includes(code);
      finish({ ok, retryable: !ok && a.retryableExitCodes.includes(code), detail: `exit ${code}`, output: out.text() });
    });
  });
}
