/**
 * Second looks for a matched alert the CMDB gave no group: across a CMDB gap (gap.ts: a CI its text
 * names, an orphan's look-alike burst, a lost uplink) and through relations learned from history (ci-links.ts).
 */
import type { Event, JoinEvidence, JoinRule } from '@aiops/model';
import { causeActive } from './cause-checks.js';
import type { CiLinkIndex } from './ci-links.js';
import { type EngineContext, tokensOf } from './engine-context.js';
import { MAX_POSTING } from './find-group.js';
import type { GapView } from './gap.js';
import { apartGroup, bestTemplate, mentionConflict } from './join-checks.js';
import { normEntity as normHost } from './mentions.js';
import { groupsOf, postingSize } from './postings.js';
import type { AlertState, DomainState, GroupState } from './state.js';
import { cmp } from './top-k.js';

interface GapLook { readonly orphan: boolean; readonly named: readonly string[]; readonly lost: string | null }

/** gapLook: what a second look across a CMDB gap may use for an alert on `ci` (gap.ts). */
export function gapLook(ctx: EngineContext, ci: string, e: Event): GapLook {
  const { gapView, g, NO_NAMES } = ctx;
  let ownValues: Set<string> | null = null; // the alert's own label and hint values: its subject, never a dependency it names
  const own = (name: string): boolean => {
    if (!ownValues) {
      ownValues = new Set();
      for (const v of [...Object.values(e.labels), ...Object.values(e.resource)]) if (typeof v === 'string' && v !== '') ownValues.add(normHost(v));
    }
    return ownValues.has(name);
  };
  const text = e.description === '' ? e.title : `${e.title}\n${e.description}`;
  return { orphan: (gapView as GapView).isOrphan(ci), named: g.gapMentions ? (gapView as GapView).namedCis(text, ci, own) : NO_NAMES, lost: (gapView as GapView).lostUplink(ci) };
}

/**
 * findAcrossGap: the second look for a matched alert the CMDB gave no group (gap.ts): a group where a
 * CI its text names alerts (a dependency the CMDB lacks), else, for an orphan CI, a burst that reads
 * alike (the CMDB's silence between the two is the gap, not a veto). Label keys stay out.
 */
export function findAcrossGap(ctx: EngineContext, d: DomainState, a: AlertState, t: number, look: GapLook): { grp: GroupState; rule: JoinRule; evidence: JoinEvidence; score: number } | null {
  const { g } = ctx;
  const self = a.ci?.id ?? '';
  let best: { grp: GroupState; rule: JoinRule; evidence: JoinEvidence; score: number } | null = null;
  const consider = (grp: GroupState, rule: JoinRule, evidence: JoinEvidence, score: number): void => {
    if (score < g.minScore) return;
    if (!best || score > best.score || (score === best.score && (grp.openedAt < best.grp.openedAt || (grp.openedAt === best.grp.openedAt && grp.id < best.grp.id)))) best = { grp, rule, evidence, score };
  };
  const open = (grp: GroupState): boolean => t - (g.windowFrom === 'first' ? grp.openedAt : grp.lastOnset) <= g.windowMs;
  for (const x of look.named) {
    for (const grp of groupsOf<GroupState>(d.index.m, x) ?? []) {
      if (open(grp) && grp.ciCount.has(x) && t - grp.lastOnset <= g.mentionWindowMs && causeActive(ctx, d, grp, x, t)) {
        consider(grp, 'topology', { hops: 1, path: [self, x], detail: `learned from text: ${self} names ${x} (no relation in the CMDB)` }, g.mentionScore);
      }
    }
  }
  if (best === null && look.lost !== null) best = findLostUplink(ctx, d, a, t, look.lost);
  const tokens = look.orphan && g.similarity && best === null ? tokensOf(ctx, a.template) : [];
  if (tokens.length > 0) {
    // a template at cosine >= threshold shares one of its rarest few tokens (as in findGroup)
    const need = Math.min(tokens.length, Math.floor(tokens.length * (1 - g.similarityThreshold)) + 1);
    const rare = tokens.map((tok) => ({ tok, n: postingSize(d.index.t, tok) })).sort((x, y) => x.n - y.n || cmp(x.tok, y.tok));
    const cand = new Set<GroupState>();
    for (const r of rare.slice(0, need)) {
      if (r.n > 0 && r.n <= MAX_POSTING) for (const grp of groupsOf<GroupState>(d.index.t, r.tok) ?? []) cand.add(grp);
    }
    for (const grp of cand) {
      if (!open(grp) || grp.ciCount.size < g.gapBurstMinCis || t - grp.lastOnset > g.similarityWindowMs) continue;
      const m = bestTemplate(ctx, grp, a, tokens, t);
      if (m.score > 0 && !(g.mentionsVetoSimilarity && mentionConflict(ctx, a, grp))) consider(grp, 'similarity', { score: Math.round(m.sim * 1000) / 1000, detail: `similar to "${m.tpl}" (${self} has no relation in the CMDB)`.slice(0, 200) }, m.score);
    }
  }
  return best;
}

