import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { assessImpact, assessUrgency, defaultPolicy, impactFacts, prioritise } from './index.js';

const policy = defaultPolicy();

describe('priority matrix', () => {
  it.each([
    ['high', 'high', 'P1'], ['high', 'medium', 'P2'], ['high', 'low', 'P3'],
    ['medium', 'high', 'P2'], ['medium', 'medium', 'P3'], ['medium', 'low', 'P4'],
    ['low', 'high', 'P3'], ['low', 'medium', 'P4'], ['low', 'low', 'P5'],
  ] as const)('default: impact %s × urgency %s → %s', (impact, urgency, expected) => {
    const r = prioritise({ level: impact, reasons: ['i'] }, { level: urgency, reasons: ['u'] }, policy.matrix);
    expect(r.priority).toBe(expected);
    expect(r.reason).toContain(`impact ${impact}`);
    expect(r.reason).toContain(`urgency ${urgency}`);
    expect(r.reason).toContain(`→ ${expected}`);
  });

  it('is configurable', () => {
    const p = defaultPolicy({ matrix: { high: { high: 'P1', medium: 'P1', low: 'P2' }, medium: { high: 'P2', medium: 'P3', low: 'P4' }, low: { high: 'P4', medium: 'P5', low: 'P5' } } });
    expect(prioritise({ level: 'high', reasons: [] }, { level: 'medium', reasons: [] }, p.matrix).priority).toBe('P1');
    expect(() => defaultPolicy({ matrix: { high: { high: 'P9' } } as never })).toThrow();
  });
});

const ci = (x: Partial<ConfigurationItem> & { id: string; type: string }): ConfigurationItem => ({ name: x.id, aliases: [], attributes: {}, relations: [], ...x });

const cmdb = createCmdbGraph([
  ci({ id: 'checkout', type: 'business_service', criticality: 'critical', users: 50000, slaClass: 'gold' }),
  ci({ id: 'reports', type: 'business_service', criticality: 'low', users: 20, slaClass: 'bronze' }),
  ci({ id: 'wiki', type: 'business_service', criticality: 'medium', users: 150 }),
  ci({ id: 'checkout-api', type: 'application', relations: [{ type: 'part_of', target: 'checkout' }, { type: 'depends_on', target: 'orders-db' }] }),
  ci({ id: 'orders-db', type: 'database' }),
  ci({ id: 'report-job', type: 'application', relations: [{ type: 'part_of', target: 'reports' }] }),
  ci({ id: 'wiki-app', type: 'application', relations: [{ type: 'part_of', target: 'wiki' }] }),
]);

describe('impact and urgency from the CMDB', () => {
  it('a critical business service gives high impact, gold SLA raises urgency', () => {
    const f = impactFacts(cmdb, ['checkout-api'], [], 'checkout-api');
    expect(f.services).toEqual(['checkout']);
    expect(f.users).toBe(50000);
    const impact = assessImpact(f, policy.impact);
    expect(impact.level).toBe('high');
    expect(impact.reasons.join(' ')).toContain('criticality critical');
    const urgency = assessUrgency('minor', f.serviceCis, policy.urgency);
    expect(urgency.level).toBe('high'); // minor → medium, gold +1
    expect(prioritise(impact, urgency, policy.matrix).priority).toBe('P1');
  });

  it('a low-criticality bronze service gives low impact and lowers urgency', () => {
    const f = impactFacts(cmdb, ['report-job'], [], null);
    expect(assessImpact(f, policy.impact).level).toBe('low');
    expect(assessUrgency('warning', f.serviceCis, policy.urgency).level).toBe('low');
  });

  it('users served raise impact', () => {
    const f = impactFacts(cmdb, ['wiki-app'], [], null);
    expect(assessImpact(f, policy.impact)).toMatchObject({ level: 'medium' });
  });

  it('dependents of the failing CI count: the database under checkout', () => {
    const f = impactFacts(cmdb, ['orders-db'], [], 'orders-db');
    expect(f.dependents).toBe(1); // checkout-api (checkout is reached upstream via part_of)
    expect(f.services).toEqual(['checkout']);
    expect(assessImpact(f, policy.impact).level).toBe('high');
  });

  it('an unknown CI is not low (in doubt, higher)', () => {
    const f = impactFacts(cmdb, ['nowhere-1'], [], null);
    expect(f.unmapped).toBe(true);
    const impact = assessImpact(f, policy.impact);
    expect(impact.level).toBe('medium');
    expect(impact.reasons.join()).toContain('not in the CMDB');
  });

  it('several business services affected → high impact', () => {
    const f = impactFacts(cmdb, ['report-job', 'wiki-app'], [], null);
    expect(f.services).toEqual(['reports', 'wiki']);
    expect(assessImpact(f, policy.impact).level).toBe('high');
  });
});
