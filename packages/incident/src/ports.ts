import type { CmdbGraph } from '@aiops/cmdb';
import type { ChangeRecord, Incident, RunbookRequest } from '@aiops/model';

/** CmdbView is the part of the CMDB graph the incident manager reads (impact, owners, siblings, location). */
export type CmdbView = Pick<CmdbGraph, 'get' | 'dependenciesOf' | 'dependentsOf' | 'businessServicesOf' | 'siblingsOf'>;

/** ClassifyPort is what classification offers (implemented by @aiops/classify's Classifier). */
export interface ClassifyPort {
  classify(input: { readonly text: string; readonly ciTypes: readonly string[] }): {
    readonly category: string | null;
    readonly subcategory: string | null;
    readonly confidence: number;
    readonly applied: boolean;
    readonly source: 'rule' | 'model' | null;
    readonly ruleId: string | null;
    readonly reason: string;
  };
}

/**
 * RunbookMatcher is the hook for runbook automation (issue 6): given an incident, which runbooks to
 * request. The default matches nothing; the runbook catalog plugs in here. `trigger` is `open` or
 * `reopen:<n>` so that request ids stay deterministic per trigger.
 */
export interface RunbookMatcher {
  match(incident: Incident, trigger: string, now: number): readonly RunbookRequest[];
}

export const noRunbooks: RunbookMatcher = { match: () => [] };

/** ChangeLookup finds change records on a set of CIs overlapping a time range. */
export interface ChangeLookup {
  onCis(ciIds: ReadonlySet<string>, from: number, to: number): readonly ChangeRecord[];
}

export const noChanges: ChangeLookup = { onCis: () => [] };

/** ReduceContext is everything a reducer step may consult besides the incident and its input. */
export interface ReduceContext {
  readonly now: number;
  readonly cmdb: CmdbView;
  readonly classifier: ClassifyPort;
  readonly runbooks: RunbookMatcher;
  readonly changes: ChangeLookup;
  /** allocateNumber gives the next INC number of the partition that owns the incident being created. */
  allocateNumber(): string;
}
