import { describe, expect, it } from 'vitest';
import type { Problem } from '@aiops/model';
import { detectionConfig } from './config.js';
import { detectAll, detectChangeCorrelation, detectClusters, detectRecurrence, detectRisingRate, mannKendall } from './detect.js';
import { applyProblemAction, knownErrorLinks, problemIdOf, reconcile } from './lifecycle.js';
import type { ChangeFact, CiFact, IncidentFact } from './types.js';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const cfg = detectionConfig.parse({});

let seq = 0;
function inc(o: Partial<IncidentFact> & { at: number; ci: string; title: string }): IncidentFact {
  seq++;
  return {
    id: o.id ?? `inc-${String(seq).padStart(4, '0')}`,
    detectedAt: o.at,
    ci: o.ci,
    cis: o.cis ?? [o.ci],
    service: o.service ?? `svc-${o.ci}`,
    category: o.category ?? 'other',
    template: o.template ?? o.title,
    title: o.title,
    problemId: o.problemId ?? '',
  };
}

/** Background noise: every incident different, each CI at most twice, nothing recurring or similar. */
function noise(): IncidentFact[] {
  const words = ['certificate expired', 'queue backlog growing', 'cron job missed', 'replica lag high', 'pod evicted', 'dns resolution failing', 'latency slo burn', 'license expiring', 'backup failed', 'memory leak suspected', 'fan failure', 'raid degraded'];
  return words.map((w, i) => inc({ at: NOW - (i + 1) * 9 * H, ci: `ci-${i}`, title: `${w} on ci-${i}`, category: ['app', 'db', 'hw', 'net'][i % 4] as string }));
}

function changes(): ChangeFact[] {
  return [
    { id: 'chg-1', ciId: 'db-9', startedAt: NOW - 3 * D, endedAt: NOW - 3 * D + 30 * 60_000, description: 'schema migration' },
    { id: 'chg-2', ciId: 'ci-3', startedAt: NOW - 30 * H, endedAt: NOW - 29 * H, description: 'os patch' }, // ci-3's incident was before it
  ];
}
const cmdb: CiFact[] = [
  { id: 'app-9', dependsOn: ['db-9'] },
  { id: 'db-9', dependsOn: ['host-9'] },
];

function withPatterns(): IncidentFact[] {
  const out = noise();
  // recurrence: the same disk fault on db-1 three times this week
  for (const d of [1, 3, 5]) out.push(inc({ at: NOW - d * D, ci: 'db-1', category: 'disk', title: `Disk /var ${90 + d}% full on db-1`, template: 'Disk /var <n>% full on <host>' }));
  // cluster: the same symptom on five different CIs, worded differently (no shared template or category)
  const pool = ['JDBC connection pool exhausted orders-api', 'connection pool exhausted payments worker', 'DB connection pool exhausted inventory', 'connection pool exhausted cart service', 'connection pool exhausted search indexer'];
  pool.forEach((t, i) => out.push(inc({ at: NOW - (i + 2) * 11 * H, ci: `app-${i + 20}`, category: ['app', 'db', 'other', 'perf', 'app2'][i] as string, title: t })));
  // change correlation: app-9 depends on db-9, which was changed 40 minutes before
  out.push(inc({ at: NOW - 3 * D + 70 * 60_000, ci: 'app-9', category: 'app', title: 'HTTP 500 rate high on checkout' }));
  // rising rate on web-7 over 14 days
  const daily = [0, 0, 1, 0, 1, 1, 1, 2, 1, 2, 2, 3, 3, 4];
  const start = Math.floor(NOW / D) * D - 13 * D;
  daily.forEach((n, d) => {
    for (let k = 0; k < n; k++) out.push(inc({ at: start + d * D + k * H, ci: 'web-7', category: `web${d % 3}${k}`, title: `web-7 symptom ${d}-${k} ${['alpha', 'beta', 'gamma', 'delta'][k]}` }));
  });
  return out;
}

describe('problem detection on a fixture with known answers', () => {
  const findings = detectAll({ incidents: withPatterns(), changes: changes(), cmdb }, cfg, NOW);
  const keys = findings.map((f) => `${f.pattern} ${f.key}`);

  it('finds the recurring disk fault once (the broader template key is covered)', () => {
    const rec = findings.filter((f) => f.pattern === 'recurrence' && f.ciIds.includes('db-1'));
    expect(rec.map((f) => f.key)).toEqual(['ci=db-1|category=disk']);
    expect(rec[0]?.incidentIds).toHaveLength(3);
  });

  it('finds the connection-pool cluster across five CIs', () => {
    const cl = findings.filter((f) => f.pattern === 'cluster');
    expect(cl).toHaveLength(1);
    expect(cl[0]?.ciIds).toEqual(['app-20', 'app-21', 'app-22', 'app-23', 'app-24']);
    expect(cl[0]?.key).toMatch(/connection|exhausted|pool/);
  });

  it('links the incident that followed the change on a CI it depends on', () => {
    const chg = findings.filter((f) => f.pattern === 'change_correlation');
    expect(chg.map((f) => [f.key, f.incidentIds.length])).toEqual([['change=chg-1', 1]]);
    expect((chg[0]?.evidence.gapsMs as Array<{ via: string }>)[0]?.via).toBe('app-9');
  });

  it('sees the rising rate on web-7 and nowhere else', () => {
    expect(findings.filter((f) => f.pattern === 'rising_rate').map((f) => f.key)).toEqual(['ci=web-7|rising']);
  });

  it('is deterministic (seeded clustering, sorted keys)', () => {
    const again = detectAll({ incidents: withPatterns(), changes: changes(), cmdb }, cfg, NOW).map((f) => `${f.pattern} ${f.key}`);
    expect(again).toEqual(keys);
  });
});

