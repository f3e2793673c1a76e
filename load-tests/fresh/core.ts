/**
 * core holds what the three shops share: the real estate as a list of CIs with the links a failure
 * travels along, the CMDB view of it (full, stale or none), and the ledger that hands out alert
 * identities and remembers who owns each one (a failure, or nobody: noise).
 */
import type { CiRelationType, ConfigurationItem } from '@aiops/model';
import type { Prng } from '../quality/prng.js';

export interface Ci {
  id: string;
  /** the name the CMDB would hold (tools may use another one: see `handle`). */
  name: string;
  /** the name monitoring tools use for it (short host name, job name, workload name). */
  handle: string;
  type: string;
  role: string;
  aliases: string[];
  attributes: Record<string, string | number | boolean>;
  relations: Array<{ type: CiRelationType; target: string }>;
  site?: string;
}

export interface Estate {
  cis: Ci[];
  byId: Map<string, Ci>;
  byRole: Map<string, Ci[]>;
}

/** fnv32 is a small stable string hash (ids, Zabbix trigger ids, per-device clock skew). */
export function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/** EstateBuilder numbers CIs like an asset register does (CI0001234), so ids say nothing about names. */
export class EstateBuilder {
  readonly cis: Ci[] = [];
  private n = 0;
  constructor(private readonly base: number) {}

  add(c: Omit<Ci, 'id' | 'aliases' | 'attributes' | 'relations' | 'handle'> & Partial<Pick<Ci, 'aliases' | 'attributes' | 'handle'>>): Ci {
    const ci: Ci = { id: `CI${String(this.base + ++this.n * 7).padStart(7, '0')}`, aliases: [], attributes: {}, relations: [], handle: c.name, ...c };
    this.cis.push(ci);
    return ci;
  }

  done(): Estate {
    const byId = new Map(this.cis.map((c) => [c.id, c]));
    const byRole = new Map<string, Ci[]>();
    for (const c of this.cis) {
      const l = byRole.get(c.role) ?? [];
      l.push(c);
      byRole.set(c.role, l);
    }
    return { cis: this.cis, byId, byRole };
  }
}

export function relate(a: Ci, type: CiRelationType, b: Ci): void {
  if (!a.relations.some((r) => r.target === b.id && r.type === type)) a.relations.push({ type, target: b.id });
}

/** StaleOptions: how far the CMDB has drifted from the estate (the shares apply per CI or per relation). */
export interface StaleOptions {
  dropRelations?: number;
  /** CIs never discovered (roots are kept: a failure's root is something the CMDB knows). */
  dropCis?: number;
  /** CI still under an old name (tools use the new one). */
  renamed?: number;
  /** relation pointing at a wrong CI of the same type. */
  wrongLinks?: number;
  /** the same machine imported twice from two discovery sources. */
  duplicates?: number;
}

export interface CmdbView {
  cis: ConfigurationItem[];
  /** ids of estate CIs the CMDB holds (eligible as roots). */
  known: Set<string>;
  /** root CI id -> names accepted for it (lower case): its CMDB name, handle and aliases. */
  names: Record<string, string[]>;
}

/** toCmdb renders the CMDB the engine gets (deterministic for the prng); roles listed in `keepRoles` are never dropped. */
export function toCmdb(estate: Estate, prng: Prng, stale: StaleOptions): CmdbView {
  const known = new Set<string>();
  const dropped = new Set<string>();
  for (const c of estate.cis) if (prng.chance(stale.dropCis ?? 0)) dropped.add(c.id);
  const out: ConfigurationItem[] = [];
  const names: Record<string, string[]> = {};
  const byType = new Map<string, Ci[]>();
  for (const c of estate.cis) if (!dropped.has(c.id)) byType.set(c.type, [...(byType.get(c.type) ?? []), c]);
  for (const c of estate.cis) {
    names[c.id] = [...new Set([c.name, c.handle, ...c.aliases].map((n) => n.toLowerCase()))];
    if (dropped.has(c.id)) continue;
    known.add(c.id);
    const renamed = prng.chance(stale.renamed ?? 0);
    const name = renamed ? `${c.name.split('.')[0]}-old` : c.name;
    const relations: ConfigurationItem['relations'] = [];
    for (const r of c.relations) {
      if (dropped.has(r.target) || prng.chance(stale.dropRelations ?? 0)) continue;
      if (prng.chance(stale.wrongLinks ?? 0)) {
        const t = estate.byId.get(r.target);
        const peers = (t && byType.get(t.type)) ?? [];
        if (peers.length > 1) { relations.push({ type: r.type, target: prng.pick(peers).id }); continue; }
      }
      relations.push(r);
    }
    const aliases = renamed ? [] : c.aliases.filter((a) => a !== name);
    if (!renamed && c.handle !== name && !aliases.includes(c.handle)) aliases.push(c.handle);
    out.push({ id: c.id, name, type: c.type, aliases, attributes: { ...c.attributes }, relations, ...(c.site ? { location: { site: c.site } } : {}) });
    if (prng.chance(stale.duplicates ?? 0) && (c.type === 'host' || c.type === 'vm')) {
      out.push({ id: `${c.id}-D`, name: c.handle.toUpperCase(), type: c.type, aliases: [], attributes: {}, relations: [] });
    }
  }
  return { cis: out, known, names };
}

