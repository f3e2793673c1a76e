import { describe, expect, it } from 'vitest';
import { mentionRoots, mentionsOf, normEntity, titleSubject } from './mentions.js';

const connectives = new Set(['to', 'from', 'upstream', 'server', 'pool', '->']);
const opts = (own: string[] = [], known: string[] = []) => ({ connectives, isOwn: (n: string) => own.includes(n), ignored: new Set(['localhost']), known: (n: string) => known.includes(n), max: 4 });

describe('mentionsOf', () => {
  it.each([
    ['a host:port is an endpoint', 'Connection refused to pg-orders:5432', [], [], ['pg-orders']],
    ['a name after a connective', 'Upstream payments-api timeout after 30s', [], [], ['payments-api']],
    ['an FQDN is reduced to its host name', 'NFS server filer-02.dc1.example.net not responding', [], [], ['filer-02']],
    ['an arrow names the callee', 'Circuit breaker open: cart -> pricing-svc', ['cart'], [], ['pricing-svc']],
    ['an IP with a port', 'cannot connect to 10.0.3.7:6379', [], [], ['10.0.3.7']],
    ['the alert\'s own names never count', 'Connection refused to pg-orders:5432 from checkout-api', ['checkout-api'], [], ['pg-orders']],
    ['a plain word after a connective is not a name', 'failed to respond, unable to connect', [], [], []],
    ['hyphenated words without a connective are not names', 'Filesystem has become read-only on web-01', [], [], []],
    ['dates and numbers are not names', 'since 2026-01-01T00:00:00.000Z to 12.5', [], [], []],
    ['a bare word that is a known alerting entity counts', 'Pool payments members down', [], ['payments'], ['payments']],
    ['ignored values never count', 'refused to localhost:8080', [], [], []],
  ])('%s', (_why, text, own, known, expected) => {
    expect(mentionsOf(text, opts(own, known))).toEqual(expected);
  });
  it('keeps at most max mentions, in order of appearance, without repeats', () => {
    expect(mentionsOf('to a-1:1 to b-2:2 to a-1:1 to c-3:3 to d-4:4 to e-5:5', opts())).toEqual(['a-1', 'b-2', 'c-3', 'd-4']);
  });
});

describe('titleSubject', () => {
  it.each([
    ['a label value the title spells names the subject', 'giftcards-admin requests-availability error budget burn rate is too high', ['giftcards-admin', 'requests-availability', 'prod-eu-1'], 'giftcards-admin'],
    ['the first such name wins (later ones qualify it)', 'requests-availability of giftcards-admin', ['giftcards-admin', 'requests-availability'], 'requests-availability'],
    ['an identifier with a digit', 'Job AMLI0550 ended NOTOK', ['AMLI0550', 'CTMPRD'], 'amli0550'],
    ['a host is normalised (no domain, no port)', 'High CPU on web-01.dc1.example.net: 95%', ['web-01.dc1.example.net'], 'web-01'],
    ['plain words are not names', 'Oracle archiver stuck', ['oracle', 'archiver'], null],
    ['numbers are not names', 'queue depth 1200 above 1000', ['1200', '1000'], null],
    ['a value the title does not spell as a whole token', 'pg-orders-0 connections high', ['pg-orders'], null],
  ])('%s', (_why, title, values, want) => expect(titleSubject(title, values)).toBe(want));
});

describe('normEntity', () => {
  it.each([
    ['DB-07.example.net:9100', 'db-07'],
    ['https://shop.example.com/', 'shop'],
    ['10.1.2.3:9100', '10.1.2.3'],
  ])('%s -> %s', (v, want) => expect(normEntity(v)).toBe(want));
});

describe('mentionRoots', () => {
  it.each([
    ['the most upstream of a chain wins (a -> b -> c: c)', [['a', ['b']], ['b', ['c']]], 'c'],
    ['more callers win among sinks', [['a', ['x']], ['b', ['x']], ['c', ['y']]], 'x'],
    ['self-mentions are ignored', [['a', ['a', 'b']]], 'b'],
  ] as const)('%s', (_why, edges, want) => {
    const m = new Map(edges.map(([k, v]) => [k, new Set(v)]));
    expect(mentionRoots(m)[0]?.name).toBe(want);
  });
  it('is empty without edges', () => expect(mentionRoots(new Map())).toEqual([]));
});
