import { describe, expect, it } from 'vitest';
import { stableId } from './ids.js';

describe('stableId', () => {
  // ids are persisted and compared across releases: these are the values of the first implementation
  it.each([
    { prefix: 'al_', parts: ['fp-1'], id: 'al_d0449be798adb8cf5c0dd442e66b588d' },
    { prefix: 'grp_', parts: ['global', 'al_x', 2, 1700000000000], id: 'grp_ef7c9f1ac1be7751402c90426e7dc142' },
    { prefix: 'x_', parts: ['é☃'], id: 'x_f17bf2f27ceaa0a92e3215260d00de03' },
  ])('$id', ({ prefix, parts, id }) => {
    expect(stableId(prefix, ...parts)).toBe(id);
  });
});
