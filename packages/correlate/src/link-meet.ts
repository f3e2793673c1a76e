/**
 * Which end of a physical link a group's root is reported at. Both ends of a link alarm whichever end
 * failed (a router that reboots or loses a board takes its links down, and its peers report them), so
 * the CMDB's direction, which decides the ranking, often names the peer nearer the core that merely saw
 * the link drop. The element that failed is the one where the link alarms meet: its links to two
 * peers went down together. A peer's failure explains the link to it, not the element's other link.
 * So when the leader L is a link peer (`connected_to`, either way) of an alerting member X, another
 * alerting peer D of X (not a peer of L, and a transit element with links of its own, not a stub that
 * hangs off X) started within `windowMs` of L, and X carries more of the group's alerts than L (the
 * failed element reports its own trouble besides its links: a board, a restart, lost management; a
 * peer that only saw its link drop does not), X is reported first and L second. Not when L itself is
 * such a meeting point (another of its transit peers started with X): then both readings fit. Two
 * concurrent failures on either side of a router, each one alarm there, do not move the root. A stub
 * (a base station behind its router) is left out because its alarm says it is cut off, which X's
 * isolation explains as well as X's failure. Changes the reported root only (like whole-root.ts).
 */
import type { RootCauseCandidate } from '@aiops/model';

export interface LinkPeers {
  /** the CIs `ci` is linked to (`connected_to`, stored from either end), each once */
  peersOf(ci: string): readonly string[];
}

/**
 * linkMeetFirst: `cands` (best first) with the meeting point of the leader's link alarms first (see the
 * module comment); `onsetOf` is a member CI's first alert in the group (undefined: not alerting there).
 * Returns `cands` itself when nothing changes.
 */
export function linkMeetFirst(
  cands: RootCauseCandidate[],
  onsetOf: (ci: string) => number | undefined,
  alertsOf: (ci: string) => number,
  links: LinkPeers,
  windowMs: number,
): RootCauseCandidate[] {
  const top = cands[0];
  if (top === undefined || windowMs < 0) return cands;
  const L = top.ciId;
  const onL = onsetOf(L);
  if (onL === undefined) return cands;
  const peersL = links.peersOf(L);
  if (peersL.length < 1) return cands;
  const ofL = new Set(peersL);
  const transit = (ci: string): boolean => links.peersOf(ci).length >= 2;
  let pick: { x: string; d: string } | null = null;
  for (const x of peersL) {
    const onX = onsetOf(x);
    if (onX === undefined || x === L || alertsOf(x) <= alertsOf(L)) continue;
    let d: string | null = null;
    for (const y of links.peersOf(x)) {
      if (y === L || ofL.has(y)) continue;
      const onY = onsetOf(y);
      if (onY !== undefined && Math.abs(onY - onL) <= windowMs && transit(y)) { d = y; break; }
    }
    if (d === null) continue;
    // L is a meeting point too (another of its transit peers went down with X): no reason to prefer X
    for (const p of peersL) {
      if (p === x) continue;
      const onP = onsetOf(p);
      if (onP !== undefined && Math.abs(onP - onX) <= windowMs && transit(p)) return cands;
    }
    if (pick !== null) return cands; // two meeting points next to L: ambiguous
    pick = { x, d };
  }
  if (pick === null) return cands;
  const { x, d } = pick;
  const lead: RootCauseCandidate = { ciId: x, score: top.score, reason: `its links to ${L} and ${d} went down together: its failure explains both peers' alarms, ${L}'s explains only its own link` };
  const second: RootCauseCandidate = { ...top, score: Math.max(0, Math.round((top.score - 0.001) * 1000) / 1000) };
  return [lead, second, ...cands.slice(1).filter((c) => c.ciId !== x)].slice(0, 5);
}

/**
 * linkCountMatters: whether a further alert on `ci` can change what linkMeetFirst reports for a group led
 * by `leader` (it compares the alert counts of the leader and its link peers): `ci` is the leader or one of its peers.
 */
export function linkCountMatters(leader: string | undefined, ci: string, links: LinkPeers): boolean {
  return leader !== undefined && (leader === ci || links.peersOf(ci).includes(leader));
}
