/**
 * Which name a group's root is reported by when the leading candidate is one part of a composite (a pod
 * of a Deployment or service). A pod name changes on every restart; the workload is what problem
 * managers count recurrences of and what RCA benchmarks label. The workload is the same failure domain
 * as the pod when it has no other part (one replica), and it is what fails when it alerts itself with
 * that pod as its only alerting part. When one replica of several fails and the workload is silent, the
 * pod stays the root. The part stays second, so the pod is still shown. Only parts of an instance type
 * (`wholeRootPartTypes`: pods) are renamed; an access device part of a broadband service is named itself. Several alerting parts of one
 * whole are ranked elsewhere (causal.ts wholeCandidates, `wholeRootMinParts`).
 */
import type { RootCauseCandidate } from '@aiops/model';
import type { CausalTopology } from './causal.js';

/** off; sole: the whole has one part; alerting: the whole alerts in the group; either: one of both. */
export type WholeRootMode = 'off' | 'sole' | 'alerting' | 'either';

/**
 * wholeFirst: `cands` (best first) with the leading part's whole put first when `mode` holds for it
 * (see the module comment); the part follows it. Returns `cands` itself when nothing changes.
 */
export function wholeFirst(
  cands: RootCauseCandidate[],
  groupCis: Iterable<string>,
  inGroup: (ci: string) => boolean,
  topo: Pick<CausalTopology, 'wholesOf' | 'partCount'>,
  mode: WholeRootMode,
  isInstance: (ci: string) => boolean,
): RootCauseCandidate[] {
  const top = cands[0];
  // only a replaceable instance (a pod): a network element or a host is a thing of its own, named as such
  if (mode === 'off' || top === undefined || !isInstance(top.ciId)) return cands;
  const wholes = topo.wholesOf(top.ciId);
  if (wholes.length !== 1) return cands; // no whole, or parts of two: no single name stands for it
  const w = wholes[0] as string;
  let alertingParts = 0;
  for (const ci of groupCis) if (topo.wholesOf(ci).includes(w) && ++alertingParts > 1) return cands;
  const sole = topo.partCount(w) === 1;
  const alerting = inGroup(w);
  const ok = mode === 'sole' ? sole : mode === 'alerting' ? alerting : sole || alerting;
  if (!ok) return cands;
  const why = sole ? `its only part ${top.ciId} leads (one failure domain)` : `alerts with ${top.ciId}, its only alerting part`;
  const whole: RootCauseCandidate = { ciId: w, score: top.score, reason: `${why}${alerting ? '' : ' (no alert on it)'}` };
  const part: RootCauseCandidate = { ...top, score: Math.max(0, Math.round((top.score - 0.001) * 1000) / 1000) };
  return [whole, part, ...cands.slice(1).filter((c) => c.ciId !== w)].slice(0, 5);
}