describe('problem detection on a fixture without patterns', () => {
  it('finds nothing', () => {
    expect(detectAll({ incidents: noise(), changes: changes(), cmdb }, cfg, NOW)).toEqual([]);
  });
  it('one spike is not a rising trend', () => {
    const start = Math.floor(NOW / D) * D - 13 * D;
    const spike = Array.from({ length: 12 }, (_, k) => inc({ at: start + 13 * D + k * 60_000, ci: 'web-1', title: `x ${k}` }));
    expect(detectRisingRate(spike, cfg.rising, NOW)).toEqual([]);
    expect(mannKendall([0, 0, 0, 0, 9, 0, 0, 0]).z).toBeLessThan(cfg.rising.zThreshold);
    expect(mannKendall([0, 1, 1, 2, 2, 3, 4, 5, 5, 6]).z).toBeGreaterThan(cfg.rising.zThreshold);
  });
  it('two occurrences are not a recurrence; incidents before a change are not caused by it', () => {
    const two = [inc({ at: NOW - D, ci: 'x', category: 'c', title: 'a' }), inc({ at: NOW - 2 * D, ci: 'x', category: 'c', title: 'a' })];
    expect(detectRecurrence(two, cfg.recurrence, NOW)).toEqual([]);
    const before = [inc({ at: NOW - 31 * H, ci: 'ci-3', title: 'z' })];
    expect(detectChangeCorrelation(before, changes(), cmdb, cfg.change, NOW)).toEqual([]);
    expect(detectClusters(two, cfg.cluster, NOW)).toEqual([]);
  });
});

describe('problem records', () => {
  const findings = detectAll({ incidents: withPatterns(), changes: changes(), cmdb }, cfg, NOW);

  it('are created once per pattern; a re-run with the same incidents publishes nothing', () => {
    const first = reconcile(findings, new Map(), NOW);
    expect(first.length).toBe(findings.length);
    expect(new Set(first.map((p) => p.id)).size).toBe(first.length);
    const existing = new Map(first.map((p) => [p.id, p]));
    expect(reconcile(findings, existing, NOW + 1000)).toEqual([]);
  });

  it('gain new incidents as a new version, and a closed problem that recurs is reopened', () => {
    const [p] = reconcile(findings.filter((f) => f.key === 'ci=db-1|category=disk'), new Map(), NOW) as [Problem];
    const closed = { ...p, state: 'closed' as const, version: 4 };
    const more = { ...findings.find((f) => f.key === 'ci=db-1|category=disk')!, incidentIds: [...p.incidentIds, 'inc-new'] };
    const [next] = reconcile([more], new Map([[p.id, closed]]), NOW + 1) as [Problem];
    expect(next).toMatchObject({ id: p.id, version: 5, state: 'investigating' });
    expect(next.incidentIds).toContain('inc-new');
    expect(p.id).toBe(problemIdOf('recurrence', 'ci=db-1|category=disk'));
  });

  it('follow the lifecycle; a known error needs a root cause and a workaround; matching incidents get it linked', () => {
    const [p] = reconcile(findings.filter((f) => f.key === 'ci=db-1|category=disk'), new Map(), NOW) as [Problem];
    const inv = applyProblemAction(p, { action: 'set_state', state: 'investigating', reason: 'looking' }, 'pm', NOW);
    expect(() => applyProblemAction(inv, { action: 'set_state', state: 'known_error', reason: '' }, 'pm', NOW)).toThrow(/root cause/);
    expect(() => applyProblemAction(p, { action: 'set_state', state: 'resolved', reason: '' }, 'pm', NOW)).toThrow(/allowed: investigating/);
    let k = applyProblemAction(inv, { action: 'set_root_cause', rootCause: 'log rotation disabled', method: '5_whys', reason: '' }, 'pm', NOW);
    k = applyProblemAction(k, { action: 'set_workaround', workaround: 'run logrotate -f', reason: '' }, 'pm', NOW);
    k = applyProblemAction(k, { action: 'set_state', state: 'known_error', reason: 'documented' }, 'pm', NOW);
    expect(k).toMatchObject({ state: 'known_error', version: p.version + 4, rootCauseMethod: '5_whys' });
    expect(k.history.map((h) => h.to)).toEqual(['new', 'investigating', 'known_error']);
    const fresh = [
      inc({ at: NOW, ci: 'db-1', category: 'disk', title: 'Disk /var 99% full on db-1' }),
      inc({ at: NOW, ci: 'db-1', category: 'cpu', title: 'CPU high on db-1' }),
      inc({ at: NOW, ci: 'db-1', category: 'disk', title: 'already linked', problemId: 'prb_x' }),
    ];
    expect(knownErrorLinks(fresh, [k]).map((l) => [l.incidentId, l.problem.workaround])).toEqual([[fresh[0]!.id, 'run logrotate -f']]);
  });
});
