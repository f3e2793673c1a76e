import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export { Registry, Counter, Gauge, Histogram } from 'prom-client';

/** Label keys come from this closed set (STYLE §6); values must be bounded (never names, ids or messages). */
export const LABEL_KEYS = ['component', 'stage', 'source', 'error_type', 'reason', 'topic', 'outcome', 'route', 'method', 'status_code', 'table', 'rule', 'kind', 'state', 'action'] as const;
export type LabelKey = (typeof LABEL_KEYS)[number];

/**
 * createRegistry makes a fresh registry per service instance (never the global one), with the
 * process metrics and a `service` default label.
 */
export function createRegistry(service: string, opts: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'aiops_' });
  return registry;
}

/** counter/gauge/histogram register on the given registry, or return the one already there (idempotent). */
export function counter<L extends LabelKey>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames: labelNames as L[], registers: [registry] });
}

export function gauge<L extends LabelKey>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge<L>;
  return new Gauge({ name, help, labelNames: labelNames as L[], registers: [registry] });
}

export function histogram<L extends LabelKey>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets?: number[],
): Histogram<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Histogram<L>;
  return new Histogram({ name, help, labelNames: labelNames as L[], registers: [registry], ...(buckets ? { buckets } : {}) });
}
