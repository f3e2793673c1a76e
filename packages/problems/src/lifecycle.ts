import { z } from 'zod';
import { stableId, type Problem, type ProblemState } from '@aiops/model';
import { ProblemActionInvalid, ProblemTransitionRefused } from './errors.js';
import type { Finding, IncidentFact } from './types.js';

/** problemIdOf derives the problem id from the pattern that found it: the same pattern is never two problems. */
export function problemIdOf(pattern: Problem['pattern'], key: string): string {
  return stableId('prb_', pattern, key);
}

/** TRANSITIONS of the problem lifecycle (new → investigating → known_error → resolved → closed; reopen). */
export const TRANSITIONS: Readonly<Record<ProblemState, readonly ProblemState[]>> = {
  new: ['investigating', 'known_error', 'closed'],
  investigating: ['known_error', 'resolved', 'closed'],
  known_error: ['investigating', 'resolved'],
  resolved: ['closed', 'investigating'],
  closed: ['investigating'],
};

/**
 * reconcile turns findings into problem records to publish: a new problem for a new pattern, a new
 * version when a known pattern gained incidents (a resolved or closed problem that recurs is reopened
 * to investigating, R93), nothing when nothing changed. Manager-set fields are kept.
 */
export function reconcile(findings: readonly Finding[], existing: ReadonlyMap<string, Problem>, now: number): Problem[] {
  const out: Problem[] = [];
  for (const f of findings) {
    const id = problemIdOf(f.pattern, f.key);
    const prev = existing.get(id);
    if (!prev) {
      out.push({
        id,
        version: 1,
        state: 'new',
        title: f.title,
        pattern: f.pattern,
        patternKey: f.key,
        evidence: f.evidence,
        incidentIds: [...f.incidentIds],
        ciIds: [...f.ciIds],
        services: [...f.services],
        rootCause: null,
        workaround: null,
        rootCauseMethod: null,
        solution: null,
        detectedAt: now,
        updatedAt: now,
        updatedBy: 'problem-detector',
        history: [{ at: now, actor: 'problem-detector', from: null, to: 'new', reason: `detected: ${f.pattern} ${f.key}` }],
      });
      continue;
    }
    const added = f.incidentIds.filter((i) => !prev.incidentIds.includes(i));
    if (added.length === 0) continue;
    const reopen = prev.state === 'resolved' || prev.state === 'closed';
    out.push({
      ...prev,
      version: prev.version + 1,
      state: reopen ? 'investigating' : prev.state,
      evidence: { ...prev.evidence, ...f.evidence },
      incidentIds: [...prev.incidentIds, ...added].sort(),
      ciIds: [...new Set([...prev.ciIds, ...f.ciIds])].sort(),
      services: [...new Set([...prev.services, ...f.services])].sort(),
      updatedAt: now,
      updatedBy: 'problem-detector',
      history: reopen
        ? [...prev.history, { at: now, actor: 'problem-detector', from: prev.state, to: 'investigating', reason: `recurred after ${prev.state}: ${added.length} new incident(s)` }]
        : prev.history,
    });
  }
  return out;
}

/** ProblemAction is what a problem manager can do through the API. */
export const ProblemAction = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('set_state'), state: z.enum(['new', 'investigating', 'known_error', 'resolved', 'closed']), reason: z.string().default('') }),
  z.strictObject({
    action: z.literal('set_root_cause'),
    rootCause: z.string().min(1).max(10_000),
    method: z.string().max(100).optional().describe('5_whys | ishikawa | …'),
    reason: z.string().default(''),
  }),
  z.strictObject({ action: z.literal('set_workaround'), workaround: z.string().min(1).max(10_000), reason: z.string().default('') }),
  z.strictObject({ action: z.literal('set_solution'), solution: z.string().min(1).max(10_000), reason: z.string().default('') }),
  z.strictObject({ action: z.literal('link_incidents'), incidentIds: z.array(z.string().min(1)).min(1).max(1000), reason: z.string().default('') }),
]);
export type ProblemAction = z.infer<typeof ProblemAction>;

/**
 * applyProblemAction returns the next version of a problem after a manager's action, or throws a
 * conflict naming the allowed transitions. A known error needs a root cause and a workaround (R88).
 */
export function applyProblemAction(p: Problem, a: ProblemAction, actor: string, now: number): Problem {
  const next: Problem = { ...p, version: p.version + 1, updatedAt: now, updatedBy: actor };
  switch (a.action) {
    case 'set_state': {
      if (a.state === p.state) return p;
      if (!TRANSITIONS[p.state].includes(a.state)) {
        throw ProblemTransitionRefused(`a ${p.state} problem cannot become ${a.state} (allowed: ${TRANSITIONS[p.state].join(', ')})`);
      }
      if (a.state === 'known_error' && (!p.rootCause || !p.workaround)) {
        throw ProblemTransitionRefused('a known error needs a documented root cause and a workaround: set them first');
      }
      next.state = a.state;
      next.history = [...p.history, { at: now, actor, from: p.state, to: a.state, reason: a.reason }];
      return next;
    }
    case 'set_root_cause':
      next.rootCause = a.rootCause;
      if (a.method !== undefined) next.rootCauseMethod = a.method;
      return next;
    case 'set_workaround':
      next.workaround = a.workaround;
      return next;
    case 'set_solution':
      next.solution = a.solution;
      return next;
    case 'link_incidents':
      next.incidentIds = [...new Set([...p.incidentIds, ...a.incidentIds])].sort();
      return next;
    default:
      throw ProblemActionInvalid('unknown action');
  }
}

/** matchesPattern says whether an incident fits a problem's pattern key (for known-error linking). */
export function matchesPattern(p: Problem, i: IncidentFact): boolean {
  const parts = Object.fromEntries(p.patternKey.split('|').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  switch (p.pattern) {
    case 'recurrence':
      if (parts.template !== undefined) return i.template === parts.template;
      if (parts.ci !== undefined) return i.ci === parts.ci && i.category === parts.category;
      if (parts.service !== undefined) return i.service === parts.service && i.category === parts.category;
      return false;
    case 'rising_rate':
      return parts.ci !== undefined && i.ci === parts.ci;
    case 'cluster': {
      const terms = (parts.terms ?? '').split('+').filter((t) => t !== '');
      const text = `${i.title} ${i.template}`.toLowerCase();
      return terms.length > 0 && terms.every((t) => text.includes(t));
    }
    default:
      return false;
  }
}

/**
 * knownErrorLinks picks, for each incident not yet linked to a problem, the known error it matches:
 * the incident gets the problem (and its workaround) linked as its incident model.
 */
export function knownErrorLinks(incidents: readonly IncidentFact[], problems: readonly Problem[]): Array<{ incidentId: string; problem: Problem }> {
  const known = problems.filter((p) => p.state === 'known_error' && p.workaround).sort((a, b) => (a.id < b.id ? -1 : 1));
  const out: Array<{ incidentId: string; problem: Problem }> = [];
  for (const i of incidents) {
    if (i.problemId !== '') continue;
    const p = known.find((k) => matchesPattern(k, i));
    if (p) out.push({ incidentId: i.id, problem: p });
  }
  return out;
}
