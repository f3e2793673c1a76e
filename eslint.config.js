// Lint rules that keep the architecture visible (STYLE §7, §9): no floating promises, no deep imports,
// no kafkajs/ClickHouse/fastify/env access outside adapters and services.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IO_LIBS = ['kafkajs', '@clickhouse/client', 'fastify', 'node:fs', 'node:net', 'node:child_process', 'fs', 'net', 'child_process'];
const PURE = ['model', 'errors', 'pipeline', 'normalize', 'cmdb', 'correlate', 'incident', 'classify', 'runbook', 'problems'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.aiops/**', 'load-tests/dist/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { patterns: [{ group: ['@aiops/*/src/*', '@aiops/*/dist/*'], message: 'import packages through their entry point' }] }],
    },
  },
  {
    // type-aware rules for shipped code (test files are outside the build's tsconfig)
    files: ['packages/*/src/**/*.ts', 'services/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.bench.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: PURE.map((p) => `packages/${p}/src/**/*.ts`),
    ignores: ['**/*.test.ts', '**/*.int.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: IO_LIBS.map((name) => ({ name, message: 'pure stage packages do no I/O: declare a port' })), patterns: [{ group: ['@aiops/*/src/*'], message: 'no deep imports' }] }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'config is passed in; env is read only in main.ts' }, { object: 'Date', property: 'now', message: 'time comes from an injected Clock' }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'load-tests/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
