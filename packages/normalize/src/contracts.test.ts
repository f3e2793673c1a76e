import { describe, expect, it } from 'vitest';
import { normalize, NormalizeRejected } from './index.js';

const ctx = { receivedAt: 1_700_000_000_000 };

describe('generic', () => {
  it('accepts a minimal event with defaults and an array with per-item indexes', () => {
    const one = normalize('generic', { title: 'disk full' }, ctx);
    expect(one.errors).toEqual([]);
    expect(one.events[0]).toMatchObject({ status: 'firing', severity: 'warning', title: 'disk full', occurredAt: ctx.receivedAt, labels: {} });
    const arr = normalize('generic', [{ title: 'a', labels: { host: 'db1:5432' } }, { title: 'b', status: 'resolved', occurredAt: '2024-01-02T03:04:05.678+01:00' }], ctx);
    expect(arr.events.map((e) => e.title)).toEqual(['a', 'b']);
    expect(arr.events[0]!.resource).toMatchObject({ host: 'db1' });
    expect(arr.events[1]!.occurredAt).toBe(Date.parse('2024-01-02T02:04:05.678Z'));
  });

  it('names the index and field of the first bad item', () => {
    const r = normalize('generic', [{ title: 'ok' }, { title: 'x', severity: 'urgent' }, { title: 3 }], ctx);
    expect(r.errors[0]).toMatchObject({ index: 1, field: '[1].severity' });
    expect(r.errors[1]).toMatchObject({ index: 2, field: '[2].title' });
    const err = NormalizeRejected('generic', r.errors);
    expect(err.statusCode).toBe(400);
    expect(err.message).toMatch(/item 1: \[1\]\.severity: .*critical.*\(and 1 more issue\)/);
  });

  it('rejects unknown keys (typos), empty arrays and non-objects', () => {
    expect(normalize('generic', { title: 't', sevrity: 'critical' }, ctx).errors[0]?.message).toMatch(/sevrity/);
    expect(normalize('generic', [], ctx).errors[0]?.field).toBe('(root)');
    expect(normalize('generic', 'hello', ctx).errors[0]?.field).toBe('(root)');
    expect(normalize('generic', null, ctx).errors).not.toEqual([]);
  });

  it('uses the fingerprint given, else labels plus the title as alertname', () => {
    const a = normalize('generic', { title: 't', fingerprint: 'my-fp' }, ctx).events[0]!;
    expect(a.fingerprint).toBe('my-fp');
    const b = normalize('generic', { title: 't', labels: { host: 'h' } }, ctx).events[0]!;
    const c = normalize('generic', { title: 't', labels: { host: 'h' }, status: 'resolved' }, ctx).events[0]!;
    expect(b.fingerprint).toBe(c.fingerprint);
    expect(b.id).not.toBe(c.id);
    // the same check on two hosts named only in `resource` is two alerts; the same host is one
    const on = (host: string) => normalize('generic', { title: 'Disk full', labels: { service: 'orders' }, resource: { host } }, ctx).events[0]!.fingerprint;
    expect(on('db-1')).not.toBe(on('web-1'));
    expect(on('db-1')).toBe(on('db-1'));
  });

  it('keeps unicode intact', () => {
    const e = normalize('generic', { title: 'Диск заполнен 💾', labels: { 'хост': 'сервер-1', emoji: '🔥' } }, ctx).events[0]!;
    expect(e.title).toBe('Диск заполнен 💾');
    expect(e.labels['хост']).toBe('сервер-1');
  });
});

