import type { JoinEvidence, JoinRule } from '@aiops/model';

/**
 * Moving a placed alert (grouping.moveMargin): an alert that joined a group on weak evidence (text
 * similarity, an onset burst, a shared label, a long path) moves, while it is young, to a group that
 * appeared later with clearly stronger evidence for it (its own CI's upstream cause alerting there).
 * This module holds the decisions and the index of alerts that may still move; the engine does the move.
 */

/** MovableMember is what a group records of a member (state.ts Member). */
export interface MovableMember {
  readonly rule: JoinRule;
  readonly evidence: JoinEvidence;
  readonly moves?: number;
}

/**
 * joinStrength: the score a member joined its group with, or null when it never moves: the alert that
 * opened the group (the others joined around it), a manual placement, and members merged in with their
 * whole group (they moved as a failure, not on their own evidence).
 */
export function joinStrength(m: MovableMember, similarityThreshold: number): number | null {
  if (m.rule === 'seed' || m.rule === 'manual' || m.evidence.detail?.startsWith('merged from ') === true) return null;
  const s = m.evidence.score;
  if (m.rule === 'pattern') return 0.6; // its evidence score is a co-occurrence count
  if (s === undefined) return null;
  // a similarity member records the cosine, not the join score (join-checks.ts bestTemplate)
  if (m.rule === 'similarity') return s >= similarityThreshold ? 0.55 + 0.3 * ((s - similarityThreshold) / Math.max(1e-9, 1 - similarityThreshold)) : 0.55;
  return s;
}

/** clearlyStronger: a move is worth it (and ping-pong impossible: each move must gain `margin`, at most `maxMoves` times). */
export function clearlyStronger(joined: number | null, next: number, moves: number, margin: number, maxMoves: number): boolean {
  return joined !== null && margin > 0 && moves < maxMoves && next >= joined + margin;
}

/** YoungEntry: a member that may still move, under a CI its alert's CI depends on (or its own). */
export interface YoungEntry {
  readonly fp: string;
  readonly group: string;
  readonly joinedAt: number;
}

/** YoungIndex: CI -> young movable members whose CI is that CI or depends on it (a cause alerting there is the trigger). */
export type YoungIndex = Map<string, YoungEntry[]>;

export function noteYoung(index: YoungIndex, cis: Iterable<string>, e: YoungEntry): void {
  for (const ci of cis) {
    const list = index.get(ci);
    if (list) list.push(e);
    else index.set(ci, [e]);
  }
}

/**
 * youngUnder: the entries under `ci` joined at most `windowMs` before t, dropping older ones (a joinedAt
 * never changes, so a dropped entry could never move again: the index holds what a restore rebuilds).
 */
export function youngUnder(index: YoungIndex, ci: string, t: number, windowMs: number): readonly YoungEntry[] {
  const list = index.get(ci);
  if (!list) return [];
  let i = 0;
  while (i < list.length && t - (list[i] as YoungEntry).joinedAt > windowMs) i++;
  if (i === list.length) {
    index.delete(ci);
    return [];
  }
  if (i > 0) list.splice(0, i);
  return list;
}

/** pruneYoung drops every entry older than the window (retention sweep). */
export function pruneYoung(index: YoungIndex, t: number, windowMs: number): void {
  for (const ci of [...index.keys()]) youngUnder(index, ci, t, windowMs);
}
