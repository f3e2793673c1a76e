import { describe, expect, it } from 'vitest';
import { DEFAULT_DRIFT, driftCmdb } from './drift.js';
import { generateShop } from './shop.js';

describe('driftCmdb (--transform stale)', () => {
  const shop = generateShop({ seed: 7, size: 300, shape: 'three-tier' });
  const relations = (cis: typeof shop.cis): number => cis.reduce((n, ci) => n + ci.relations.length, 0);

  it('is deterministic for a seed and leaves the real estate untouched', () => {
    const before = JSON.stringify(shop.cis);
    const a = driftCmdb(shop.cis, { ...DEFAULT_DRIFT, seed: 1 });
    expect(JSON.stringify(driftCmdb(shop.cis, { ...DEFAULT_DRIFT, seed: 1 }))).toBe(JSON.stringify(a));
    expect(JSON.stringify(driftCmdb(shop.cis, { ...DEFAULT_DRIFT, seed: 2 }))).not.toBe(JSON.stringify(a));
    expect(JSON.stringify(shop.cis)).toBe(before);
  });

  it.each([
    ['drops relations', { dropRelations: 0.5, wrongRelations: 0, renamed: 0, missingMachines: 0 }],
    ['renames CIs', { dropRelations: 0, wrongRelations: 0, renamed: 0.5, missingMachines: 0 }],
    ['forgets machines', { dropRelations: 0, wrongRelations: 0, renamed: 0, missingMachines: 0.5 }],
    ['adds wrong relations', { dropRelations: 0, wrongRelations: 0.2, renamed: 0, missingMachines: 0 }],
  ])('%s, and only that', (_name, d) => {
    const out = driftCmdb(shop.cis, { ...d, seed: 3 });
    const ids = new Set(out.map((ci) => ci.id));
    const renamed = out.filter((ci) => ci.name !== shop.cis.find((c) => c.id === ci.id)!.name).length;
    const total = relations(shop.cis);
    // no relation points at a CI the drifted CMDB lacks
    expect(out.every((ci) => ci.relations.every((r) => ids.has(r.target)))).toBe(true);
    if (d.dropRelations > 0) expect(relations(out)).toBeLessThan(total * 0.6);
    if (d.wrongRelations > 0) expect(relations(out)).toBeGreaterThan(total * 1.1);
    if (d.dropRelations === 0 && d.wrongRelations === 0 && d.missingMachines === 0) expect(relations(out)).toBe(total);
    if (d.renamed > 0) expect(renamed).toBeGreaterThan(shop.cis.length * 0.3);
    else expect(renamed).toBe(0);
    if (d.missingMachines > 0) expect(out.length).toBeLessThan(shop.cis.length);
    else expect(out.length).toBe(shop.cis.length);
  });

  it('a rename without trace drops the old name from aliases and attributes but keeps the IP', () => {
    const out = driftCmdb(shop.cis, { dropRelations: 0, wrongRelations: 0, renamed: 1, missingMachines: 0, seed: 5 });
    const traceless = out.filter((ci) => {
      const old = shop.cis.find((c) => c.id === ci.id)!;
      return ci.type === 'host' && ci.name.startsWith('srv-') && !ci.aliases.includes(old.name);
    });
    expect(traceless.length).toBeGreaterThan(0);
    for (const ci of traceless) {
      const old = shop.cis.find((c) => c.id === ci.id)!;
      expect(JSON.stringify([ci.aliases, ci.attributes]).toLowerCase()).not.toContain(old.name.toLowerCase());
      expect(ci.aliases).toContain(String(old.attributes['ip']));
    }
  });
});