describe('limits', () => {
  const labels = (n: number, len: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v'.repeat(len)]));

  it('passes a huge but legal label set (256 labels of 16 KiB)', () => {
    const r = normalize('alertmanager', { version: '4', status: 'firing', alerts: [{ labels: labels(256, 16 * 1024), annotations: {}, startsAt: '2024-01-01T00:00:00Z' }] }, ctx);
    expect(r.errors).toEqual([]);
    expect(Object.keys(r.events[0]!.labels)).toHaveLength(256);
  });

  it('refuses 257 labels and a 16 KiB + 1 value with the field', () => {
    const many = normalize('alertmanager', { status: 'firing', alerts: [{ labels: { a: 'b' } }, { labels: labels(257, 1) }] }, ctx);
    expect(many.errors[0]).toMatchObject({ code: 'AIOPS_ERR_NORMALIZE_LIMIT', index: 1, field: 'alerts[1].labels' });
    const long = normalize('generic', { title: 't', labels: { big: 'x'.repeat(16 * 1024 + 1) } }, ctx);
    expect(long.errors[0]).toMatchObject({ code: 'AIOPS_ERR_NORMALIZE_LIMIT', field: 'labels.big' });
    const tight = normalize('generic', { title: 't', labels: { a: 'b', c: 'd' } }, { ...ctx, limits: { maxLabels: 1 } });
    expect(tight.errors[0]?.message).toMatch(/at most 1/);
  });
});

describe('alertmanager edge cases', () => {
  it('applies the group status when alerts carry none, and says so when neither has one', () => {
    expect(normalize('alertmanager', { status: 'resolved', alerts: [{ labels: { alertname: 'x' } }] }, ctx).events[0]!.status).toBe('resolved');
    expect(normalize('alertmanager', { alerts: [{ labels: { alertname: 'x' } }] }, ctx).errors[0]?.field).toBe('alerts[0].status');
  });
  it('reports wrong types with the alert index and field', () => {
    const r = normalize('alertmanager', { status: 'firing', alerts: [{ labels: { a: 'b' } }, { labels: { severity: 5 } }] }, ctx);
    expect(r.errors[0]).toMatchObject({ index: 1, field: 'alerts[1].labels.severity' });
    expect(normalize('alertmanager', { status: 'firing', alerts: [{ labels: {}, startsAt: 'yesterday' }] }, ctx).errors[0]?.field).toBe('alerts[0].startsAt');
    expect(normalize('alertmanager', { alerts: [] }, ctx).errors[0]?.field).toBe('alerts');
    expect(normalize('alertmanager', { alerts: 'nope' }, ctx).errors[0]?.field).toBe('alerts');
  });
});

describe('zabbix contract (deploy/examples/zabbix)', () => {
  const problem = {
    eventId: '4711', eventValue: '1', status: 'PROBLEM', severity: 'High', severityId: '4', triggerId: '23001',
    triggerName: 'High CPU on db01', hostName: 'DB 01', hostHost: 'db01', hostIp: '10.1.2.3', itemName: 'CPU load', itemValue: '12.5',
    clock: '1700000100', tags: [{ tag: 'service', value: 'billing' }, { tag: 'env', value: 'prod' }], url: 'https://zbx/tr_events.php?triggerid=23001&eventid=4711',
  };
  it('maps a problem and its recovery onto one trigger fingerprint', () => {
    const p = normalize('zabbix', problem, ctx).events[0]!;
    expect(p).toMatchObject({ fingerprint: 'zabbix:23001', status: 'firing', severity: 'major', title: 'High CPU on db01', occurredAt: 1700000100000, sourceEventId: '4711' });
    expect(p.labels).toMatchObject({ service: 'billing', env: 'prod', host: 'db01' });
    expect(p.resource).toMatchObject({ host: 'db01', ip: '10.1.2.3', service: 'billing', environment: 'prod' });
    const r = normalize('zabbix', { ...problem, eventId: '4712', eventValue: '0', status: 'RESOLVED', recoveryClock: 1700000400 }, ctx).events[0]!;
    expect(r).toMatchObject({ fingerprint: 'zabbix:23001', status: 'resolved', occurredAt: 1700000400000, endsAt: 1700000400000, sourceEventId: '4712' });
  });
  it('ignores problem updates, reads tag strings, rejects a bad eventValue', () => {
    expect(normalize('zabbix', { ...problem, updateStatus: '1' }, ctx).ignored).toHaveLength(1);
    expect(normalize('zabbix', { ...problem, tags: 'a:1,b' }, ctx).events[0]!.labels).toMatchObject({ a: '1', b: '' });
    expect(normalize('zabbix', { ...problem, eventValue: '7' }, ctx).errors[0]?.field).toBe('eventValue');
    expect(normalize('zabbix', { ...problem, clock: 'noon' }, ctx).errors[0]?.field).toBe('clock');
  });
});

describe('icinga / nagios contract (deploy/examples/icinga)', () => {
  const svc = { notificationType: 'PROBLEM', hostName: 'web01', hostAddress: '10.0.0.5', serviceName: 'http', serviceState: 'CRITICAL', output: 'HTTP CRITICAL - 500', timestamp: '1700000000', sender: 'icinga2', labels: { env: 'prod' } };
  it('maps service and host notifications, PROBLEM and RECOVERY', () => {
    const p = normalize('icinga', svc, ctx).events[0]!;
    expect(p).toMatchObject({ fingerprint: 'icinga:web01!http', status: 'firing', severity: 'critical', title: 'http on web01 is CRITICAL', occurredAt: 1700000000000 });
    expect(p.resource).toMatchObject({ host: 'web01', ip: '10.0.0.5', service: 'http', environment: 'prod' });
    const r = normalize('icinga', { ...svc, notificationType: 'RECOVERY', serviceState: 'OK' }, ctx).events[0]!;
    expect(r).toMatchObject({ fingerprint: 'icinga:web01!http', status: 'resolved', severity: 'info' });
    const h = normalize('nagios', { notificationType: 'PROBLEM', hostName: 'sw1', hostState: 'UNREACHABLE' }, ctx).events[0]!;
    expect(h).toMatchObject({ source: 'nagios', fingerprint: 'nagios:sw1', severity: 'major', status: 'firing' });
    expect(normalize('icinga', { ...svc, serviceState: 'UNKNOWN' }, ctx).events[0]!.severity).toBe('minor');
    expect(normalize('icinga', { ...svc, serviceState: 'WARNING' }, ctx).events[0]!.severity).toBe('warning');
    expect(normalize('nagios', { notificationType: 'PROBLEM', hostName: 'sw1', hostState: 'DOWN' }, ctx).events[0]!.severity).toBe('critical');
  });
  it('ignores acknowledgements and downtimes; names a missing state or an unknown type', () => {
    expect(normalize('icinga', { ...svc, notificationType: 'ACKNOWLEDGEMENT' }, ctx).ignored).toHaveLength(1);
    expect(normalize('icinga', { ...svc, notificationType: 'DOWNTIMESTART' }, ctx).events).toHaveLength(0);
    expect(normalize('icinga', { notificationType: 'PROBLEM', hostName: 'h' }, ctx).errors[0]?.field).toBe('hostState');
    expect(normalize('icinga', { ...svc, serviceState: 'DOWN' }, ctx).errors[0]?.field).toBe('serviceState');
    expect(normalize('icinga', { ...svc, notificationType: 'WHATEVER' }, ctx).errors[0]?.field).toBe('notificationType');
    expect(normalize('icinga', { foo: 1 }, ctx).errors[0]?.field).toBe('notificationType');
  });
});

describe('datadog and cloudevents', () => {
  it('datadog: aggregation key wins; a missing identity is refused', () => {
    const e = normalize('datadog', { title: '[Triggered] CPU', aggreg_key: 'abc', alert_type: 'error', date: 1700000000000, tags: ['host:h1', 'env:prod'] }, ctx).events[0]!;
    expect(e).toMatchObject({ fingerprint: 'datadog:abc', title: 'CPU', severity: 'critical' });
    expect(e.resource).toMatchObject({ host: 'h1', environment: 'prod' });
    expect(normalize('datadog', { title: 'x' }, ctx).errors[0]?.field).toBe('monitor_id');
  });
  it('cloudevents: alert attributes from extensions or data; batch errors name the index', () => {
    const base = { specversion: '1.0', id: '1', source: '/mon', type: 'com.example.alert', time: '2024-01-01T00:00:00Z' };
    const f = normalize('cloudevents', { ...base, severity: 'critical', fingerprint: 'fp1', data: { title: 'Disk', labels: { host: 'h' } } }, ctx).events[0]!;
    expect(f).toMatchObject({ fingerprint: 'fp1', severity: 'critical', status: 'firing', title: 'Disk' });
    expect(f.resource.host).toBe('h');
    const r = normalize('cloudevents', { ...base, id: '2', fingerprint: 'fp1', data: { status: 'resolved' } }, ctx).events[0]!;
    expect(r.status).toBe('resolved');
    const bad = normalize('cloudevents', [base, { ...base, specversion: '0.3' }], ctx);
    expect(bad.errors[0]).toMatchObject({ index: 1, field: '[1].specversion' });
  });
});

describe('registry', () => {
  it('reports an unknown source and never throws', () => {
    expect(normalize('pagerduty', {}, ctx).errors[0]?.code).toBe('AIOPS_ERR_NORMALIZE_UNKNOWN_SOURCE');
    for (const s of ['alertmanager', 'grafana', 'zabbix', 'icinga', 'nagios', 'datadog', 'cloudevents', 'generic']) {
      for (const body of [undefined, null, 0, 'x', [], [null], {}, { alerts: [null] }, { alerts: [{}] }, [[]], { title: {} }]) {
        const r = normalize(s, body, ctx);
        expect(r.errors.length + r.ignored.length, `${s} ${JSON.stringify(body)}`).toBeGreaterThan(0);
      }
    }
  });
});
