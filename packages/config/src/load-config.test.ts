import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAiopsError } from '@aiops/errors';
import { envOverrides, loadConfig, parseCsv, parseIntStrict } from './index.js';

const schema = z.strictObject({
  kafka: z.strictObject({ brokers: z.array(z.string()).min(1), batch: z.number().int().positive().default(500) }),
  port: z.number().int().default(8080),
});

describe('loadConfig', () => {
  it('applies defaults, merges overrides over the file and deep-freezes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ kafka: { brokers: ['a:1'] }, port: 1 }));
    const c = loadConfig(schema, { file, overrides: { port: 2 } });
    expect(c).toEqual({ kafka: { brokers: ['a:1'], batch: 500 }, port: 2 });
    expect(Object.isFrozen(c.kafka)).toBe(true);
  });
  it('rejects unknown keys and names them', () => {
    try {
      loadConfig(schema, { overrides: { kafka: { brokers: ['a:1'], brokerz: 1 } } });
      expect.unreachable();
    } catch (err) {
      expect(isAiopsError(err) && err.code).toBe('AIOPS_ERR_CONFIG_INVALID');
      expect((err as Error).message).toMatch(/brokerz/);
    }
  });
  it('names the path of a wrong value', () => {
    expect(() => loadConfig(schema, { overrides: { kafka: { brokers: [] } } })).toThrow(/kafka\.brokers/);
  });
  it('reports an unreadable file', () => {
    expect(() => loadConfig(schema, { file: '/nonexistent/x.json' })).toThrow(/cannot read config file/);
  });
});

describe('envOverrides', () => {
  it('maps only set variables and parses them', () => {
    const o = envOverrides(
      { AIOPS_KAFKA_BROKERS: 'a:1, b:2', AIOPS_PORT: '9', AIOPS_UNSET: undefined },
      { AIOPS_KAFKA_BROKERS: { path: 'kafka.brokers', parse: parseCsv }, AIOPS_PORT: { path: 'port', parse: parseIntStrict }, AIOPS_UNSET: 'x' },
    );
    expect(o).toEqual({ kafka: { brokers: ['a:1', 'b:2'] }, port: 9 });
  });
  it('turns a non-number into NaN so the schema names the key', () => {
    expect(() => loadConfig(schema, { overrides: { kafka: { brokers: ['a'] }, port: parseIntStrict('80a') } })).toThrow(/port/);
  });
});
