import { describe, expect, it } from 'vitest';
import { renderArgv, renderEnv, renderHeaderValue, renderJson, renderUrl, checkUrlTemplate, checkTemplate, type TemplateContext } from './template.js';

const HOSTILE = [
  `a"b'c`,
  'x; rm -rf /',
  '$(touch /tmp/pwned)',
  '`id`',
  'line1\nline2',
  'cr\r\nX-Injected: 1',
  '../../etc/passwd',
  '..',
  '.',
  'a/b?c=d#e&f',
  'http://evil.example/',
  '@evil.example',
  '%2e%2e',
  'ü€ unicode',
  'x'.repeat(100_000),
];

function ctx(v: string): TemplateContext {
  return {
    params: { v },
    request: { id: 'rbr_1', incidentId: 'inc_1', runbookId: 'rb', ciId: 'ci-1' },
    settings: { base: 'http://127.0.0.1:8080', token: 'secret' },
  };
}

describe('renderUrl', () => {
  it.each(HOSTILE)('keeps %j inside one path segment or refuses it', (v) => {
    let url: URL;
    try {
      url = renderUrl('http://127.0.0.1:8080/api/services/{{params.v}}/restart?force={{params.v}}', ctx(v));
    } catch (err) {
      expect((err as { code: string }).code).toBe('AIOPS_ERR_RUNBOOK_UNSAFE_VALUE');
      expect(['..', '.']).toContain(v); // only dot segments are refused in a path
      return;
    }
    expect(url.origin).toBe('http://127.0.0.1:8080');
    const segs = url.pathname.split('/');
    expect(segs).toHaveLength(5);
    expect(segs[1]).toBe('api');
    expect(segs[2]).toBe('services');
    expect(segs[4]).toBe('restart');
    expect(decodeURIComponent(segs[3]!)).toBe(v);
    expect([...url.searchParams.keys()]).toEqual(['force']);
    expect(url.searchParams.get('force')).toBe(v);
    expect(url.hash).toBe('');
  });

  it('takes scheme and host from settings, never from params', () => {
    expect(renderUrl('{{settings.base}}/x/{{params.v}}', ctx('a b')).href).toBe('http://127.0.0.1:8080/x/a%20b');
    expect(checkUrlTemplate('http://{{params.v}}/x', new Set(['v']))).toMatch(/scheme and host/);
    expect(checkUrlTemplate('{{params.v}}/x', new Set(['v']))).toMatch(/must start/);
    expect(checkUrlTemplate('ftp://x/y', new Set())).toMatch(/must start/);
    expect(checkUrlTemplate('http://h/{{params.w}}', new Set(['v']))).toMatch(/not a declared parameter/);
    expect(checkTemplate('{{ params.v }', new Set(['v']), ['params'])).toMatch(/malformed/);
  });

  it('refuses a settings value that smuggles a path', () => {
    const c = { ...ctx('x'), settings: { base: 'http://h/evil' } };
    expect(() => renderUrl('{{settings.base}}/x', c)).toThrow(/only scheme/);
  });
});

describe('renderHeaderValue', () => {
  it.each(HOSTILE)('never lets %j add a header line', (v) => {
    try {
      const out = renderHeaderValue('Bearer {{params.v}}', ctx(v), 'h');
      expect(out).not.toMatch(/[\r\n]/);
      expect(out).toMatch(/^[\x20-\x7E\t]*$/);
    } catch (err) {
      expect((err as { code: string }).code).toBe('AIOPS_ERR_RUNBOOK_UNSAFE_VALUE');
      expect(/[^\x20-\x7E\t]/.test(v) || v.length > 8000).toBe(true);
    }
  });
});

describe('renderJson', () => {
  it.each(HOSTILE)('keeps %j a JSON string value', (v) => {
    const out = JSON.stringify(renderJson({ service: '{{params.v}}', note: 'pre-{{params.v}}', n: 3, nested: ['{{request.ciId}}'] }, ctx(v), 'body'));
    const back = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['service', 'note', 'n', 'nested']);
    expect(back.service).toBe(v);
    expect(back.note).toBe(`pre-${v}`);
    expect(back.nested).toEqual(['ci-1']);
  });
});

describe('renderArgv / renderEnv', () => {
  it.each(HOSTILE)('keeps %j one argument, unchanged', (v) => {
    const argv = renderArgv(['/usr/bin/tool', '--service', '{{params.v}}', '--name={{params.v}}'], ctx(v));
    expect(argv).toEqual(['/usr/bin/tool', '--service', v, `--name=${v}`]);
    expect(renderEnv({ TARGET: '{{params.v}}' }, ctx(v))).toEqual({ TARGET: v });
  });
  it('refuses a value that would read as an option, and NUL bytes', () => {
    expect(() => renderArgv(['/bin/x', '{{params.v}}'], ctx('--delete-all'))).toThrow(/start an argument/);
    expect(() => renderArgv(['/bin/x', '{{params.v}}'], ctx('a\u0000b'))).toThrow(/NUL/);
    expect(() => renderArgv(['{{params.v}}'], ctx('/bin/sh'))).toThrow(/literal/);
    expect(() => renderEnv({ A: '{{params.missing}}' }, ctx('x'))).toThrow(/no value/);
  });
});
