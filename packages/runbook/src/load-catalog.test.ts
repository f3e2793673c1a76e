import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCatalogAgainst, loadCatalog, parseCatalog } from './load-catalog.js';
import { formatIssue } from './errors.js';

const examples = resolve(import.meta.dirname, '../../../deploy/examples/runbooks');

function exampleFiles() {
  return readdirSync(examples)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => ({ path: join('deploy/examples/runbooks', f), text: readFileSync(join(examples, f), 'utf8') }));
}

const minimal = `id: rb-one
description: one
match:
  alertNames: [X]
actions:
  - type: http
    name: call
    url: 'http://127.0.0.1:1/x'
`;

describe('parseCatalog', () => {
  it('accepts the shipped examples', () => {
    const { catalog, issues } = parseCatalog(exampleFiles());
    expect(issues.map(formatIssue)).toEqual([]);
    expect(catalog.runbooks.map((r) => r.id)).toEqual(['clear-disk-script', 'restart-service-http', 'scale-deployment-webhook']);
    const rb = catalog.byId.get('restart-service-http')!;
    expect(rb.guards.retries.max).toBe(2);
    expect(rb.guards.circuitBreaker.failures).toBe(3);
  });

  it('fills safe defaults', () => {
    const rb = loadCatalog([{ path: 'a.yaml', text: minimal }]).byId.get('rb-one')!;
    expect(rb.guards).toMatchObject({ concurrency: 1, cooldownMs: 0, timeoutMs: 30000, approval: { required: false, expiresAfterMs: 3_600_000 }, retries: { max: 0 }, circuitBreaker: { failures: 3 } });
    expect(rb.match.states).toEqual(['new', 'acknowledged', 'in_progress']);
    expect(rb.trigger).toBe('once');
  });

  it('names file, line, field and reason for an unknown key and a bad value', () => {
    const text = minimal.replace('    name: call\n', '    name: call\n    shell: true\n').replace('id: rb-one', 'id: rb-one\nenabled: maybe');
    const { issues } = parseCatalog([{ path: 'runbooks/bad.yaml', text }]);
    const out = issues.map(formatIssue);
    expect(out).toContainEqual(expect.stringMatching(/^runbooks\/bad\.yaml:2: enabled: .*boolean/));
    expect(out).toContainEqual(expect.stringMatching(/^runbooks\/bad\.yaml:\d+: actions\[0\]: .*shell/));
    const shell = issues.find((i) => i.field === 'actions[0]')!;
    expect(shell.line).toBe(7);
  });

  it('reports templates that reference undeclared params or put params in the host', () => {
    const text = minimal.replace("'http://127.0.0.1:1/x'", "'http://{{params.host}}/x/{{params.nope}}'").replace('match:', 'params:\n  host: { from: alert.labels.host }\nmatch:');
    const { issues } = parseCatalog([{ path: 'b.yaml', text }]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'b.yaml', field: 'actions[0].url', line: 10 });
    expect(issues[0]!.reason).toMatch(/scheme and host/);
  });

  it('refuses a templated executable, and reports YAML syntax errors with a line', () => {
    const cmd = minimal.replace(/ {2}- type: http[\s\S]*$/, "  - type: command\n    name: run\n    argv: ['{{request.id}}']\n");
    expect(parseCatalog([{ path: 'c.yaml', text: cmd }]).issues[0]).toMatchObject({ field: 'actions[0].argv[0]', line: 8 });
    const syntax = parseCatalog([{ path: 'd.yaml', text: 'id: x\n  bad: [\n' }]).issues[0]!;
    expect(syntax.file).toBe('d.yaml');
    expect(syntax.reason).toMatch(/YAML syntax/);
    expect(syntax.line).not.toBeNull();
  });

  it('reads JSON files with line numbers and rejects duplicate ids', () => {
    const json = JSON.stringify({ id: 'rb-one', description: 'dup', match: {}, actions: [{ type: 'kafka', name: 'k', topic: 'ops.x', value: { a: 1 } }] }, null, 2);
    const { issues, catalog } = parseCatalog([{ path: 'a.yaml', text: minimal }, { path: 'b.json', text: json }]);
    expect(catalog.runbooks).toHaveLength(1);
    expect(issues).toEqual([{ file: 'b.json', line: 2, field: 'id', reason: 'duplicate runbook id "rb-one" (first in a.yaml)' }]);
    const bad = parseCatalog([{ path: 'e.json', text: json.replace('"kafka"', '"ssh"') }]).issues[0]!;
    expect(bad).toMatchObject({ file: 'e.json', field: 'actions[0].type' });
    expect(bad.line).toBe(7);
  });

  it('refuses a body on a GET', () => {
    const text = minimal.replace("    url: 'http://127.0.0.1:1/x'\n", "    method: GET\n    url: 'http://127.0.0.1:1/x'\n    body: { a: 1 }\n");
    expect(parseCatalog([{ path: 'g.yaml', text }]).issues.map(formatIssue)).toEqual(['g.yaml:10: actions[0].body: a GET request cannot have a body']);
  });

  it('loadCatalog throws one error listing every issue', () => {
    expect(() => loadCatalog([{ path: 'x.yaml', text: 'id: 1\n' }])).toThrow(/x\.yaml:1: id/);
  });
});

describe('checkCatalogAgainst', () => {
  it('reports missing settings and executables or topics off the allowlist', () => {
    const catalog = loadCatalog(exampleFiles());
    const issues = checkCatalogAgainst(catalog, { settings: { restart_api: 'http://x' }, isExecutableAllowed: () => false, isTopicAllowed: () => true });
    const text = issues.map(formatIssue).join('\n');
    expect(text).toMatch(/restart_api_token/);
    expect(text).toMatch(/disk_root/);
    expect(text).toMatch(/clear-disk\.sh is not on the runner allowlist/);
    expect(text).not.toMatch(/settings\.restart_api\}\}/);
  });
});
