import type { ConfigurationItem, Level, Priority, Severity } from '@aiops/model';
import type { IncidentPolicy } from './policy.js';
import type { CmdbView } from './ports.js';

const RANK: Record<Level, number> = { low: 0, medium: 1, high: 2 };
const LEVELS: readonly Level[] = ['low', 'medium', 'high'];

export function maxLevel(a: Level, b: Level): Level {
  return RANK[a] >= RANK[b] ? a : b;
}

function shift(l: Level, by: number): Level {
  return LEVELS[Math.max(0, Math.min(2, RANK[l] + by))] as Level;
}

/** ImpactFacts are what the CMDB says about the failing CIs: the inputs of impact. */
export interface ImpactFacts {
  readonly services: readonly string[];
  readonly serviceCis: readonly ConfigurationItem[];
  readonly users: number;
  readonly dependents: number;
  readonly unmapped: boolean;
}

/** impactFacts walks the CMDB from the affected CIs (R69): business services, their users, dependents. */
export function impactFacts(cmdb: CmdbView, cis: readonly string[], extraServices: readonly string[], rootCause: string | null): ImpactFacts {
  const services = new Set<string>(extraServices);
  let mapped = 0;
  for (const id of cis) {
    if (cmdb.get(id) === undefined) continue;
    mapped++;
    for (const s of cmdb.businessServicesOf(id)) services.add(s);
  }
  const serviceCis: ConfigurationItem[] = [];
  let users = 0;
  for (const s of [...services].sort()) {
    const ci = cmdb.get(s);
    if (ci === undefined) continue;
    serviceCis.push(ci);
    users += ci.users ?? 0;
  }
  const failing = rootCause ?? cis[0] ?? null;
  const dependents = failing !== null && cmdb.get(failing) !== undefined ? cmdb.dependentsOf(failing).length : 0;
  return { services: [...services].sort(), serviceCis, users, dependents, unmapped: cis.length > 0 && mapped === 0 };
}

/** Assessment is one impact or urgency level with the reasons that produced it. */
export interface Assessment {
  readonly level: Level;
  readonly reasons: readonly string[];
}

/**
 * assessImpact takes the highest level any input gives (R36: in doubt, the higher): criticality of the
 * affected business services (R37), users served, dependents of the failing CI, number of services.
 */
export function assessImpact(f: ImpactFacts, p: IncidentPolicy['impact']): Assessment {
  let level: Level = 'low';
  const reasons: string[] = [];
  const raise = (l: Level, why: string) => {
    if (RANK[l] > RANK[level]) level = l;
    reasons.push(`${why} → ${l}`);
  };
  for (const s of f.serviceCis) if (s.criticality) raise(p.criticality[s.criticality], `service ${s.id} criticality ${s.criticality}`);
  if (f.users >= p.usersHigh) raise('high', `${f.users} users`);
  else if (f.users >= p.usersMedium) raise('medium', `${f.users} users`);
  if (f.dependents >= p.dependentsHigh) raise('high', `${f.dependents} dependent CIs`);
  else if (f.dependents >= p.dependentsMedium) raise('medium', `${f.dependents} dependent CIs`);
  if (f.services.length >= p.servicesHigh) raise('high', `${f.services.length} business services`);
  if (f.unmapped || f.serviceCis.length === 0) raise(p.unknown, f.unmapped ? 'CI not in the CMDB' : 'no business service known');
  if (reasons.length === 0) reasons.push('no impact factor found → low');
  return { level, reasons };
}

/**
 * assessUrgency maps the worst firing severity to a level, then shifts it by the strictest SLA class of
 * the affected services (gold +1, bronze -1 by default).
 */
export function assessUrgency(severity: Severity, serviceCis: readonly ConfigurationItem[], p: IncidentPolicy['urgency']): Assessment {
  const base = p.severity[severity];
  const reasons = [`severity ${severity} → ${base}`];
  let best: { cls: string; by: number } | null = null;
  for (const s of serviceCis) {
    if (s.slaClass === undefined) continue;
    const by = p.slaClassShift[s.slaClass] ?? 0;
    if (best === null || by > best.by) best = { cls: s.slaClass, by };
  }
  if (best === null) return { level: base, reasons };
  const level = shift(base, best.by);
  reasons.push(`SLA class ${best.cls} ${best.by >= 0 ? '+' : ''}${best.by} → ${level}`);
  return { level, reasons };
}

export interface PriorityResult {
  readonly impact: Level;
  readonly urgency: Level;
  readonly priority: Priority;
  readonly reason: string;
}

/** prioritise looks impact × urgency up in the configured matrix (R35) and says why. */
export function prioritise(impact: Assessment, urgency: Assessment, matrix: IncidentPolicy['matrix']): PriorityResult {
  const priority = matrix[impact.level][urgency.level];
  return {
    impact: impact.level,
    urgency: urgency.level,
    priority,
    reason: `impact ${impact.level} (${impact.reasons.join('; ')}) × urgency ${urgency.level} (${urgency.reasons.join('; ')}) → ${priority}`,
  };
}

export function priorityRank(p: Priority): number {
  return 6 - Number(p.slice(1));
}
