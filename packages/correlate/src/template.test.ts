import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cosine, cosineSorted, templateTokens } from './template.js';

describe('cosineSorted', () => {
  it('equals cosine exactly on sorted, deduplicated token lists', () => {
    const tokens = fc.uniqueArray(fc.constantFrom('disk', 'full', 'node', 'db', 'cpu', 'high', 'latency', 'api', 'Error', 'é', 'z'), { maxLength: 8 }).map((xs) => [...xs].sort());
    fc.assert(fc.property(tokens, tokens, (a, b) => Object.is(cosineSorted(a, b), cosine(a, b))));
  });

  it('scores templates as cosine does', () => {
    const a = templateTokens('Disk space low on <n> (var partition used)');
    const b = templateTokens('Disk space low on node <n>: data partition used');
    expect(cosineSorted(a, b)).toBe(cosine(a, b));
    expect(cosineSorted(a, a)).toBe(1);
    expect(cosineSorted(a, [])).toBe(0);
  });
});
