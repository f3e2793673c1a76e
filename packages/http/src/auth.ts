import { createHash, timingSafeEqual } from 'node:crypto';
import { Forbidden, Unauthorized } from '@aiops/errors';

/** Roles, from least to most: ingest (monitoring senders), viewer, responder, admin. */
export const ROLES = ['ingest', 'viewer', 'responder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** TokenSpec is one configured API token. `sha256` is the hex digest of the token; the token itself is never stored. */
export interface TokenSpec {
  readonly name: string;
  readonly sha256: string;
  readonly roles: readonly Role[];
  /** For ingest tokens: which sources it may post for; empty or absent = all. */
  readonly sources?: readonly string[];
}

export interface Principal {
  readonly name: string;
  readonly roles: ReadonlySet<Role>;
  readonly sources: ReadonlySet<string> | null;
}

export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * TokenAuth checks bearer tokens. It compares SHA-256 digests with timingSafeEqual against every
 * configured token, so timing reveals neither which token nor how much of it matched.
 */
export class TokenAuth {
  private readonly entries: ReadonlyArray<{ digest: Buffer; principal: Principal }>;

  constructor(tokens: readonly TokenSpec[]) {
    this.entries = tokens.map((t) => ({
      digest: Buffer.from(t.sha256, 'hex'),
      principal: {
        name: t.name,
        roles: expandRoles(t.roles),
        sources: t.sources && t.sources.length > 0 ? new Set(t.sources) : null,
      },
    }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** authenticate returns the principal of an `Authorization: Bearer <token>` header, or throws 401. */
  authenticate(header: string | undefined): Principal {
    if (header === undefined || !header.startsWith('Bearer ')) throw Unauthorized();
    const token = header.slice(7).trim();
    if (token === '') throw Unauthorized();
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let found: Principal | undefined;
    for (const e of this.entries) {
      // no early exit: every entry is compared
      if (e.digest.length === digest.length && timingSafeEqual(e.digest, digest)) found = e.principal;
    }
    if (found === undefined) throw Unauthorized();
    return found;
  }

  /** authorize throws 403 unless the principal holds `role` (and may post for `source`, when given). */
  static authorize(p: Principal, role: Role, source?: string): void {
    if (!p.roles.has(role)) throw Forbidden(`token "${p.name}" lacks the ${role} role`);
    if (source !== undefined && p.sources !== null && !p.sources.has(source)) {
      throw Forbidden(`token "${p.name}" may not post events for source "${source}"`);
    }
  }
}

/** A higher role includes the lower ones, except ingest, which only admin includes. */
function expandRoles(roles: readonly Role[]): ReadonlySet<Role> {
  const out = new Set<Role>(roles);
  if (out.has('admin')) for (const r of ROLES) out.add(r);
  if (out.has('responder')) out.add('viewer');
  return out;
}
