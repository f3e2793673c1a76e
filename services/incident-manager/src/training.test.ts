import { describe, expect, it } from 'vitest';
import { createCmdbGraph } from '@aiops/cmdb';
import { createClassifier } from '@aiops/classify';
import { createIncidentReducer, defaultPolicy, formatIncidentNumber, noChanges, noRunbooks, trainingExample, type ReduceContext } from '@aiops/incident';
import type { ConfigurationItem, CorrelationGroup, Incident } from '@aiops/model';

const ci = (id: string, type: string): ConfigurationItem => ({ id, name: id, type, aliases: [], attributes: {}, relations: [] });
const cmdb = createCmdbGraph([ci('q-1', 'queue'), ci('q-2', 'queue'), ci('web-1', 'application')]);

function group(id: string, title: string, ciId: string): CorrelationGroup {
  const t = 1_700_000_000_000;
  return {
    id, domain: 'd', status: 'open', change: 'opened', version: 1, openedAt: t, updatedAt: t, rootCause: null, candidates: [], services: [], cis: [ciId], maxSeverity: 'critical', firingCount: 1,
    members: [{ alertId: `${id}-a`, fingerprint: id, title, template: title, severity: 'critical', status: 'firing', ciId, service: null, firstSeen: t, lastSeen: t, joinedAt: t, rule: 'seed', evidence: {}, suppressed: false, flapping: false }],
  };
}

describe('classification learns from SRE corrections', () => {
  it('incidents corrected by people become training data, and the next similar incident is classified with confidence', () => {
    const reducer = createIncidentReducer(defaultPolicy());
    const classifier = createClassifier({ minExamples: 6, threshold: 0.7 });
    let n = 0;
    const ctx = (): ReduceContext => ({ now: 1_700_000_000_000, cmdb, classifier, runbooks: noRunbooks, changes: noChanges, allocateNumber: () => formatIncidentNumber(0, ++n) });
    const first = reducer.applyGroup(undefined, group('g0', 'consumer lag growing on orders queue', 'q-1'), ctx()).incident!;
    expect(first.category).toBeNull(); // no rule covers queues, no model yet

    const corrected: Incident[] = [];
    const samples: Array<[string, string, string, string]> = [
      ['consumer lag growing on orders queue', 'q-1', 'application', 'performance'],
      ['messages piling up, consumer lag high', 'q-2', 'application', 'performance'],
      ['queue depth above threshold, consumers slow', 'q-1', 'application', 'performance'],
      ['tls certificate expired on web frontend', 'web-1', 'security', 'certificate'],
      ['certificate expiry in 2 days for web', 'web-1', 'security', 'certificate'],
      ['expired tls certificate handshake failures', 'web-1', 'security', 'certificate'],
    ];
    for (const [i, [title, ciId, category, subcategory]] of samples.entries()) {
      const inc = reducer.applyGroup(undefined, group(`g${i + 1}`, title, ciId), ctx()).incident!;
      const fixed = reducer.applyCommand(inc, { id: `fix-${i}`, incidentId: inc.id, at: 0, actor: { kind: 'user', id: 'sre' }, action: 'set_category', reason: 'correct category', params: { category, subcategory } }, ctx()).incident!;
      expect(fixed.categorySource).toBe('human');
      corrected.push(fixed);
    }
    const examples = corrected.map((i) => trainingExample(i, cmdb)).filter((x) => x !== null);
    expect(examples).toHaveLength(6);
    classifier.train(examples);
    const next = reducer.applyGroup(undefined, group('g9', 'consumer lag on payments queue', 'q-2'), ctx()).incident!;
    expect(next).toMatchObject({ category: 'application', subcategory: 'performance', categorySource: 'model' });
    expect(next.categoryConfidence).toBeGreaterThan(0);
    expect(next.categoryApplied).toBe(next.categoryConfidence! >= 0.7);
  });
});
