import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigInvalid } from '@aiops/errors';

export interface ConfigSources {
  /** Path of a JSON config file; missing file is an error only when a path is given. */
  readonly file?: string | undefined;
  /** Values that win over the file, typically built from AIOPS_* env vars in a service's main.ts. */
  readonly overrides?: Record<string, unknown> | undefined;
}

/**
 * loadConfig runs once, before anything connects: merge file and overrides, validate with a strict
 * schema (unknown keys are errors), and deep-freeze the result. Errors name the key and the reason.
 */
export function loadConfig<S extends z.ZodType>(schema: S, sources: ConfigSources = {}): Readonly<z.output<S>> {
  let fromFile: unknown = {};
  if (sources.file !== undefined && sources.file !== '') {
    let text: string;
    try {
      text = readFileSync(sources.file, 'utf8');
    } catch (err) {
      throw ConfigInvalid(`cannot read config file ${sources.file}: ${(err as Error).message}`, err);
    }
    try {
      fromFile = JSON.parse(text);
    } catch (err) {
      throw ConfigInvalid(`config file ${sources.file} is not valid JSON: ${(err as Error).message}`, err);
    }
  }
  const merged = deepMerge(fromFile, sources.overrides ?? {});
  const parsed = schema.safeParse(merged);
  if (!parsed.success) throw ConfigInvalid(z.prettifyError(parsed.error), parsed.error);
  return deepFreeze(parsed.data) as Readonly<z.output<S>>;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** deepMerge merges plain objects; arrays and scalars from `b` replace those of `a`; undefined is ignored. */
export function deepMerge(a: unknown, b: unknown): unknown {
  if (b === undefined) return a;
  if (!isPlainObject(a) || !isPlainObject(b)) return b;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    out[k] = deepMerge(a[k], v);
  }
  return out;
}

export function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x as object)) deepFreeze(v);
  }
  return x;
}

/** setPath builds nested override objects from dotted paths, for env-var mapping in main.ts. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  let cur = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i] as string;
    if (!isPlainObject(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1] as string] = value;
  return target;
}

/**
 * envOverrides maps AIOPS_* variables to config paths. `parse` turns the string into the config value
 * (csv lists, numbers, booleans); unset variables leave the path alone.
 */
export function envOverrides(
  env: Readonly<Record<string, string | undefined>>,
  mapping: Readonly<Record<string, string | { path: string; parse: (v: string) => unknown }>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(mapping)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (typeof spec === 'string') setPath(out, spec, raw);
    else setPath(out, spec.path, spec.parse(raw));
  }
  return out;
}

export const parseCsv = (v: string): string[] => v.split(',').map((s) => s.trim()).filter((s) => s !== '');
export const parseIntStrict = (v: string): number => {
  if (!/^-?\d+$/.test(v.trim())) return Number.NaN; // the schema then reports the key, instead of a silent default
  return Number.parseInt(v, 10);
};
export const parseBool = (v: string): boolean | string => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v);
