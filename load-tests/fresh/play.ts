/**
 * play builds a storm over a shop: failures drawn by kind weight (roots the CMDB knows, each root once),
 * placed uniformly over the storm or, for a share of them, right next to another failure (concurrent
 * unrelated failures), then the shop's noise, then the senders' notifications and the truth.
 */
import type { Event } from '@aiops/model';
import type { Prng } from '../quality/prng.js';
import { Ledger, MIN, type Ci, type Condition, type Estate, type Failure, type NoiseCtx, type ShopModel } from './core.js';
import { render } from './senders.js';

export interface StormOptions {
  seed: number;
  startAt: number;
  durationMs: number;
  failures: number;
  /** share of failures started within 2 min of another one. */
  concurrent: number;
  /** multiplier on the shop's noise rates. */
  noise: number;
}

export type Truth = Record<string, { failureId: string; rootCauseCi: string } | null>;

export interface Storm {
  events: Event[];
  truth: Truth;
  failures: Failure[];
  /** fingerprint -> the CI its alert is about (null: none), for the explain view. */
  ciOf: Map<string, string | null>;
  /** fingerprint -> source identity key. */
  keyOf: Map<string, string>;
}

export function playStorm<E extends Estate>(shop: ShopModel<E>, estate: E, eligible: ReadonlySet<string>, o: StormOptions, prng: Prng): Storm {
  const end = o.startAt + o.durationMs;
  const ledger = new Ledger(o.startAt, end);
  const fp = prng.fork(1);
  const used = new Set<string>();
  const kinds = shop.kinds.map((k) => [k, k.weight] as const);
  let last = o.startAt + 5 * MIN;
  for (let i = 0; i < o.failures; i++) {
    const kind = fp.weighted(kinds);
    const roots = kind.roots(estate).filter((c: Ci) => eligible.has(c.id) && !used.has(c.id));
    if (roots.length === 0) continue;
    const root = fp.pick(roots);
    used.add(root.id);
    const at = i > 0 && fp.chance(o.concurrent) ? last + fp.int(-2 * MIN, 2 * MIN) : fp.int(o.startAt + 3 * MIN, end - 20 * MIN);
    const id = `F${String(i + 1).padStart(3, '0')}`;
    const owner = { failureId: id, rootCauseCi: root.id };
    const rng = fp.fork(1000 + i);
    const fx = { prng: rng, at, stormStart: o.startAt, owner, emit: (c: Omit<Condition, 'owner'>, p = 1): boolean => rng.chance(p) && ledger.emit({ ...c, owner }) };
    const r = kind.unfold(estate, root, fx);
    last = r.at ?? at;
    ledger.failures.push({ id, kind: kind.kind, rootCauseCi: root.id, rootName: root.handle, at: r.at ?? at, reached: r.reached });
  }
  const np = prng.fork(2);
  const noise: NoiseCtx = {
    prng: np, start: o.startAt, end, rate: o.noise,
    emit: (c) => ledger.emit({ ...c, owner: null }),
    poisson(perHour) {
      const out: number[] = [];
      const mean = 3_600_000 / Math.max(1e-9, perHour * o.noise);
      for (let t = o.startAt + np.exp(mean); t < end; t += np.exp(mean)) out.push(Math.floor(t));
      return out;
    },
  };
  shop.noise(estate, noise);
  const { events, keyOf } = render(ledger.conditions, prng.fork(3), end);
  const byKey = new Map(ledger.conditions.map((c) => [c.key, c]));
  const truth: Truth = {};
  const ciOf = new Map<string, string | null>();
  for (const [f, k] of keyOf) {
    const c = byKey.get(k);
    if (!c) throw new Error(`no condition for ${k}`);
    truth[f] = c.owner;
    ciOf.set(f, c.ci);
  }
  return { events, truth, failures: ledger.failures, ciOf, keyOf };
}
