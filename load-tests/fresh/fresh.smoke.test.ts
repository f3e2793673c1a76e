import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigurationItem, Event } from '@aiops/model';
import { loadEngine } from '../quality/engine.js';
import { score, truthGroups } from '../quality/scorer.js';
import { buildWorld, runFresh } from './bench.js';
import { FRESH_SCENARIOS, FRESH_SMOKE, withSeedOffset, type FreshScenario } from './suite.js';

const digest = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex');
const here = dirname(fileURLToPath(import.meta.url));
const small = (shop: FreshScenario['shop'], cmdb: FreshScenario['cmdb'] = 'full'): FreshScenario => ({ ...FRESH_SMOKE, shop, cmdb, size: 400, storm: { ...FRESH_SMOKE.storm, durationMs: shop === 'bank' ? 8 * 3_600_000 : 3_600_000 } });

describe('fresh storm generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = buildWorld(FRESH_SMOKE);
    const b = buildWorld(FRESH_SMOKE);
    expect(digest(a.storm.events)).toBe(digest(b.storm.events));
    expect(digest(a.storm.truth)).toBe(digest(b.storm.truth));
    expect(digest(a.cmdb)).toBe(digest(b.cmdb));
    expect(digest(buildWorld(withSeedOffset(FRESH_SMOKE, 1)).storm.events)).not.toBe(digest(a.storm.events));
  });

  it('is written apart from the other suites (imports only the scorer, baseline, runner, history, PRNG and command line of ../quality, nothing of ../heldout)', () => {
    for (const f of readdirSync(here).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(join(here, f), 'utf8');
      for (const m of src.matchAll(/from '(\.\.\/[^']+)'/g)) {
        expect(m[1], f).toMatch(/^\.\.\/quality\/(scorer|baseline|engine|history|prng|table|suite-cli)\.js$/);
      }
      expect(src, f).not.toMatch(/heldout\//);
    }
  });

  it.each([['telco', 'full'], ['bank', 'full'], ['mesh', 'full'], ['mesh', 'none']] as const)('builds a valid %s CMDB (%s) and a storm of normalised events with a consistent truth', (shop, cmdb) => {
    const w = buildWorld(small(shop, cmdb));
    const ids = new Set(w.view.cis.map((c) => c.id));
    for (const ci of w.cmdb) {
      expect(() => ConfigurationItem.parse(ci)).not.toThrow();
      for (const r of ci.relations) expect(ids.has(r.target)).toBe(true);
    }
    let last = 0;
    const sources = new Set<string>();
    for (const e of w.storm.events) {
      expect(() => Event.parse(e)).not.toThrow();
      expect(e.receivedAt).toBeGreaterThanOrEqual(last);
      last = e.receivedAt;
      expect(w.storm.truth).toHaveProperty([e.fingerprint]);
      sources.add(e.source);
    }
    expect(sources.size).toBeGreaterThanOrEqual(shop === 'bank' ? 3 : 2);
    const truths = Object.values(w.storm.truth);
    expect(truths.some((t) => t === null)).toBe(true);
    // every failure's root is a CI the CMDB view knows, and every truth entry names a real failure with that root
    const failures = new Map(w.storm.failures.map((f) => [f.id, f]));
    for (const t of truths) {
      if (!t) continue;
      expect(ids.has(t.rootCauseCi)).toBe(true);
      expect(failures.get(t.failureId)?.rootCauseCi).toBe(t.rootCauseCi);
    }
    expect(new Set(truths.filter((t) => t).map((t) => t?.failureId)).size).toBeGreaterThan(1);
    // one identity per fingerprint: the generator fails loudly otherwise; here: every fingerprint has a key
    expect(w.storm.keyOf.size).toBe(Object.keys(w.storm.truth).length);
  });

  it('a link failure is reported by both ends, and a job abend makes downstream jobs late hours later', () => {
    const telco = buildWorld({ ...small('telco'), storm: { ...small('telco').storm, failures: 30 } });
    const cut = telco.storm.failures.find((f) => f.kind === 'fiber-cut' && Object.values(telco.storm.truth).filter((t) => t?.failureId === f.id).length >= 3);
    expect(cut).toBeDefined();
    const ends = new Set(Object.entries(telco.storm.truth).filter(([, t]) => t?.failureId === cut?.id).map(([fp]) => telco.storm.ciOf.get(fp)));
    expect(ends.size).toBeGreaterThanOrEqual(2);
    const bank = buildWorld({ ...small('bank'), storm: { ...small('bank').storm, failures: 20 } });
    const spans = bank.storm.failures.filter((f) => f.kind === 'job-abend').map((f) => {
      const at = bank.storm.events.filter((e) => bank.storm.truth[e.fingerprint]?.failureId === f.id).map((e) => e.receivedAt);
      return at.length > 0 ? Math.max(...at) - Math.min(...at) : 0;
    });
    expect(Math.max(...spans)).toBeGreaterThan(60 * 60_000);
  });

  it('a stale CMDB misses relations and CIs', () => {
    const full = buildWorld({ ...FRESH_SMOKE, cmdb: 'full' });
    const stale = buildWorld(FRESH_SMOKE);
    const rels = (w: typeof full): number => w.cmdb.reduce((n, c) => n + c.relations.length, 0);
    expect(rels(stale)).toBeLessThan(rels(full) * 0.8);
    expect(stale.view.known.size).toBeLessThan(full.view.known.size);
  });

  it('scores the truth itself perfectly and runs the engine and the baseline end to end', async () => {
    const w = buildWorld(FRESH_SMOKE);
    const ideal = score(truthGroups(w.storm.truth), w.storm.truth);
    expect(ideal.f1).toBe(1);
    expect(ideal.rootCauseTop1).toBe(1);
    const { runner } = await loadEngine({});
    const r = runFresh(FRESH_SMOKE, runner);
    expect(r.alerts).toBeGreaterThan(20);
    expect(r.baseline.f1).toBeGreaterThanOrEqual(0);
    if (runner) {
      expect(r.engine?.f1 ?? 0).toBeGreaterThan(0);
      expect(r.outcomes?.length).toBe(r.failures);
    }
  });

  it('every scenario names a distinct shape and seed', () => {
    expect(new Set(FRESH_SCENARIOS.map((s) => s.name)).size).toBe(FRESH_SCENARIOS.length);
    expect(new Set(FRESH_SCENARIOS.map((s) => s.storm.seed)).size).toBe(FRESH_SCENARIOS.length);
  });
});
