#!/usr/bin/env node
// Creates a workspace skeleton: node scripts/new-package.mjs packages/foo "description" [@aiops/dep ...]
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [where, description = '', ...deps] = process.argv.slice(2);
if (!where || !/^(packages|services)\/[a-z0-9-]+$/.test(where)) {
  console.error('usage: node scripts/new-package.mjs packages/<name>|services/<name> "description" [@aiops/dep ...]');
  process.exit(2);
}
const dir = join(root, where);
if (existsSync(join(dir, 'package.json'))) {
  console.error(`${where} exists`);
  process.exit(2);
}
const name = `@aiops/${basename(where)}`;
mkdirSync(join(dir, 'src'), { recursive: true });
const pkg = {
  name,
  version: '0.1.0',
  private: true,
  description,
  type: 'module',
  main: './dist/index.js',
  types: './dist/index.d.ts',
  exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
  dependencies: Object.fromEntries(deps.map((d) => [d, '*'])),
};
writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
if (!existsSync(join(dir, 'src/index.ts'))) writeFileSync(join(dir, 'src/index.ts'), 'export {};\n');
console.log(`created ${where} (${name}); now run: node scripts/sync-tsconfig.mjs && npm install`);
