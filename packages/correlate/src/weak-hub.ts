/**
 * Weak hub causes: a widely shared CI (a core switch, a SAN, a platform service) with a minor alert of its
 * own (a warning: high CPU, a flapping port) is upstream of much of the estate, so a failure starting
 * anywhere below it would otherwise join its group as its effect. A hub that really failed shows it with a
 * severe alert of its own; a warning on it does not explain a critical failure downstream.
 */
import { severityRank, type Severity } from '@aiops/model';

export interface WeakHubOptions {
  /** a cause reaching at least this many dependents is a hub (0 = rule off). */
  minDependents: number;
  /** the hub's strongest alert in the group is at most this severe. */
  maxSeverity: Severity;
}

/**
 * weakHubCause: `causeSev` (the strongest rank of the cause CI's alerts in the group, -1 when none) is
 * no more than opts.maxSeverity and below the effect's own severity, and the cause has at least
 * opts.minDependents dependents: no join through it.
 */
export function weakHubCause(causeSev: number, effectSev: Severity, dependents: number, opts: WeakHubOptions): boolean {
  if (opts.minDependents <= 0 || dependents < opts.minDependents || causeSev < 0) return false;
  return causeSev <= severityRank(opts.maxSeverity) && causeSev < severityRank(effectSev);
}