/** Owner of an alert identity: a failure (with its root CI) or null for noise. */
export type Owner = { failureId: string; rootCauseCi: string } | null;

export type Sender = 'trap' | 'zabbix' | 'icinga' | 'am' | 'ctm' | 'probe' | 'argocd' | 'omegamon';
export type Level = 'critical' | 'major' | 'minor' | 'warning' | 'info';

/**
 * Condition is one alert identity at its source: a problem that is true over `intervals` (end null =
 * still true when the storm ends). The sender turns it into notifications with its own detection
 * delay, batching, re-notification and clearing.
 */
export interface Condition {
  owner: Owner;
  /** the CI the alert is about (for the explain view; null for identities no CI stands for). */
  ci: string | null;
  sender: Sender;
  /** identity at the source, unique in the storm (the ledger refuses a second owner). */
  key: string;
  intervals: Array<[number, number | null]>;
  /** the host/device/node the tool names (Zabbix host, Icinga host, trap agent). */
  host?: string;
  title: string;
  text: string;
  level: Level;
  labels: Record<string, string>;
  /** Prometheus rule `for:` (am only). */
  forMs?: number;
}

/** Failure is one injected fault: its root, what kind, when, and how many CIs it reached. */
export interface Failure {
  id: string;
  kind: string;
  rootCauseCi: string;
  rootName: string;
  at: number;
  reached: number;
}

/** identityOf: what the tool itself takes as one alert (Alertmanager: the label set; Zabbix: host + trigger; Icinga: host!service). */
export function identityOf(c: Condition): string {
  switch (c.sender) {
    case 'am': {
      const l: Record<string, string> = { ...c.labels, severity: c.labels['severity'] ?? c.level };
      return `am:${Object.keys(l).sort().map((k) => `${k}=${l[k] ?? ''}`).join(',')}`;
    }
    case 'zabbix': return `zbx:${c.host ?? ''}:${c.title}`;
    case 'icinga': return `icinga:${c.host ?? ''}!${c.labels['service'] ?? ''}`;
    default: return `${c.sender}:${c.key}`;
  }
}

/** Ledger keeps the conditions; an identity already taken keeps its first owner (a firing alert does not fire twice). */
export class Ledger {
  readonly conditions: Condition[] = [];
  private readonly keys = new Set<string>();
  readonly failures: Failure[] = [];
  constructor(readonly start: number, readonly end: number) {}

  emit(input: Condition): boolean {
    const c = { ...input, key: identityOf(input) };
    if (this.keys.has(c.key)) return false;
    const intervals = c.intervals.filter(([s, e]) => s < this.end && (e === null || e > s)).map(([s, e]): [number, number | null] => [Math.max(s, this.start), e !== null && e >= this.end ? null : e]);
    if (intervals.length === 0) return false;
    this.keys.add(c.key);
    this.conditions.push({ ...c, intervals });
    return true;
  }
}

export const SEC = 1000;
export const MIN = 60_000;
export const HOUR = 3_600_000;

/** flapIntervals splits [start, end] into `n` bursts of trouble with short clear gaps (a wobbly port, a marginal probe). */
export function flapIntervals(prng: Prng, start: number, end: number | null, n: number, gapMs: [number, number]): Array<[number, number | null]> {
  if (n <= 1) return [[start, end]];
  const out: Array<[number, number | null]> = [];
  let t = start;
  const last = end ?? start + n * 10 * MIN;
  for (let i = 0; i < n && t < last; i++) {
    const up = i === n - 1 ? end : Math.min(last, t + prng.int(20 * SEC, Math.max(30 * SEC, Math.floor((last - t) / (n - i)))));
    out.push([t, up]);
    if (up === null) break;
    t = up + prng.int(gapMs[0], gapMs[1]);
  }
  return out;
}

/** Fx is what a failure's mechanics get: its owner, its start, and emit with a probability. */
export interface Fx {
  prng: Prng;
  at: number;
  /** the storm's start (the bank's batch schedule counts from it). */
  stormStart: number;
  owner: Owner;
  /** emit the condition with probability p (default 1); false when not drawn or the identity is taken. */
  emit(c: Omit<Condition, 'owner'>, p?: number): boolean;
}

/** FailureKind: a way this shop breaks; `unfold` emits the alerts and returns the CIs it reached (and its start when the kind fixes it). */
export interface FailureKind<E extends Estate> {
  kind: string;
  weight: number;
  roots(e: E): readonly Ci[];
  unfold(e: E, root: Ci, fx: Fx): { reached: number; at?: number };
}

export interface NoiseCtx {
  prng: Prng;
  start: number;
  end: number;
  /** multiplier on the shop's noise rates. */
  rate: number;
  emit(c: Omit<Condition, 'owner'>): boolean;
  /** poisson yields arrival times for `perHour` events an hour (times the rate). */
  poisson(perHour: number): number[];
}

export interface ShopModel<E extends Estate> {
  shape: string;
  build(prng: Prng, size: number): E;
  kinds: ReadonlyArray<FailureKind<E>>;
  noise(e: E, n: NoiseCtx): void;
}

/** until: a condition that clears `lag` after `fixAt` (null past the storm is handled by the ledger). */
export const after = (prng: Prng, fixAt: number, lag: [number, number] = [0, 60 * SEC]): number => fixAt + prng.int(lag[0], lag[1]);
