import type { Problem } from '@aiops/model';

/** IncidentFact is what detection needs of one incident (read from ClickHouse `incidents FINAL`). */
export interface IncidentFact {
  readonly id: string;
  readonly detectedAt: number;
  readonly ci: string;
  readonly cis: readonly string[];
  readonly service: string;
  readonly category: string;
  readonly template: string;
  readonly title: string;
  readonly problemId: string;
}

/** ChangeFact is one change record (aiops.changes.v1 / `aiops changes import`). */
export interface ChangeFact {
  readonly id: string;
  readonly ciId: string;
  readonly startedAt: number;
  readonly endedAt?: number | undefined;
  readonly description: string;
}

/** CiFact is a CI and the CIs it depends on (depends_on and runs_on relations). */
export interface CiFact {
  readonly id: string;
  readonly dependsOn: readonly string[];
}

/** Finding is one detected pattern with its evidence; it becomes (or updates) exactly one problem. */
export interface Finding {
  readonly pattern: Problem['pattern'];
  /** patternKey identifies the pattern: the problem id is derived from (pattern, key), so it is never created twice. */
  readonly key: string;
  readonly title: string;
  readonly incidentIds: readonly string[];
  readonly ciIds: readonly string[];
  readonly services: readonly string[];
  readonly evidence: Record<string, unknown>;
}
