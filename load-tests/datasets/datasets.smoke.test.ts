import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigurationItem, Event } from '@aiops/model';
import { loadEngine } from '../quality/engine.js';
import { score, truthGroups } from '../quality/scorer.js';
import { readBack, runDataset } from './bench.js';
import { identityKey } from './core.js';
import { DATASET_SCENARIOS, DATASET_SMOKE, DATASET_SMOKE_RECURRING, generate, withSeedOffset } from './suite.js';

const digest = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex');
const here = dirname(fileURLToPath(import.meta.url));

describe('datasets suite', () => {
  it.each(DATASET_SMOKE.map((s) => [s.name, s] as const))('%s: deterministic for its seeds, different for others', (_, s) => {
    const a = generate(s);
    const b = generate(s);
    expect(digest([a.text, a.cmdbText])).toBe(digest([b.text, b.cmdbText]));
    expect(digest(generate(withSeedOffset(s, 1)).text)).not.toBe(digest(a.text));
  });

  it('is written apart from the other suites: imports only the scorer, baseline, runner, table and PRNG of ../quality', () => {
    for (const f of readdirSync(here).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(join(here, f), 'utf8');
      for (const m of src.matchAll(/from '(\.\.\/[^']+)'/g)) expect(m[1], f).toMatch(/^\.\.\/quality\/(scorer|baseline|engine|prng|table)\.js$/);
      expect(src, f).not.toMatch(/(heldout|fresh)\//);
      expect(src, f).not.toMatch(/@aiops\/correlate/);
    }
  });

  it.each(DATASET_SMOKE.map((s) => [s.name, s] as const))('%s: the replay reader reads every row and derives the generator\'s truth', (_, s) => {
    const rb = readBack(s);
    expect(rb.problems).toEqual([]);
    expect(rb.read.conflicts).toBe(0);
    const ids = new Set(rb.cis.map((c) => c.id));
    for (const c of rb.cis) {
      expect(() => ConfigurationItem.parse(c)).not.toThrow();
      for (const r of c.relations) expect(ids.has(r.target), `${c.id} -> ${r.target}`).toBe(true);
    }
    // each alert's derived incident is the owner of the episode with its identity
    const owner = new Map(rb.file.kept.map((e) => [identityKey(e), e.owner]));
    const withFingerprint = rb.file.kept.some((e) => e.fingerprint !== undefined);
    for (const e of rb.events) {
      expect(() => Event.parse(e)).not.toThrow();
      const key = withFingerprint ? e.fingerprint : identityKey({ host: e.labels.host ?? '', title: e.labels.alertname ?? '', service: e.labels.service ?? '' });
      expect(owner.has(key), key).toBe(true);
      expect(rb.truth[e.fingerprint]?.failureId ?? null).toBe(owner.get(key));
    }
    expect(Object.values(rb.truth).some((t) => t === null)).toBe(true);
    // each incident's root is the CI the generator chose (with a CMDB), else its name
    const failures = new Map(rb.file.failures.map((f) => [f.id, f]));
    let rooted = 0;
    for (const t of Object.values(rb.truth)) {
      if (!t?.rootCauseCi) continue;
      const f = failures.get(t.failureId);
      expect(t.rootCauseCi).toBe(s.topology ? f?.rootCi : f?.rootName.toLowerCase());
      rooted++;
    }
    expect(rooted).toBeGreaterThan(0);
    expect(new Set(Object.values(rb.truth).flatMap((t) => (t ? [t.failureId] : []))).size).toBeGreaterThan(2);
  });

  it('telecom alarms flood behind a cut and clear; datacenter rows recover with state OK', () => {
    const telco = readBack(DATASET_SMOKE.find((s) => s.family === 'telecom') ?? DATASET_SMOKE[0]!);
    expect(telco.events.some((e) => e.status === 'resolved')).toBe(true);
    const sizes = new Map<string, number>();
    for (const t of Object.values(telco.truth)) if (t) sizes.set(t.failureId, (sizes.get(t.failureId) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBeGreaterThanOrEqual(4);
    const dcScenario = DATASET_SMOKE.find((s) => s.family === 'datacenter') ?? DATASET_SMOKE[0]!;
    const dc = readBack(dcScenario);
    // a dead top-of-rack switch takes exactly the hosts behind it: each PING of the incident is on a host wired to it or a VM on a hypervisor that is
    const full = readBack(DATASET_SCENARIOS.find((s) => s.name === 'dc-incident-log') ?? dcScenario);
    const byId = new Map(full.cis.map((c) => [c.id, c]));
    const behind = (id: string, tor: string): boolean => (byId.get(id)?.relations ?? []).some((r) => (r.type === 'connected_to' && r.target === tor) || (r.type === 'runs_on' && behind(r.target, tor)));
    const tors = full.file.failures.filter((f) => f.kind === 'tor-switch');
    expect(tors.length).toBeGreaterThan(0);
    for (const f of tors) {
      const pings = full.events.filter((e) => e.title === 'PING' && full.truth[e.fingerprint]?.failureId === f.id);
      expect(pings.length).toBeGreaterThan(3);
      for (const e of pings) expect(behind(`host-${e.labels.host ?? ''}`, f.rootCi), `${e.labels.host} behind ${f.rootCi}`).toBe(true);
    }
    expect(dc.events.filter((e) => e.status === 'resolved').length).toBeGreaterThan(5);
    expect(dc.events.some((e) => e.severity === 'critical')).toBe(true);
  });

  it('scores the truth itself perfectly and runs the engine and the baseline end to end', async () => {
    const s = DATASET_SMOKE[0]!;
    const rb = readBack(s);
    expect(score(truthGroups(rb.truth), rb.truth).f1).toBe(1);
    const { runner } = await loadEngine({});
    const r = runDataset(s, runner);
    expect(r.alerts).toBeGreaterThan(10);
    if (runner) {
      expect(r.engine?.f1 ?? 0).toBeGreaterThan(0);
      expect(r.outcomes?.length).toBe(r.failures);
    }
  });

  it('a log where symptoms recur across incidents: each occurrence is truth of its own incident, scored where it landed', async () => {
    const rb = readBack(DATASET_SMOKE_RECURRING);
    const byFp = new Map<string, typeof rb.occurrences>();
    for (const o of rb.occurrences) byFp.set(o.fingerprint, [...(byFp.get(o.fingerprint) ?? []), o]);
    const recurring = [...byFp.values()].filter((l) => l.length > 1);
    expect(recurring.length).toBeGreaterThan(0);
    for (const l of recurring) {
      // another incident each time, after the previous occurrence's last row
      for (let i = 1; i < l.length; i++) {
        expect(l[i]?.truth?.failureId).not.toBe(l[i - 1]?.truth?.failureId);
        expect(l[i]?.from ?? 0).toBeGreaterThan(l[i - 1]?.to ?? 0);
      }
    }
    expect(Object.keys(rb.truth).length).toBe(rb.occurrences.length);
    expect(score(truthGroups(rb.truth), rb.truth).f1).toBe(1);
    const { runner } = await loadEngine({});
    const r = runDataset(DATASET_SMOKE_RECURRING, runner);
    expect(r.alerts).toBe(rb.occurrences.length);
    if (runner) expect(r.engine?.f1 ?? 0).toBeGreaterThan(0);
  });

  it('every scenario has a distinct name; a no-topology scenario is a topology scenario\'s files without the CMDB', () => {
    expect(new Set(DATASET_SCENARIOS.map((s) => s.name)).size).toBe(DATASET_SCENARIOS.length);
    const topo = DATASET_SCENARIOS.filter((s) => s.topology);
    expect(new Set(topo.map((s) => s.storm.seed)).size).toBe(topo.length);
    for (const s of DATASET_SCENARIOS.filter((x) => !x.topology)) {
      const twin = topo.find((t) => t.storm.seed === s.storm.seed && t.estateSeed === s.estateSeed);
      expect(twin, s.name).toBeDefined();
      if (twin) expect(generate(s).text).toBe(generate(twin).text);
    }
  });
});
