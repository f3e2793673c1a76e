import { readFileSync } from 'node:fs';
import { sha256Hex, type TokenSpec, type Role, ROLES } from './auth.js';

/**
 * tokensFromEnv builds token specs from the process environment, read only in a service's main.ts:
 * - AIOPS_API_TOKENS: JSON array of {name, sha256, roles, sources?} (hashed tokens, production);
 * - AIOPS_API_TOKEN_FILE: a file holding one plain token, granted admin (what `npm run up` writes).
 * Nothing accepts a built-in default token: with neither set, no token is accepted.
 */
export function tokensFromEnv(env: Readonly<Record<string, string | undefined>>): TokenSpec[] {
  const out: TokenSpec[] = [];
  const json = env.AIOPS_API_TOKENS;
  if (json !== undefined && json.trim() !== '') {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) throw new Error('AIOPS_API_TOKENS must be a JSON array');
    for (const t of parsed as Array<Record<string, unknown>>) {
      const roles = (Array.isArray(t.roles) ? t.roles : []).filter((r): r is Role => (ROLES as readonly string[]).includes(String(r)));
      if (typeof t.name !== 'string' || typeof t.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(t.sha256) || roles.length === 0) {
        throw new Error('each AIOPS_API_TOKENS entry needs name, sha256 (64 hex chars) and at least one known role');
      }
      out.push({ name: t.name, sha256: t.sha256, roles, ...(Array.isArray(t.sources) ? { sources: t.sources.map(String) } : {}) });
    }
  }
  const file = env.AIOPS_API_TOKEN_FILE;
  if (file !== undefined && file !== '') {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length < 16) throw new Error(`token in ${file} is shorter than 16 characters`);
    out.push({ name: 'dev', sha256: sha256Hex(token), roles: ['admin'] });
  }
  return out;
}
