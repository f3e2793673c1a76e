import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CatalogFile } from '@aiops/runbook';
import { RunnerCatalogUnreadable } from './errors.js';

/** readCatalogDir reads the runbook files of a directory (not recursive: scripts/ holds executables). */
export function readCatalogDir(dir: string, cwd = process.cwd()): CatalogFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.(ya?ml|json)$/.test(n)).sort();
  } catch (err) {
    throw RunnerCatalogUnreadable(dir, err);
  }
  return names.map((n) => {
    const full = join(dir, n);
    return { path: relative(cwd, full) || full, text: readFileSync(full, 'utf8') };
  });
}
