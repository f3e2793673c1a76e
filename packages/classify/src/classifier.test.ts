import { describe, expect, it } from 'vitest';
import { createClassifier, restoreModel, trainModel, type LabelledExample } from './index.js';

const examples: LabelledExample[] = [
  ...['checkout latency p99 high', 'cart api slow responses', 'payments response time above slo', 'search latency degraded', 'api gateway slow upstream'].map((text) => ({ text, ciTypes: ['application'], label: 'application/performance' })),
  ...['postgres replication lag', 'mysql replica behind primary', 'replication broken on orders db', 'standby replication delay', 'replica lag growing'].map((text) => ({ text, ciTypes: ['database'], label: 'database/replication' })),
  ...['bgp session down core router', 'packet loss on uplink switch', 'interface flapping on edge router', 'link down to datacenter', 'high packet loss wan'].map((text) => ({ text, ciTypes: ['network'], label: 'infrastructure/network' })),
];

describe('classifier', () => {
  it('applies a precise rule with its confidence, without a model', () => {
    const c = createClassifier();
    const r = c.classify({ text: 'Replication lag on orders-db', ciTypes: ['database'] });
    expect(r).toMatchObject({ category: 'database', subcategory: 'replication', source: 'rule', ruleId: 'db-replication', applied: true });
  });

  it('suggests (does not apply) when the only evidence is weak', () => {
    const c = createClassifier({ threshold: 0.9 });
    const r = c.classify({ text: 'something odd', ciTypes: ['supplier_service'] });
    expect(r).toMatchObject({ category: 'supplier', applied: false, confidence: 0.7 });
    expect(r.reason).toContain('suggested');
  });

  it('returns no category when nothing is known', () => {
    const r = createClassifier().classify({ text: 'zzz qqq', ciTypes: [] });
    expect(r).toMatchObject({ category: null, applied: false, confidence: 0, source: null });
  });

  it('a trained model classifies text the rules do not cover, with a confidence', () => {
    const c = createClassifier({ minExamples: 5 });
    c.train(examples);
    expect(c.model?.examples).toBe(15);
    const r = c.classify({ text: 'checkout responses slow latency', ciTypes: [] });
    expect(r.category).toBe('application');
    expect(r.subcategory).toBe('performance');
    expect(r.source).toBe('model');
    expect(r.confidence).toBeGreaterThan(0.7);
    expect(r.applied).toBe(true);
  });

  it('below the threshold the model answer is only a suggestion', () => {
    const c = createClassifier({ minExamples: 5, threshold: 0.99 });
    c.train(examples);
    const r = c.classify({ text: 'slow router', ciTypes: [] });
    expect(r.category).not.toBeNull();
    expect(r.confidence).toBeLessThan(0.99);
    expect(r.applied).toBe(false);
  });

  it('does not train below minExamples and keeps the rules as fallback', () => {
    const c = createClassifier({ minExamples: 100 });
    c.train(examples);
    expect(c.model).toBeNull();
  });

  it('serialises and restores the model with the same predictions', () => {
    const m = trainModel(examples);
    expect(m).not.toBeNull();
    const restored = restoreModel(m!.serialize());
    expect(restored.predict('replica lag', ['database'])).toEqual(m!.predict('replica lag', ['database']));
    expect(() => restoreModel('{"format":"other"}')).toThrow(/AIOPS|restored/);
  });
});
