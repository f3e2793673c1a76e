import { describe, expect, it } from 'vitest';
import { burstAt, emptyOnsetLog, noteOnset, pruneOnsets, type OnsetLog } from './onset-burst.js';

const MIN = 60_000;
const T = 120 * MIN;

function logOf(onsets: number[]): OnsetLog {
  const log = emptyOnsetLog();
  onsets.forEach((t, i) => noteOnset(log, t, `a${i}`));
  return log;
}
const quiet = Array.from({ length: 6 }, (_, i) => T - 60 * MIN + i * 10 * MIN); // one onset per 10 min
const busy = Array.from({ length: 180 }, (_, i) => T - 61 * MIN + i * 20_000); // three a minute
const run5 = Array.from({ length: 5 }, (_, i) => T - 50_000 + i * 10_000); // five within the last minute

describe('burstAt', () => {
  it.each([
    ['five onsets in a minute over a quiet hour: a burst', [...quiet, ...run5], 5],
    ['the same five over three onsets a minute: background', [...busy, ...run5], 0],
    ['three onsets in a minute: below the minimum count', [...quiet, ...run5.slice(2)], 0],
    ['five onsets spread over ten minutes: no burst', [...quiet.slice(0, 3), ...run5.map((t, i) => t - i * 2 * MIN)], 0],
    ['a storm\'s first minute (no history): the count decides', run5, 5],
  ])('%s', (_why, onsets, n) => {
    expect(burstAt(logOf(onsets), T, MIN, 60 * MIN, 4, 4)?.length ?? 0).toBe(n);
  });
  it('keeps onsets in time order when one arrives late, and prunes old ones', () => {
    const log = logOf([3 * MIN, MIN, 2 * MIN]);
    expect(log.at).toEqual([MIN, 2 * MIN, 3 * MIN]);
    expect(log.fp).toEqual(['a1', 'a2', 'a0']);
    pruneOnsets(log, 62 * MIN, 60 * MIN);
    expect(log.at).toEqual([2 * MIN, 3 * MIN]);
  });
});
