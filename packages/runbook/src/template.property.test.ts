import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderArgv, renderHeaderValue, renderJson, renderUrl, type TemplateContext } from './template.js';

// Property tests: for ANY string a param may hold, the rendered output keeps it in its slot or refuses it.

const ctx = (v: string): TemplateContext => ({
  params: { v },
  request: { id: 'r', incidentId: 'i', runbookId: 'rb', ciId: 'c' },
  settings: { base: 'https://api.example:8443' },
});
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('..', '.', '%2e%2e', '\r\n', '$(id)', '`id`', "'\";|&", '../../x'));

describe('template properties', () => {
  it('a URL keeps its origin, its segment count and its query keys; the value decodes back', () => {
    fc.assert(
      fc.property(anyString, (v) => {
        let url: URL;
        try {
          url = renderUrl('{{settings.base}}/a/{{params.v}}/b?q={{params.v}}', ctx(v));
        } catch {
          return v === '.' || v === '..' || v.includes('\u0000') || /[\uD800-\uDFFF]/.test(v);
        }
        const segs = url.pathname.split('/');
        return (
          url.origin === 'https://api.example:8443' && segs.length === 4 && segs[1] === 'a' && segs[3] === 'b' &&
          decodeURIComponent(segs[2]!) === v && [...url.searchParams.keys()].join() === 'q' && url.searchParams.get('q') === v && url.hash === ''
        );
      }),
      { numRuns: 500 },
    );
  });

  it('a header value never holds CR, LF or other control characters', () => {
    fc.assert(
      fc.property(anyString, (v) => {
        try {
          return /^[\x20-\x7E\t]*$/.test(renderHeaderValue('x {{params.v}}', ctx(v), 'h'));
        } catch {
          return /[^\x20-\x7E\t]/.test(v);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('JSON and argv keep the value whole and in place', () => {
    fc.assert(
      fc.property(anyString, (v) => {
        if (v.includes('\u0000')) return true;
        const back = JSON.parse(JSON.stringify(renderJson({ k: '{{params.v}}', n: 1 }, ctx(v), 'b'))) as Record<string, unknown>;
        const argv = renderArgv(['/bin/tool', 'x={{params.v}}', '--', 'y{{params.v}}'], ctx(v));
        expect(back).toEqual({ k: v, n: 1 });
        expect(argv).toEqual(['/bin/tool', `x=${v}`, '--', `y${v}`]);
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
