import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { Runbook, createCatalog, type RunbookCatalog } from './catalog.js';
import { RunbookCatalogInvalid, type CatalogIssue } from './errors.js';
import { checkTemplate, checkUrlTemplate, placeholders, type Namespace } from './template.js';

/** CatalogFile is one file's name and text; reading the directory is the caller's job (no I/O here). */
export interface CatalogFile {
  readonly path: string;
  readonly text: string;
}

type Path = ReadonlyArray<string | number>;

function fieldName(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

const ALL: readonly Namespace[] = ['params', 'request', 'settings'];

/** templateIssues checks every template of a valid runbook against its declared params. */
function templateIssues(rb: Runbook): Array<{ path: Path; reason: string }> {
  const out: Array<{ path: Path; reason: string }> = [];
  const declared = new Set(Object.keys(rb.params));
  const check = (path: Path, reason: string | null) => {
    if (reason !== null) out.push({ path, reason });
  };
  const json = (path: Path, v: unknown) => {
    if (typeof v === 'string') check(path, checkTemplate(v, declared, ALL));
    else if (Array.isArray(v)) v.forEach((x, i) => json([...path, i], x));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
      if (placeholders(k).refs.length > 0) out.push({ path: [...path, k], reason: 'object keys must be literal' });
      json([...path, k], x);
    }
  };
  rb.actions.forEach((a, i) => {
    const at: Path = ['actions', i];
    switch (a.type) {
      case 'http':
        check([...at, 'url'], checkUrlTemplate(a.url, declared));
        if (a.method === 'GET' && a.body !== undefined) out.push({ path: [...at, 'body'], reason: 'a GET request cannot have a body' });
        for (const [k, v] of Object.entries(a.headers)) check([...at, 'headers', k], checkTemplate(v, declared, ALL));
        if (a.body !== undefined) json([...at, 'body'], a.body);
        break;
      case 'command':
        a.argv.forEach((s, j) => check([...at, 'argv', j], checkTemplate(s, declared, j === 0 ? [] : ALL)));
        for (const [k, v] of Object.entries(a.env)) check([...at, 'env', k], checkTemplate(v, declared, ALL));
        break;
      case 'kafka':
        if (a.key !== undefined) check([...at, 'key'], checkTemplate(a.key, declared, ALL));
        json([...at, 'value'], a.value);
        break;
    }
  });
  return out;
}

/**
 * parseCatalog validates runbook files (YAML or JSON; one runbook per file, or a list) and reports every
 * problem with its file, line and field. Ids must be unique across files. Never throws on bad input.
 */
export function parseCatalog(files: readonly CatalogFile[]): { catalog: RunbookCatalog; issues: CatalogIssue[] } {
  const issues: CatalogIssue[] = [];
  const entries: Array<{ runbook: Runbook; file: string; line: number | null }> = [];
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const lc = new LineCounter();
    const doc = parseDocument(f.text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) issues.push({ file: f.path, line: lc.linePos(e.pos[0]).line, field: '', reason: `${f.path.endsWith('.json') ? 'JSON' : 'YAML'} syntax: ${e.message.split('\n')[0]}` });
      continue;
    }
    const lineOf = (path: Path): number | null => {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
      }
      return null;
    };
    const data: unknown = doc.toJS();
    const items: Array<{ value: unknown; prefix: Path }> = Array.isArray(data)
      ? data.map((value, i) => ({ value, prefix: [i] }))
      : [{ value: data, prefix: [] }];
    if (items.length === 0 || data === null || data === undefined) {
      issues.push({ file: f.path, line: 1, field: '', reason: 'empty file: expected a runbook (or a list of runbooks)' });
      continue;
    }
    for (const { value, prefix } of items) {
      const res = Runbook.safeParse(value);
      if (!res.success) {
        for (const iss of res.error.issues as z.core.$ZodIssue[]) {
          const path = [...prefix, ...(iss.path as Array<string | number>)];
          issues.push({ file: f.path, line: lineOf(path), field: fieldName(path), reason: iss.message });
        }
        continue;
      }
      const bad = templateIssues(res.data);
      for (const b of bad) {
        const path = [...prefix, ...b.path];
        issues.push({ file: f.path, line: lineOf(path), field: fieldName(path), reason: b.reason });
      }
      if (bad.length === 0) entries.push({ runbook: res.data, file: f.path, line: lineOf([...prefix, 'id']) });
    }
  }
  const seen = new Map<string, string>();
  const unique: typeof entries = [];
  for (const e of entries) {
    const first = seen.get(e.runbook.id);
    if (first !== undefined) {
      issues.push({ file: e.file, line: e.line, field: 'id', reason: `duplicate runbook id "${e.runbook.id}" (first in ${first})` });
      continue;
    }
    seen.set(e.runbook.id, e.file);
    unique.push(e);
  }
  return { catalog: createCatalog(unique), issues };
}

/** loadCatalog is parseCatalog that throws AIOPS_ERR_RUNBOOK_CATALOG_INVALID listing every issue. */
export function loadCatalog(files: readonly CatalogFile[]): RunbookCatalog {
  const { catalog, issues } = parseCatalog(files);
  if (issues.length > 0) throw RunbookCatalogInvalid(issues);
  return catalog;
}

/** RunnerEnvironment is what a runner offers the catalog: settings values and allowlists. */
export interface RunnerEnvironment {
  readonly settings: Readonly<Record<string, string>>;
  /** argv[0] values allowed to run (as written in the runbook, after resolving relative paths by the caller). */
  readonly isExecutableAllowed: (argv0: string) => boolean;
  readonly isTopicAllowed: (topic: string) => boolean;
}

/** checkCatalogAgainst reports what a catalog needs that this runner does not offer (at start-up). */
export function checkCatalogAgainst(catalog: RunbookCatalog, env: RunnerEnvironment): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  for (const rb of catalog.runbooks) {
    const file = catalog.sources.get(rb.id) ?? rb.id;
    const settingsRefs = (tpl: string, field: string) => {
      for (const r of placeholders(tpl).refs) {
        if (r.ns === 'settings' && !Object.hasOwn(env.settings, r.name)) {
          issues.push({ file, line: null, field, reason: `{{settings.${r.name}}} is not set in the runner configuration` });
        }
      }
    };
    const json = (v: unknown, field: string) => {
      if (typeof v === 'string') settingsRefs(v, field);
      else if (Array.isArray(v)) v.forEach((x, i) => json(x, `${field}[${i}]`));
      else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) json(x, `${field}.${k}`);
    };
    rb.actions.forEach((a, i) => {
      const at = `actions[${i}]`;
      if (a.type === 'http') {
        settingsRefs(a.url, `${at}.url`);
        for (const [k, v] of Object.entries(a.headers)) settingsRefs(v, `${at}.headers.${k}`);
        json(a.body, `${at}.body`);
      } else if (a.type === 'command') {
        if (!env.isExecutableAllowed(a.argv[0] as string)) issues.push({ file, line: null, field: `${at}.argv[0]`, reason: `executable ${a.argv[0]} is not on the runner allowlist` });
        a.argv.forEach((s, j) => settingsRefs(s, `${at}.argv[${j}]`));
        for (const [k, v] of Object.entries(a.env)) settingsRefs(v, `${at}.env.${k}`);
      } else {
        if (!env.isTopicAllowed(a.topic)) issues.push({ file, line: null, field: `${at}.topic`, reason: `topic ${a.topic} is not on the runner allowlist` });
        json(a.value, `${at}.value`);
      }
    });
  }
  return issues;
}
