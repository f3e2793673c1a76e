/**
 * Architecture rules (STYLE §7) checked against every workspace: the package graph is the architecture.
 * Runs in the integration project only because it lives in test/; it needs no services.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const PURE = new Set(['model', 'errors', 'csv', 'pipeline', 'normalize', 'cmdb', 'correlate', 'incident', 'classify', 'runbook', 'problems']);
const IO = ['kafkajs', '@clickhouse/client', 'fastify', 'node:fs', 'node:net', 'node:child_process', 'node:http', 'fs', 'net', 'child_process', 'http'];
const TRANSFORMS = new Set(['normalize', 'correlate', 'classify', 'runbook', 'problems', 'incident']);

interface Ws { group: 'packages' | 'services'; name: string; dir: string; deps: Set<string> }
const workspaces: Ws[] = [];
for (const group of ['packages', 'services'] as const) {
  for (const name of readdirSync(join(root, group))) {
    const pj = join(root, group, name, 'package.json');
    if (!existsSync(pj)) continue;
    const pkg = JSON.parse(readFileSync(pj, 'utf8'));
    workspaces.push({ group, name, dir: join(root, group, name), deps: new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })) });
  }
}

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.bench.ts')) out.push(p);
    }
  };
  if (existsSync(join(dir, 'src'))) walk(join(dir, 'src'));
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  const out: string[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) out.push((m[1] ?? m[2]) as string);
  return out;
}

describe('architecture', () => {
  it('every @aiops import is declared in package.json, with no deep imports', () => {
    const problems: string[] = [];
    for (const ws of workspaces) {
      for (const f of sources(ws.dir)) {
        for (const spec of imports(f)) {
          if (!spec.startsWith('@aiops/')) continue;
          const parts = spec.split('/');
          if (parts.length > 2) problems.push(`${f}: deep import ${spec}`);
          const pkg = parts.slice(0, 2).join('/');
          if (!ws.deps.has(pkg)) problems.push(`${f}: imports ${pkg} but ${ws.group}/${ws.name}/package.json does not declare it`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('pure packages do no I/O and read no environment or wall clock', () => {
    const problems: string[] = [];
    for (const ws of workspaces.filter((w) => w.group === 'packages' && PURE.has(w.name))) {
      for (const f of sources(ws.dir)) {
        const text = readFileSync(f, 'utf8');
        for (const spec of imports(f)) if (IO.includes(spec)) problems.push(`${f}: imports ${spec}`);
        if (/process\.env/.test(text)) problems.push(`${f}: reads process.env`);
        if (/Date\.now\(\)/.test(text) && !f.endsWith('clock.ts')) problems.push(`${f}: calls Date.now()`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('transforms never import each other, and no service imports a service', () => {
    const problems: string[] = [];
    for (const ws of workspaces) {
      for (const dep of ws.deps) {
        if (!dep.startsWith('@aiops/')) continue;
        const target = dep.slice(7);
        if (ws.group === 'packages' && TRANSFORMS.has(ws.name) && TRANSFORMS.has(target) && target !== ws.name) problems.push(`${ws.name} depends on transform ${target}`);
        if (workspaces.some((w) => w.group === 'services' && w.name === target)) problems.push(`${ws.group}/${ws.name} depends on service ${target}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no export * barrels', () => {
    const problems: string[] = [];
    for (const ws of workspaces) for (const f of sources(ws.dir)) if (/export \*/.test(readFileSync(f, 'utf8'))) problems.push(f);
    expect(problems).toEqual([]);
  });

  it('tsconfig references are generated from package.json dependencies', () => {
    expect(() => execFileSync(process.execPath, [join(root, 'scripts/sync-tsconfig.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
