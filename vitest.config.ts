import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Unit tests run against each package's src (no build needed): @aiops/<name> -> packages/<name>/src/index.ts.
const root = resolve(import.meta.dirname);
const alias: Record<string, string> = {};
for (const group of ['packages', 'services']) {
  for (const name of readdirSync(join(root, group))) {
    const entry = join(root, group, name, 'src', 'index.ts');
    if (existsSync(entry)) alias[`@aiops/${name}`] = entry;
  }
}

// `natural` runs dotenv on import, which prints "injected env" lines into every test's output.
process.env.DOTENV_CONFIG_QUIET ??= 'true';

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'load-tests/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'services/*/src/**/*.int.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          globalSetup: ['test/setup/stack.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Two cores are shared by Kafka, ClickHouse and the services under test: keep files sequential
          // per worker and at most two workers, so timings stay sane.
          pool: 'forks',
          poolOptions: { forks: { maxForks: 2, minForks: 1 } },
        },
      },
    ],
  },
});
