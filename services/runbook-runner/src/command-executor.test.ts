import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAction, loadCatalog, type RenderedAction } from '@aiops/runbook';
import { executeCommand } from './command-executor.js';

const HOSTILE = [`a"b'c`, 'x; touch PWNED1', '$(touch PWNED2)', '`touch PWNED3`', 'l1\nl2 && touch PWNED4', '../../etc/passwd', '| touch PWNED5', 'x'.repeat(50_000)];

function cmd(args: string[], over: Partial<Extract<RenderedAction, { type: 'command' }>> = {}): Extract<RenderedAction, { type: 'command' }> {
  return { type: 'command', name: 'c', file: process.execPath, args, env: {}, successExitCodes: [0], retryableExitCodes: [], timeoutMs: undefined, ...over };
}

const never = new AbortController().signal;

describe('executeCommand', () => {
  it('passes hostile values as separate arguments and env, never through a shell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rbcmd-'));
    const rb = loadCatalog([{ path: 'c.yaml', text: `
id: c
description: c
match: {}
params: { v: { from: alert.labels.v, maxLength: 4096 } }
actions:
  - type: command
    name: echo
    argv: ['${process.execPath}', '-e', 'process.stdout.write(JSON.stringify({argv: process.argv.slice(1), env: process.env.VALUE}))', '{{params.v}}', 'x={{params.v}}']
    env: { VALUE: '{{params.v}}' }
` }]).byId.get('c')!;
    for (const v of HOSTILE) {
      const a = renderAction(rb.actions[0]!, { params: { v }, request: { id: 'r', incidentId: 'i', runbookId: 'c', ciId: '' }, settings: {} }, 0);
      if (a.type !== 'command') throw new Error('expected command');
      const r = await executeCommand(a, { file: a.file, cwd: dir, path: '/usr/bin:/bin', timeoutMs: 10_000, maxBytes: 1_000_000, signal: never });
      expect(r.ok).toBe(true);
      const seen = JSON.parse(r.output) as { argv: string[]; env: string };
      expect(seen.argv).toEqual([v, `x=${v}`]);
      expect(seen.env).toBe(v);
    }
    expect(readdirSync(dir)).toEqual([]); // no PWNED file: nothing was interpreted
  });

  it('gives the child only PATH and its own env', async () => {
    process.env.AIOPS_SECRET_FOR_TEST = 'leak';
    const r = await executeCommand(cmd(['-e', 'process.stdout.write(Object.keys(process.env).sort().join(","))'], { env: { A: '1' } }), { file: process.execPath, cwd: tmpdir(), path: '/usr/bin:/bin', timeoutMs: 10_000, maxBytes: 10_000, signal: never });
    delete process.env.AIOPS_SECRET_FOR_TEST;
    expect(r.output).toBe('A,PATH');
  });

  it('kills the whole process group on timeout and bounds the output', async () => {
    const t0 = Date.now();
    const r = await executeCommand(cmd(['-e', 'process.stdout.write("y".repeat(5000)); require("child_process").spawn("sleep", ["30"], {stdio: "ignore"}); setTimeout(() => {}, 30000)']), { file: process.execPath, cwd: tmpdir(), path: '/usr/bin:/bin', timeoutMs: 700, maxBytes: 100, signal: never });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r).toMatchObject({ ok: false, retryable: false, detail: 'timeout after 700 ms: killed' });
    expect(r.output.startsWith('y'.repeat(100))).toBe(true);
    expect(r.output).toMatch(/more bytes not kept/);
  });

  it('interprets exit codes: success, retryable, failure, cannot start', async () => {
    const run = (code: number) => executeCommand(cmd(['-e', `process.exit(${code})`], { retryableExitCodes: [75] }), { file: process.execPath, cwd: tmpdir(), path: '', timeoutMs: 10_000, maxBytes: 100, signal: never });
    expect(await run(0)).toMatchObject({ ok: true, detail: 'exit 0' });
    expect(await run(75)).toMatchObject({ ok: false, retryable: true, detail: 'exit 75' });
    expect(await run(1)).toMatchObject({ ok: false, retryable: false, detail: 'exit 1' });
    expect(await executeCommand(cmd([]), { file: '/nonexistent/x', cwd: tmpdir(), path: '', timeoutMs: 1000, maxBytes: 100, signal: never })).toMatchObject({ ok: false, detail: expect.stringMatching(/cannot start/) });
  });
});

describe('clear-disk.sh (example script)', () => {
  const script = resolve(import.meta.dirname, '../../../deploy/examples/runbooks/scripts/clear-disk.sh');
  function setup() {
    const base = mkdtempSync(join(tmpdir(), 'rbdisk-'));
    const root = join(base, 'root');
    mkdirSync(join(root, 'cache'), { recursive: true });
    writeFileSync(join(base, 'outside.log'), 'keep');
    for (const f of ['old.log', 'new.log']) writeFileSync(join(root, 'cache', f), 'x');
    const old = new Date(Date.now() - 3 * 3600_000);
    utimesSync(join(root, 'cache', 'old.log'), old, old);
    utimesSync(join(base, 'outside.log'), old, old);
    return { base, root };
  }
  const run = (root: string, dir: string) =>
    executeCommand(cmd(['--root', root, '--older-than-minutes', '60', '--', dir]), { file: script, cwd: tmpdir(), path: '/usr/local/bin:/usr/bin:/bin', timeoutMs: 10_000, maxBytes: 10_000, signal: never });

  it('deletes only old files below the root', async () => {
    const { root } = setup();
    const r = await run(root, 'cache');
    expect(r).toMatchObject({ ok: true });
    expect(r.output).toMatch(/deleted 1 file/);
    expect(readdirSync(join(root, 'cache'))).toEqual(['new.log']);
  });

  it.each(['..', '../', 'cache/../..', '/etc', '$(touch PWNED)', 'cache; touch PWNED'])('refuses %j and deletes nothing outside', async (dir) => {
    const { base, root } = setup();
    const r = await run(root, dir);
    expect(r.ok).toBe(false);
    expect(existsSync(join(base, 'outside.log'))).toBe(true);
    expect(existsSync(join(root, 'PWNED'))).toBe(false);
    expect(existsSync(join(root, 'cache', 'old.log'))).toBe(true);
  });
});
