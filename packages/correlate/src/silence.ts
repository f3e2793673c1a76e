import type { Silence } from './config.js';

const regexCache = new Map<string, RegExp | null>();

function anchored(re: string): RegExp | null {
  let r = regexCache.get(re);
  if (r === undefined) {
    try {
      r = new RegExp(`^(?:${re})$`);
    } catch {
      r = null; // an invalid regex matches nothing (the API validates before it gets here)
    }
    if (regexCache.size < 10_000) regexCache.set(re, r);
  }
  return r;
}

/** silenceMatches applies Alertmanager matcher semantics: every matcher must hold; a missing label is "". */
export function silenceMatches(s: Silence, labels: Readonly<Record<string, string>>): boolean {
  for (const m of s.matchers) {
    const v = labels[m.name] ?? '';
    let ok: boolean;
    if (m.isRegex) {
      const re = anchored(m.value);
      ok = re !== null && re.test(v);
    } else ok = v === m.value;
    if (ok !== m.isEqual) return false;
  }
  return true;
}
