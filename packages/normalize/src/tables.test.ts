import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertmanagerFingerprint, labelSeverity, normalize, parseTimestamp, stripPort } from './index.js';

const ctx = { receivedAt: 1_700_000_000_000 };

describe('severity tables', () => {
  it.each([
    ['critical', 'critical'], ['CRIT', 'critical'], ['page', 'critical'], ['P1', 'critical'], ['disaster', 'critical'],
    ['major', 'major'], ['high', 'major'], ['error', 'major'], ['P2', 'major'],
    ['minor', 'minor'], ['average', 'minor'], ['P3', 'minor'],
    ['warning', 'warning'], ['Warning', 'warning'], ['warn', 'warning'], ['P4', 'warning'],
    ['info', 'info'], ['none', 'info'], ['P5', 'info'],
    ['bogus', 'warning'],
  ])('label severity %s -> %s', (v, want) => {
    expect(labelSeverity(v)).toBe(want);
  });
  it('missing label severity is warning', () => expect(labelSeverity(undefined)).toBe('warning'));

  it.each([
    ['Not classified', undefined, 'info'], ['Information', undefined, 'info'], ['Warning', undefined, 'warning'],
    ['Average', undefined, 'minor'], ['High', undefined, 'major'], ['Disaster', undefined, 'critical'],
    ['Renamed', '5', 'critical'], ['Renamed', '0', 'info'], ['Renamed', undefined, 'warning'],
  ])('zabbix %s / %s -> %s', (severity, severityId, want) => {
    const body = { hostName: 'h', triggerName: 't', status: 'PROBLEM', severity, ...(severityId ? { severityId } : {}) };
    expect(normalize('zabbix', body, ctx).events[0]!.severity).toBe(want);
  });

  it.each([
    ['ok', 'info', 'resolved'], ['debug', 'info', 'firing'], ['notice', 'info', 'firing'], ['warning', 'warning', 'firing'],
    ['err', 'major', 'firing'], ['crit', 'critical', 'firing'], ['alert', 'critical', 'firing'], ['emerg', 'critical', 'firing'],
  ])('icinga notifications %s -> %s %s', (severity, want, status) => {
    const e = normalize('icinga', { tags: { host: 'h' }, severity }, ctx).events[0]!;
    expect([e.severity, e.status]).toEqual([want, status]);
  });

  it.each([
    [0, 'host', 'info', 'resolved'], [1, 'host', 'critical', 'firing'], [2, 'host', 'major', 'firing'],
    [0, 'svc', 'info', 'resolved'], [1, 'svc', 'warning', 'firing'], [2, 'svc', 'critical', 'firing'], [3, 'svc', 'minor', 'firing'],
  ])('icinga 2 stream state %s (%s) -> %s %s', (state, kind, want, status) => {
    const body = { type: 'StateChange', host: 'h', ...(kind === 'svc' ? { service: 's' } : {}), state, state_type: 1, timestamp: 1700000000.5 };
    const e = normalize('icinga', body, ctx).events[0]!;
    expect([e.severity, e.status]).toEqual([want, status]);
  });

  it.each([
    ['P1', 'error', 'critical'], ['P2', 'warning', 'major'], ['P3', 'error', 'minor'], ['P4', 'error', 'warning'], ['P5', 'error', 'info'],
    ['', 'error', 'critical'], ['', 'warning', 'warning'], ['', 'info', 'info'], ['', 'success', 'info'],
  ])('datadog priority %s / alert_type %s -> %s', (severity, alert_type, want) => {
    expect(normalize('datadog', { title: 't', monitor_id: 1, severity, alert_type }, ctx).events[0]!.severity).toBe(want);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2022-06-17T01:04:00.782137894Z', Date.parse('2022-06-17T01:04:00.782Z')],
    ['2018-11-04T22:43:58.283995108+01:00', Date.parse('2018-11-04T21:43:58.283Z')],
    ['2021-10-12T09:51:03.157076+02:00', Date.parse('2021-10-12T07:51:03.157Z')],
    ['0001-01-01T00:00:00Z', undefined],
    ['', undefined],
    [1697188278.203504, 1697188278204],
    ['1396622305', 1396622305000],
    [1733930133000, 1733930133000],
    ['1733930133000', 1733930133000],
    ['yesterday', null],
    [-5, null],
    [{}, null],
  ])('%s -> %s', (input, want) => {
    expect(parseTimestamp(input)).toBe(want);
  });
});

describe('stripPort and the Alertmanager fingerprint', () => {
  it.each([
    ['10.0.0.1:9100', '10.0.0.1'], ['node-1.example.com:9100', 'node-1.example.com'], ['[2001:db8::1]:9100', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'], ['https://shop.example.com:8443/health', 'shop.example.com'], ['plainhost', 'plainhost'],
  ])('%s -> %s', (input, want) => expect(stripPort(input)).toBe(want));

  it('equals a straightforward BigInt FNV-1a 64 for any label set (property)', () => {
    const ref = (labels: Record<string, string>) => {
      let h = 14695981039346656037n;
      const add = (bytes: Iterable<number>) => {
        for (const b of bytes) h = ((h ^ BigInt(b)) * 1099511628211n) & 0xffffffffffffffffn;
      };
      for (const k of Object.keys(labels).sort()) {
        add(new TextEncoder().encode(k));
        add([255]);
        add(new TextEncoder().encode(labels[k]));
        add([255]);
      }
      return h.toString(16).padStart(16, '0');
    };
    fc.assert(fc.property(fc.dictionary(fc.string({ unit: 'grapheme-ascii', minLength: 1 }), fc.string({ unit: 'binary' })), (l) => alertmanagerFingerprint(l) === ref(l)), { numRuns: 300 });
  });

  it('matches real Alertmanager fingerprints', () => {
    expect(alertmanagerFingerprint({})).toBe('cbf29ce484222325');
    expect(alertmanagerFingerprint({ alertname: 'High CPU core temperature', host: 'andromeda', severity: 'critical' } as Record<string, string>)).toMatch(/^[0-9a-f]{16}$/);
  });
});
