import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateRunbooks } from './runbooks-validate.js';

describe('aiops runbooks validate', () => {
  it('accepts the shipped examples', () => {
    const r = validateRunbooks(resolve(import.meta.dirname, '../../../../deploy/examples/runbooks'));
    expect(r.ok).toBe(true);
    expect(r.lines.at(-1)).toBe('3 runbook(s) valid');
  });
  it('names file, line, field and reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rbv-'));
    writeFileSync(join(dir, 'bad.yaml'), 'id: bad\ndescription: x\nmatch: {}\nactions:\n  - type: command\n    name: run\n    argv: [/bin/sh, -c, "{{params.cmd}}"]\n');
    const r = validateRunbooks(dir, dir);
    expect(r.ok).toBe(false);
    expect(r.lines[0]).toBe('bad.yaml:7: actions[0].argv[2]: {{params.cmd}} is not a declared parameter');
  });
  it('fails on a missing or empty directory', () => {
    expect(validateRunbooks('/nonexistent/dir').ok).toBe(false);
    expect(validateRunbooks(mkdtempSync(join(tmpdir(), 'rbv-'))).ok).toBe(false);
  });
});
