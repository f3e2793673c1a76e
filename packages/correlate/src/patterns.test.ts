import { describe, expect, it } from 'vitest';
import { chooseK, createPatternIndex, trainPatterns } from './patterns.js';

describe('pattern learning', () => {
  const history: Array<{ groupId: string; template: string }> = [];
  for (let i = 0; i < 6; i++) {
    history.push({ groupId: `g${i}`, template: 'Postgres replication lag high on <n>' });
    history.push({ groupId: `g${i}`, template: 'Checkout API error rate above <n>%' });
  }
  for (let i = 6; i < 10; i++) history.push({ groupId: `g${i}`, template: 'Certificate expires in <n> days' }, { groupId: `g${i}`, template: 'NTP clock offset too large' });
  history.push({ groupId: 'x', template: 'Disk space low on /var' }, { groupId: 'y', template: 'Backup job failed' });

  it('chooses k by the documented rule of thumb', () => {
    expect(chooseK(8)).toBe(2);
    expect(chooseK(200)).toBe(10);
    expect(chooseK(100_000, 50)).toBe(50);
  });
  it('is deterministic for a seed and links clusters that co-occur', () => {
    const a = trainPatterns(history, { seed: 7, trainedAt: 1000, minSupport: 2 });
    const b = trainPatterns(history, { seed: 7, trainedAt: 1000, minSupport: 2 });
    expect(a).toEqual(b);
    expect(a?.k).toBe(chooseK(6));
    const idx = createPatternIndex(a!);
    const pg = idx.clusterOf('Postgres replication lag high on <n>');
    const api = idx.clusterOf('Checkout API error rate above <n>%');
    if (pg !== api) expect(idx.linked(pg, api)).toBeGreaterThanOrEqual(2);
    expect(a?.trainedAt).toBe(1000);
  });
  it('needs enough history', () => {
    expect(trainPatterns(history.slice(0, 2), { trainedAt: 0 })).toBeNull();
  });
});
