import type { Incident } from '@aiops/model';
import type { CmdbView } from './ports.js';

/** TrainingExample matches @aiops/classify's LabelledExample (the service passes it across). */
export interface TrainingExample {
  readonly text: string;
  readonly ciTypes: readonly string[];
  readonly label: string;
}

/**
 * trainingExample turns an incident into a labelled example when its category is validated (R16): set
 * or confirmed by a person (corrections included), or applied and never corrected until closure.
 */
export function trainingExample(inc: Incident, cmdb: CmdbView): TrainingExample | null {
  if (inc.category === null) return null;
  const validated = inc.categorySource === 'human' || (inc.categoryApplied && inc.state === 'closed' && inc.closeCode !== 'merged' && inc.closeCode !== 'linked' && inc.closeCode !== 'moved');
  if (!validated) return null;
  const ciTypes = [...new Set(inc.affectedCis.map((id) => cmdb.get(id)?.type).filter((t): t is string => t !== undefined))];
  const text = [inc.title, inc.description, ...new Set(inc.alerts.map((a) => a.template))].join('\n');
  return { text, ciTypes, label: inc.subcategory === null ? inc.category : `${inc.category}/${inc.subcategory}` };
}
