import { describe, expect, it } from 'vitest';
import { createRecentOnsets } from './recent-onsets.js';

/** a, b and c need hub; c also needs db. */
function topology(): { version: number; edges: Record<string, string[]>; upstreamOf(id: string): Array<{ id: string }> } {
  return {
    version: 1,
    edges: { a: ['hub'], b: ['hub'], c: ['hub', 'db'] },
    upstreamOf(id) {
      return (this.edges[id] ?? []).map((x) => ({ id: x }));
    },
  };
}

describe('recent onsets', () => {
  const W = 1000;
  it.each([
    { name: 'counts distinct dependents with an onset in the window', bumps: [['a', 100, 100], ['b', 150, 150], ['a', 160, 160]], now: 200, hub: 2, db: 0 },
    { name: 'an onset leaves the window', bumps: [['a', 100, 100], ['c', 1500, 1500]], now: 1500, hub: 1, db: 1 },
    { name: 'a later onset keeps the CI in the window', bumps: [['a', 100, 100], ['a', 900, 900]], now: 1500, hub: 1, db: 0 },
    { name: 'an onset already out of the window when it arrives is not counted', bumps: [['b', 100, 1200]], now: 1200, hub: 0, db: 0 },
  ] as Array<{ name: string; bumps: Array<[string, number, number]>; now: number; hub: number; db: number }>)('$name', ({ bumps, now, hub, db }) => {
    const r = createRecentOnsets(topology(), W);
    for (const [ci, onset, at] of bumps) r.bump(ci, onset, at);
    expect(r.dependentsBound('hub', now)).toBe(hub);
    expect(r.dependentsBound('db', now)).toBe(db);
  });

  it('counts along the current relations after the topology changed', () => {
    const topo = topology();
    const r = createRecentOnsets(topo, W);
    r.bump('a', 100, 100);
    topo.edges['a'] = ['db'];
    topo.version++;
    expect(r.dependentsBound('hub', 200)).toBe(0);
    expect(r.dependentsBound('db', 200)).toBe(1);
  });
});
