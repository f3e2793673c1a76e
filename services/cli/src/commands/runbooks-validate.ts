import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatIssue, parseCatalog, type CatalogFile } from '@aiops/runbook';
import { parseFlags, type Command } from '../command.js';

/**
 * validateRunbooks checks every *.yaml / *.yml / *.json file of a runbook directory (the same check the
 * runbook runner does at start-up) and returns the report lines and whether the catalog is valid.
 */
export function validateRunbooks(dir: string, cwd = process.cwd()): { ok: boolean; lines: string[] } {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return { ok: false, lines: [`${dir}: not a directory`] };
    names = readdirSync(dir).filter((n) => /\.(ya?ml|json)$/.test(n)).sort();
  } catch (err) {
    return { ok: false, lines: [`${dir}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`] };
  }
  const files: CatalogFile[] = names.map((n) => ({ path: relative(cwd, join(dir, n)) || join(dir, n), text: readFileSync(join(dir, n), 'utf8') }));
  const { catalog, issues } = parseCatalog(files);
  const lines = issues.map(formatIssue);
  for (const rb of catalog.runbooks) {
    const g = rb.guards;
    const approval = g.approval.required ? 'always' : g.approval.atOrAbovePriority ? `at ${g.approval.atOrAbovePriority} or above` : 'no';
    lines.push(
      `ok  ${rb.id} (${catalog.sources.get(rb.id)}): ${rb.actions.map((a) => `${a.type}:${a.name}`).join(', ')}; approval ${approval}; ` +
        `timeout ${g.timeoutMs} ms; retries ${g.retries.max}; breaker after ${g.circuitBreaker.failures} failures${rb.dryRun ? '; DRY RUN' : ''}${rb.enabled ? '' : '; DISABLED'}`,
    );
  }
  if (files.length === 0) return { ok: false, lines: [`${dir}: no runbook files (*.yaml, *.yml, *.json)`] };
  lines.push(issues.length === 0 ? `${catalog.runbooks.length} runbook(s) valid` : `${issues.length} problem(s) in ${dir}`);
  return { ok: issues.length === 0, lines };
}

/** runbooks: `aiops runbooks validate [dir]` (default AIOPS_RUNBOOK_DIR or deploy/examples/runbooks). */
export const runbooksCommand: Command = {
  name: 'runbooks',
  summary: 'validate a runbook catalog directory (file:line: field: reason)',
  usage: 'aiops runbooks validate [dir]   (default: AIOPS_RUNBOOK_DIR or deploy/examples/runbooks; exit 1 on problems)',
  async run(argv, env) {
    const { positionals } = parseFlags(argv);
    if (positionals[0] !== 'validate') {
      console.error(this.usage);
      return 2;
    }
    const dir = positionals[1] ?? env.AIOPS_RUNBOOK_DIR ?? 'deploy/examples/runbooks';
    const { ok, lines } = validateRunbooks(dir);
    for (const l of lines) (ok || l.startsWith('ok  ') ? console.log : console.error)(l);
    return ok ? 0 : 1;
  },
};
