import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigurationItem, Event } from '@aiops/model';
import { loadEngine } from '../quality/engine.js';
import { score, truthGroups } from '../quality/scorer.js';
import { buildWorld, runHeldout } from './bench.js';
import { HELDOUT_SMOKE, withSeedOffset, type HeldoutScenario } from './suite.js';

const digest = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex');
const here = dirname(fileURLToPath(import.meta.url));

describe('held-out storm generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = buildWorld(HELDOUT_SMOKE);
    const b = buildWorld(HELDOUT_SMOKE);
    expect(digest(a.outage.events)).toBe(digest(b.outage.events));
    expect(digest(a.outage.truth)).toBe(digest(b.outage.truth));
    expect(digest(a.cmdb)).toBe(digest(b.cmdb));
    expect(digest(buildWorld(withSeedOffset(HELDOUT_SMOKE, 1)).outage.events)).not.toBe(digest(a.outage.events));
  });

  it('is written apart from the tuned generator (imports neither shop, storm, templates nor generator)', () => {
    for (const f of readdirSync(here).filter((n) => n.endsWith('.ts'))) {
      expect(readFileSync(join(here, f), 'utf8'), f).not.toMatch(/from '\.\.\/quality\/(shop|storm|templates|generator|bench|scenarios)\.js'/);
    }
  });

  it.each(['network', 'platform', 'cloud'] as const)('builds a valid %s CMDB and a storm of normalised events with a consistent truth', (shape) => {
    const s: HeldoutScenario = { ...HELDOUT_SMOKE, estate: { ...HELDOUT_SMOKE.estate, shape, size: 300 } };
    const w = buildWorld(s);
    const ids = new Set(w.cmdb.map((c) => c.id));
    for (const ci of w.cmdb) {
      expect(() => ConfigurationItem.parse(ci)).not.toThrow();
      for (const r of ci.relations) expect(ids.has(r.target)).toBe(true);
    }
    let last = 0;
    for (const e of w.outage.events) {
      expect(() => Event.parse(e)).not.toThrow();
      expect(e.receivedAt).toBeGreaterThanOrEqual(last);
      last = e.receivedAt;
      expect(w.outage.truth).toHaveProperty([e.fingerprint]);
    }
    const truths = Object.values(w.outage.truth);
    expect(truths.some((t) => t === null)).toBe(true);
    // roots are CIs the CMDB knows, so a root can be named by id
    for (const t of truths) if (t) expect(ids.has(t.rootCauseCi)).toBe(true);
    expect(new Set(truths.filter((t) => t).map((t) => t?.failureId)).size).toBeGreaterThan(1);
  });

  it('a stale CMDB misses relations and names the real estate keeps', () => {
    const full = buildWorld({ ...HELDOUT_SMOKE, cmdb: {} });
    const stale = buildWorld(HELDOUT_SMOKE);
    const rels = (w: typeof full): number => w.cmdb.reduce((n, c) => n + c.relations.length, 0);
    expect(rels(stale)).toBeLessThan(rels(full) * 0.8);
    expect(stale.cmdb.length).toBeLessThan(full.cmdb.length);
  });

  it('a shared platform service fans out to many consumers', () => {
    const w = buildWorld({ ...HELDOUT_SMOKE, estate: { seed: 3, shape: 'platform', size: 300 } });
    const dns = w.estate.assets.find((a) => a.role === 'dns');
    expect(dns).toBeDefined();
    expect((w.estate.dependents.get(dns?.id ?? '') ?? []).length).toBeGreaterThan(30);
  });

  it('scores the truth itself perfectly and runs the engine and the baseline end to end', async () => {
    const w = buildWorld(HELDOUT_SMOKE);
    const ideal = score(truthGroups(w.outage.truth), w.outage.truth);
    expect(ideal.f1).toBe(1);
    expect(ideal.rootCauseTop1).toBe(1);
    const { runner } = await loadEngine({});
    const r = runHeldout(HELDOUT_SMOKE, runner);
    expect(r.alerts).toBeGreaterThan(20);
    expect(r.baseline.f1).toBeGreaterThanOrEqual(0);
    if (runner) {
      expect(r.engine?.f1 ?? 0).toBeGreaterThan(0);
      expect(r.outcomes?.length).toBe(r.failures);
    }
  });
});
