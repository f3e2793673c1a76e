import { describe, expect, it } from 'vitest';
import { AlertLedger, type Claim } from './ledger.js';

const A = { id: 'F1', root: 'r1' };
const B = { id: 'F2', root: 'r2' };
const c = (identity: string, startTrue: number, endTrue: number | null, owner: Claim['owner'], fingerprint = `fp-${identity}`): Claim =>
  ({ identity, fingerprint, startTrue, endTrue, owner, dropped: false });

describe('AlertLedger', () => {
  it.each([
    // [why, claims in generation order, expected owner of the kept claim, expected end]
    ['one failure, one alert', [c('x', 100, 200, A)], 'F1', 200],
    ['the later-generated failure fired first: it owns the alert, which lasts while either effect does', [c('x', 100, 200, A), c('x', 50, 150, B)], 'F2', 200],
    ['the earlier-generated failure fired first: it keeps it', [c('x', 50, 150, A), c('x', 100, 300, B)], 'F1', 300],
    ['an effect that outlasts the storm keeps the merged alert firing', [c('x', 50, 150, A), c('x', 100, null, B)], 'F1', null],
    ['episodes that do not overlap: the earlier is kept as it was', [c('x', 500, 600, A), c('x', 100, 200, B)], 'F2', 200],
    ['noise and a failure at the same instant: the failure', [c('x', 100, 200, null), c('x', 100, 200, A)], 'F1', 200],
    ['noise first, then a failure makes it fire again while firing: noise (it fired for no failure)', [c('x', 50, 120, null), c('x', 100, 200, A)], null, 200],
  ] as const)('%s', (_why, claims, owner, end) => {
    const ledger = new AlertLedger();
    for (const x of claims) ledger.claim({ ...x });
    const kept = ledger.kept();
    expect(kept).toHaveLength(1);
    expect(kept[0]?.owner?.id ?? null).toBe(owner);
    expect(kept[0]?.endTrue).toBe(end);
  });

  it('keeps different identities apart and answers whether each claim was kept', () => {
    const ledger = new AlertLedger();
    expect(ledger.claim(c('x', 100, 200, A))).toBe(true);
    expect(ledger.claim(c('y', 110, 200, B))).toBe(true);
    expect(ledger.claim(c('x', 120, 200, B))).toBe(false);
    expect(ledger.kept().map((k) => [k.identity, k.owner?.id])).toEqual([['x', 'F1'], ['y', 'F2']]);
  });

  it('throws when two identities render one fingerprint (the truth could not tell them apart)', () => {
    const ledger = new AlertLedger();
    ledger.claim(c('host-a|HostHighIoWait', 100, 200, A, 'fp1'));
    expect(() => ledger.claim(c('host-b|HostHighIoWait', 300, 400, B, 'fp1'))).toThrow(/two alerts render to fingerprint fp1/);
  });

  it('frees the fingerprint of a claim taken over under another rendering (a drifted host name)', () => {
    const ledger = new AlertLedger();
    ledger.claim(c('x', 100, 200, A, 'fp-old-name'));
    ledger.claim(c('x', 50, 200, B, 'fp-ip'));
    expect(() => ledger.claim(c('z', 10, 20, null, 'fp-old-name'))).not.toThrow();
  });
});
