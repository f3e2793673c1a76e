import { parseCsv } from '@aiops/csv';
import { ConfigurationItem, CiRelationType } from '@aiops/model';

/** ImportError says which record and which field of an import file is wrong, and why. */
export interface ImportError {
  /** 1-based line (CSV: the physical line the record starts on; JSON: the line of the item's opening brace when known). */
  readonly line?: number;
  /** 0-based position of the item in the file. */
  readonly index: number;
  readonly field?: string;
  readonly message: string;
  /** true for problems that do not stop the item from being imported (e.g. a relation to an unknown CI). */
  readonly warning?: boolean;
}

export interface ParsedCmdb {
  readonly items: ConfigurationItem[];
  readonly errors: ImportError[];
}

function validate(raw: unknown, index: number, line: number | undefined, items: ConfigurationItem[], errors: ImportError[], ids: Set<string>): void {
  const r = ConfigurationItem.safeParse(raw);
  if (!r.success) {
    for (const issue of r.error.issues) {
      errors.push({ ...(line === undefined ? {} : { line }), index, field: issue.path.map(String).join('.'), message: issue.message });
    }
    return;
  }
  if (ids.has(r.data.id)) {
    errors.push({ ...(line === undefined ? {} : { line }), index, field: 'id', message: `duplicate id ${r.data.id}` });
    return;
  }
  ids.add(r.data.id);
  items.push(r.data);
}

function danglingRelations(items: ConfigurationItem[], errors: ImportError[], lines: Map<string, number | undefined>, index: Map<string, number>): void {
  const ids = new Set(items.map((i) => i.id));
  for (const ci of items) {
    ci.relations.forEach((rel, k) => {
      if (!ids.has(rel.target)) {
        const line = lines.get(ci.id);
        errors.push({
          ...(line === undefined ? {} : { line }),
          index: index.get(ci.id) ?? -1,
          field: `relations.${k}.target`,
          message: `relation ${rel.type} points to unknown CI ${rel.target} (kept; it resolves if that CI is imported later)`,
          warning: true,
        });
      }
    });
  }
}

/**
 * parseCmdbJson reads `[ci, …]` or `{ "items": [ci, …] }`. Each item is validated on its own: good
 * items are returned, bad ones become errors with their index, field and line. Relations to CIs not
 * in the file are reported as warnings (errors list) but kept.
 */
export function parseCmdbJson(text: string): ParsedCmdb {
  const items: ConfigurationItem[] = [];
  const errors: ImportError[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    return { items, errors: [{ ...(line === undefined ? {} : { line }), index: -1, message: `not valid JSON: ${(err as Error).message}` }] };
  }
  const list = Array.isArray(doc) ? doc : typeof doc === 'object' && doc !== null && Array.isArray((doc as { items?: unknown }).items) ? (doc as { items: unknown[] }).items : null;
  if (list === null) return { items, errors: [{ index: -1, message: 'expected an array of configuration items or {"items": [...]}' }] };
  // Approximate the line of each item by finding its "id" in order of appearance.
  const lineOfId = new Map<string, number>();
  const re = /"id"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const id = JSON.parse(`"${m[1]}"`) as string;
    if (!lineOfId.has(id)) lineOfId.set(id, text.slice(0, m.index).split('\n').length);
  }
  const ids = new Set<string>();
  const index = new Map<string, number>();
  list.forEach((raw, i) => {
    const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
    validate(raw, i, id === undefined ? undefined : lineOfId.get(id), items, errors, ids);
    if (id !== undefined) index.set(id, i);
  });
  danglingRelations(items, errors, lineOfId, index);
  return { items, errors };
}

const LIST_SEP = /[;|]/;

/**
 * parseCmdbCsv reads one CI per row. Columns (header row required, order free): id, name, type,
 * environment, criticality, owner, supportGroup (or support_group), aliases (`;`-separated),
 * relations (`type:target;type:target`), users, slaClass, site, region, cluster, and `attr.<name>`
 * for attributes. Unknown columns are errors, so a typo does not silently drop data.
 */
