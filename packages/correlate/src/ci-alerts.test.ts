import { describe, expect, it } from 'vitest';
import { ciAlertsAdd, ciAlertsDelete, type CiAlerts } from './ci-alerts.js';

describe('alerts per CI keep arrival order through adds and deletes, small or large', () => {
  const fps = (n: number): string[] => Array.from({ length: n }, (_, i) => `f${i}`);
  it.each([
    ['one', fps(1), [] as string[]],
    ['a few, one deleted', fps(4), ['f1']],
    ['past the array size', fps(12), ['f0', 'f7']],
    ['added twice', [...fps(3), 'f1'], [] as string[]],
    ['all deleted', fps(3), fps(3)],
    ['delete of an absent one', fps(2), ['zz']],
  ])('%s', (_name, adds, dels) => {
    let l: CiAlerts | undefined;
    const ref = new Set<string>();
    for (const fp of adds) {
      l = ciAlertsAdd(l, fp);
      ref.add(fp);
    }
    for (const fp of dels) {
      l = ciAlertsDelete(l as CiAlerts, fp);
      ref.delete(fp);
    }
    expect([...(l as CiAlerts)]).toEqual([...ref]);
  });
});
