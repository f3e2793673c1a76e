import { describe, expect, it } from 'vitest';
import { scopeConflict, scopeOf } from './scope.js';

const SCOPE = new Set(['region', 'site', 'cluster']);

describe('scope labels', () => {
  it.each([
    ['different regions', { Region: 'EU (Ireland)' }, { region: 'US East (N. Virginia)' }, true],
    ['same region, names and values in other case', { Region: 'eu-west-1' }, { region: 'EU-WEST-1 ' }, false],
    ['only one carries a region', { region: 'eu-west-1' }, { service: 'cart' }, false],
    ['same site, different cluster', { site: 'fra1', cluster: 'a' }, { site: 'fra1', cluster: 'b' }, true],
    ['different values of a label that is no scope', { team: 'web', region: 'x' }, { team: 'sre', region: 'x' }, false],
    ['an empty value says nothing', { region: '' }, { region: 'eu-west-1' }, false],
  ])('%s', (_why, a: Record<string, string>, b: Record<string, string>, conflict) => {
    expect(scopeConflict(scopeOf(a, SCOPE), scopeOf(b, SCOPE))).toBe(conflict);
    expect(scopeConflict(scopeOf(b, SCOPE), scopeOf(a, SCOPE))).toBe(conflict);
  });
  it('an alert without scope labels has no scope (nothing to compare)', () => {
    expect(scopeOf({ alertname: 'x', host: 'h' }, SCOPE)).toBeNull();
  });
});