export function parseCmdbCsv(text: string): ParsedCmdb {
  const items: ConfigurationItem[] = [];
  const errors: ImportError[] = [];
  const rows: Array<{ line: number; cells: string[] }> = [];
  for (const rec of parseCsv(text)) {
    if (rec.error !== undefined) errors.push({ line: rec.line, index: -1, message: rec.error });
    else rows.push({ line: rec.line, cells: rec.fields });
  }
  const header = rows.shift();
  if (!header) return { items, errors: [{ index: -1, message: 'empty CSV: a header row is required' }] };
  const cols = header.cells.map((h) => h.trim());
  const known = new Set(['id', 'name', 'type', 'environment', 'criticality', 'owner', 'supportGroup', 'support_group', 'aliases', 'relations', 'users', 'slaClass', 'sla_class', 'site', 'region', 'cluster']);
  const bad = cols.filter((c) => !known.has(c) && !c.startsWith('attr.'));
  if (bad.length > 0) return { items, errors: [{ line: header.line, index: -1, field: bad[0] as string, message: `unknown column(s): ${bad.join(', ')}` }] };
  if (!cols.includes('id') || !cols.includes('name') || !cols.includes('type')) {
    return { items, errors: [{ line: header.line, index: -1, message: 'columns id, name and type are required' }] };
  }
  const ids = new Set<string>();
  const lines = new Map<string, number | undefined>();
  const index = new Map<string, number>();
  rows.forEach((row, i) => {
    const raw: Record<string, unknown> = { aliases: [], attributes: {}, relations: [] };
    const location: Record<string, string> = {};
    let rowError = false;
    if (row.cells.length !== cols.length) {
      errors.push({ line: row.line, index: i, message: `expected ${cols.length} cells, got ${row.cells.length}` });
      return;
    }
    cols.forEach((col, k) => {
      const v = (row.cells[k] ?? '').trim();
      if (v === '') return;
      switch (col) {
        case 'aliases':
          raw.aliases = v.split(LIST_SEP).map((s) => s.trim()).filter((s) => s !== '');
          break;
        case 'relations': {
          const rels: Array<{ type: string; target: string }> = [];
          for (const part of v.split(LIST_SEP)) {
            const p = part.trim();
            if (p === '') continue;
            const colon = p.indexOf(':');
            const type = colon > 0 ? p.slice(0, colon).trim() : '';
            if (!CiRelationType.safeParse(type).success) {
              errors.push({ line: row.line, index: i, field: 'relations', message: `bad relation "${p}": expected <depends_on|runs_on|part_of|connected_to>:<target id>` });
              rowError = true;
              continue;
            }
            rels.push({ type, target: p.slice(colon + 1).trim() });
          }
          raw.relations = rels;
          break;
        }
        case 'users': {
          const n = Number(v);
          raw.users = Number.isInteger(n) ? n : v;
          break;
        }
        case 'support_group': raw.supportGroup = v; break;
        case 'sla_class': raw.slaClass = v; break;
        case 'site': case 'region': case 'cluster': location[col] = v; break;
        default:
          if (col.startsWith('attr.')) {
            const num = Number(v);
            (raw.attributes as Record<string, unknown>)[col.slice(5)] = v === 'true' ? true : v === 'false' ? false : v !== '' && Number.isFinite(num) && /^-?\d+(\.\d+)?$/.test(v) ? num : v;
          } else raw[col] = v;
      }
    });
    if (Object.keys(location).length > 0) raw.location = location;
    if (rowError) return;
    const id = typeof raw.id === 'string' ? raw.id : undefined;
    if (id !== undefined) {
      lines.set(id, row.line);
      index.set(id, i);
    }
    validate(raw, i, row.line, items, errors, ids);
  });
  danglingRelations(items, errors, lines, index);
  return { items, errors };
}
