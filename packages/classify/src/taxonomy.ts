/**
 * TAXONOMY is the default category/subcategory tree (REQUIREMENTS R23: "a category and optional
 * subcategory, from a configurable taxonomy"). Labels are written `category/subcategory`.
 */
export const TAXONOMY: Readonly<Record<string, readonly string[]>> = {
  infrastructure: ['network', 'host', 'storage', 'compute', 'kubernetes'],
  application: ['availability', 'performance', 'error'],
  database: ['availability', 'performance', 'capacity', 'replication'],
  security: ['intrusion', 'certificate', 'access'],
  supplier: ['outage'],
  other: ['unknown'],
};

/** Category is a label of the taxonomy, split. */
export interface Category {
  readonly category: string;
  readonly subcategory: string | null;
}

export function parseLabel(label: string): Category {
  const i = label.indexOf('/');
  return i < 0 ? { category: label, subcategory: null } : { category: label.slice(0, i), subcategory: label.slice(i + 1) || null };
}

export function formatLabel(c: Category): string {
  return c.subcategory === null ? c.category : `${c.category}/${c.subcategory}`;
}
