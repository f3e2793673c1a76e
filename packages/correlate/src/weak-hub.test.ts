import { describe, expect, it } from 'vitest';
import { severityRank } from '@aiops/model';
import { weakHubCause, type WeakHubOptions } from './weak-hub.js';

const on: WeakHubOptions = { minDependents: 10, maxSeverity: 'warning' };

describe('weakHubCause', () => {
  it.each([
    // a warning on a core switch does not explain a critical failure below it
    { why: 'warning hub, critical effect', cause: severityRank('warning'), effect: 'critical', deps: 200, opts: on, weak: true },
    { why: 'info hub, major effect', cause: severityRank('info'), effect: 'major', deps: 10, opts: on, weak: true },
    // a hub that alerts severely failed: its dependents are its effects
    { why: 'critical hub', cause: severityRank('critical'), effect: 'critical', deps: 200, opts: on, weak: false },
    { why: 'major hub, critical effect', cause: severityRank('major'), effect: 'critical', deps: 200, opts: on, weak: false },
    // a warning explains a warning downstream (both mild: a slow switch, slow callers)
    { why: 'warning hub, warning effect', cause: severityRank('warning'), effect: 'warning', deps: 200, opts: on, weak: false },
    // a CI few depend on is a plain dependency, not a hub
    { why: 'not a hub', cause: severityRank('warning'), effect: 'critical', deps: 9, opts: on, weak: false },
    { why: 'no alert of the cause in the group', cause: -1, effect: 'critical', deps: 200, opts: on, weak: false },
    { why: 'rule off', cause: severityRank('warning'), effect: 'critical', deps: 200, opts: { ...on, minDependents: 0 }, weak: false },
    { why: 'looser: minor counts as weak', cause: severityRank('minor'), effect: 'critical', deps: 200, opts: { ...on, maxSeverity: 'minor' }, weak: true },
  ] as const)('$why', ({ cause, effect, deps, opts, weak }) => {
    expect(weakHubCause(cause, effect, deps, opts)).toBe(weak);
  });
});
