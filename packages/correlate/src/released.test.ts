import { describe, expect, it } from 'vitest';
import { RELEASED } from './released.js';

describe('RELEASED', () => {
  it('throws on any use', () => {
    expect(() => RELEASED.get('x')).toThrow(/released/);
    expect(() => RELEASED.has('x')).toThrow(/released/);
    expect(() => RELEASED.size).toThrow(/released/);
    expect(() => [...RELEASED]).toThrow(/released/);
    expect(() => RELEASED.set('x', undefined as never)).toThrow(/released/);
  });
});
