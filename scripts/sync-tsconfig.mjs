#!/usr/bin/env node
// Generates every workspace's tsconfig.json references from its package.json @aiops/* dependencies,
// and the root solution tsconfig.json, so the package graph and the build graph cannot drift (as in OTel).
// Usage: node scripts/sync-tsconfig.mjs [--check]
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const dirs = [];
for (const group of ['packages', 'services']) {
  const base = join(root, group);
  if (!existsSync(base)) continue;
  for (const name of readdirSync(base).sort()) {
    if (existsSync(join(base, name, 'package.json'))) dirs.push(join(base, name));
  }
}
const byName = new Map();
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  byName.set(pkg.name, { dir, pkg });
}
let drift = false;
function write(file, content) {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (old === content) return;
  drift = true;
  if (check) console.error(`out of date: ${relative(root, file)}`);
  else writeFileSync(file, content);
}
for (const { dir, pkg } of byName.values()) {
  const deps = { ...pkg.dependencies, ...pkg.peerDependencies };
  const refs = Object.keys(deps)
    .filter((d) => d.startsWith('@aiops/') && byName.has(d) && d !== '@aiops/testkit')
    .sort()
    .map((d) => ({ path: relative(dir, byName.get(d).dir) }));
  const tsconfig = {
    extends: relative(dir, join(root, 'tsconfig.base.json')),
    compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
    include: ['src/**/*.ts'],
    exclude: ['src/**/*.test.ts', 'src/**/*.bench.ts'],
    references: refs,
  };
  write(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2) + '\n');
}
const solution = {
  files: [],
  references: [...byName.values()].map(({ dir }) => ({ path: relative(root, dir) })),
};
write(join(root, 'tsconfig.json'), JSON.stringify(solution, null, 2) + '\n');
if (check && drift) {
  console.error('run: node scripts/sync-tsconfig.mjs');
  process.exit(1);
}
