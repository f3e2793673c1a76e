import { describe, expect, it } from 'vitest';
import { createCmdbGraph } from './graph.js';
import { createCmdbSync } from './sync.js';

const ci = (id: string, name = id) => JSON.stringify({ id, name, type: 'host' });

describe('createCmdbSync', () => {
  it('follows the table view of the topic: upserts changes, removes tombstoned and vanished CIs, skips bad JSON', () => {
    const graph = createCmdbGraph();
    const sync = createCmdbSync(graph);
    expect(sync.apply(new Map([['a', ci('a')], ['b', ci('b')], ['bad', '{not json']]))).toEqual({ changed: 2, invalid: 1 });
    expect(graph.size).toBe(2);
    const v = graph.version;
    expect(sync.apply(new Map([['a', ci('a')], ['b', ci('b')]]))).toEqual({ changed: 0, invalid: 0 });
    expect(graph.version).toBe(v); // nothing changed: caches kept
    expect(sync.apply(new Map([['a', ci('a', 'renamed')], ['b', null]]))).toEqual({ changed: 2, invalid: 0 });
    expect(graph.get('a')?.name).toBe('renamed');
    expect(graph.get('b')).toBeUndefined();
    expect(sync.apply(new Map())).toEqual({ changed: 1, invalid: 0 });
    expect(graph.size).toBe(0);
  });
});