/**
 * findLostUplink: the alert's CI, or one it directly needs, has lost its uplink in the CMDB (gap.ts). Its
 * real uplink is one of the CIs its type peers need; the open group where such a CI started alerting
 * most recently before the alert (within effectLagMs, its alert still active) takes it: a hypothesised hop.
 */
function needs(ctx: EngineContext, x: string, y: string): boolean {
  const { cmdb } = ctx;
  return cmdb.dependenciesOf(x, 8).some((r) => r.id === y);
}

function findLostUplink(ctx: EngineContext, d: DomainState, a: AlertState, t: number, lost: string): { grp: GroupState; rule: JoinRule; evidence: JoinEvidence; score: number } | null {
  const { g, cmdb, gapView } = ctx;
  if (g.gapUplinkScore < g.minScore) return null;
  const self = (a.ci as { id: string }).id;
  if (lost !== self) {
    // the alert blames what it needs only when that CI, or another CI needing it, also just started alerting
    let felt = false;
    for (const c of [lost, ...cmdb.downstreamOf(lost).map((x) => x.id)]) {
      const on = c === self ? undefined : d.ciOnsetMax.get(c);
      if (on !== undefined && Math.abs(a.onset - on) <= g.gapUplinkLagMs) { felt = true; break; }
    }
    if (!felt) return null;
  }
  const site = cmdb.get(lost)?.location?.site;
  let best: { grp: GroupState; ci: string; on: number } | null = null;
  for (const x of (gapView as GapView).peerUplinks(lost)) {
    if (x === self || x === lost || needs(ctx, x, lost)) continue; // an uplink is not something that needs the CI
    const xs = site === undefined ? undefined : cmdb.get(x)?.location?.site;
    if (xs !== undefined && xs !== site) continue; // nor, when both records say where they are, at another site
    for (const grp of groupsOf<GroupState>(d.index.m, x) ?? []) {
      const on = grp.ciOnset.get(x);
      if (on === undefined || on > a.onset || a.onset - on > g.gapUplinkLagMs || t - (g.windowFrom === 'first' ? grp.openedAt : grp.lastOnset) > g.windowMs) continue;
      if (apartGroup(ctx, d, grp) || !causeActive(ctx, d, grp, x, t)) continue;
      if (!best || on > best.on || (on === best.on && (grp.openedAt < best.grp.openedAt || (grp.openedAt === best.grp.openedAt && grp.id < best.grp.id)))) best = { grp, ci: x, on };
    }
  }
  if (!best) return null;
  const via = lost === self ? '' : ` via ${lost}`;
  return { grp: best.grp, rule: 'topology', evidence: { hops: lost === self ? 1 : 2, path: [self, best.ci], detail: `hypothesised uplink: ${lost} records nothing upstream although most CIs of its type do; ${best.ci}, which such CIs need, started alerting ${Math.round((a.onset - best.on) / 1000)} s before${via}` }, score: g.gapUplinkScore };
}

/**
 * A relation learned from history (ci-links.ts), when the CMDB gave the alert no group: an open group
 * holding a CI whose alerts started with this CI's on several past occasions, and started this time as
 * close to it as then. The group holding most such partners wins (then the older one); a weak hop, used
 * only where the CMDB has nothing to say.
 */
export function findByCiLink(ctx: EngineContext, d: DomainState, a: AlertState, t: number, idx: CiLinkIndex): { grp: GroupState; rule: JoinRule; evidence: JoinEvidence; score: number } | null {
  const { g, config } = ctx;
  const self = (a.ci as { id: string }).id;
  const m = idx.model;
  const hits = new Map<GroupState, { n: number; ci: string; support: number; lift: number }>();
  for (const p of idx.partners(self)) {
    for (const grp of groupsOf<GroupState>(d.index.m, p.ci) ?? []) {
      if (!grp.ciCount.has(p.ci) || t - (g.windowFrom === 'first' ? grp.openedAt : grp.lastOnset) > g.windowMs || apartGroup(ctx, d, grp)) continue;
      const on = grp.ciOnset.get(p.ci);
      if (on === undefined || Math.abs(a.onset - on) > m.windowMs) continue;
      const h = hits.get(grp);
      if (h) h.n++;
      else hits.set(grp, { n: 1, ci: p.ci, support: p.support, lift: p.lift });
    }
  }
  let best: { grp: GroupState; n: number; ci: string; support: number; lift: number } | null = null;
  for (const [grp, h] of hits) {
    if (!best || h.n > best.n || (h.n === best.n && (grp.openedAt < best.grp.openedAt || (grp.openedAt === best.grp.openedAt && grp.id < best.grp.id)))) best = { grp, ...h };
  }
  if (!best) return null;
  const detail = `inferred relation (not in the CMDB): ${self} and ${best.ci} started alerting within ${Math.round(m.windowMs / 60_000)} min of each other on ${best.support} past occasions (lift ${best.lift}; learned ${new Date(m.trainedAt).toISOString()})${best.n > 1 ? `; ${best.n} such CIs in the group` : ''}`;
  return { grp: best.grp, rule: 'pattern', evidence: { patternId: `ci:${self < best.ci ? `${self}-${best.ci}` : `${best.ci}-${self}`}`, path: [self, best.ci], score: best.support, detail: detail.slice(0, 300) }, score: config.learning.ciLinkScore };
}

