import { describe, expect, it } from 'vitest';
import { createCmdbGraph } from '@aiops/cmdb';
import type { ConfigurationItem, Event } from '@aiops/model';
import { correlateConfig } from './config.js';
import { createEventMatcher, createSubjectIndex, type SubjectMode } from './subject.js';

function ci(id: string, name: string, type: string, rel: Array<[string, string]> = [], extra: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return { id, name, type, aliases: [], attributes: {}, relations: rel.map(([t, target]) => ({ type: t as 'depends_on', target })), ...extra };
}

const cmdb = createCmdbGraph([
  ci('lb', 'dc1-lb-01', 'load_balancer', [['depends_on', 'dist']], { aliases: ['dc1-bigip-01'] }),
  ci('vip-tax', 'vip-tax-svc-dc1', 'load_balancer', [['runs_on', 'lb']], { aliases: ['/Common/tax-svc_vs'] }),
  ci('vip-hr', 'vip-hr-api-dc1', 'load_balancer', [['runs_on', 'lb']], { aliases: ['/Common/hr-api_vs'] }),
  ci('dist', 'sw-dist-01', 'network', [['depends_on', 'core']]),
  ci('acc', 'sw-acc-01-01', 'network', [['depends_on', 'dist']]),
  ci('core', 'dc1-core-01', 'network'),
  ci('far', 'sw-acc-09-09', 'network', [['depends_on', 'core']]),
  ci('esx', 'esx001.infra.local', 'host'),
  ci('vm', 'vm-pay-001', 'vm', [['runs_on', 'esx']], { attributes: { fqdn: 'vm-pay-001.corp.local' } }),
  ci('srv', 'dc1r01s01', 'host'),
  ci('app', 'Voucher GW', 'application', [['runs_on', 'srv']]),
]);

function ev(title: string, description = '', labels: Record<string, string> = {}): Event {
  return { id: 'e', source: 'generic', fingerprint: 'f', status: 'firing', severity: 'major', title, description, labels, annotations: {}, resource: {}, occurredAt: 0, receivedAt: 0 };
}

describe('alert subjects: the related CI an alert from one device is about', () => {
  it.each<[string, string, Event, SubjectMode, string | null]>([
    ['an F5 about its virtual server', 'lb', ev('No members available for /Common/tax-svc_vs', '', { ifName: '/Common/tax-svc_vs' }), 'served', 'vip-tax'],
    ['a switch about the device behind its port (ifAlias)', 'dist', ev('Interface Te1/1/15 down on sw-dist-01', 'linkDown: ifAlias="uplink sw-acc-01-01" ifOperStatus=down(2)'), 'served', 'acc'],
    ['a hypervisor about a VM, named by FQDN', 'esx', ev('VM vm-pay-001.corp.local lost heartbeat'), 'served', 'vm'],
    ['a host check about an application known by its display name', 'srv', ev('dc1r01s01/check_logfiles (voucher-gw): 9 errors', '', { component: 'voucher-gw' }), 'served', 'app'],
    ['the sender naming itself stays on the sender', 'dist', ev('Module 2 failed on sw-dist-01'), 'served', null],
    ['a CI named but not related to the sender', 'dist', ev('Interface down', 'ifAlias="uplink sw-acc-09-09"'), 'served', null],
    ['two related CIs named: no guess', 'lb', ev('No members available for /Common/tax-svc_vs and /Common/hr-api_vs'), 'served', null],
    ['a device naming its own uplink: served mode keeps it on the sender', 'acc', ev('Interface Gi0/1 down', 'ifAlias="uplink sw-dist-01"'), 'served', null],
    ['… neighbours mode moves it to the uplink', 'acc', ev('Interface Gi0/1 down', 'ifAlias="uplink sw-dist-01"'), 'neighbours', 'dist'],
    ['off', 'lb', ev('No members available for /Common/tax-svc_vs'), 'off', null],
  ])('%s', (_n, sender, e, mode, expected) => {
    const s = createSubjectIndex(cmdb, mode).subjectOf({ id: sender, method: 'hostname', hint: 'x' }, e);
    expect(s?.id ?? null).toBe(expected);
    if (s) expect(s.method).toBe('subject');
  });

  it('matchEvent keeps the sender in the hint and is switched off by matching.subjects', () => {
    const e = { ...ev('No members available for /Common/tax-svc_vs'), resource: { host: 'dc1-bigip-01' } };
    const on = createEventMatcher(cmdb, correlateConfig.parse({}).matching).matchEvent(e);
    expect(on).toMatchObject({ id: 'vip-tax', method: 'subject' });
    expect(on?.hint).toContain('dc1-lb-01');
    const off = createEventMatcher(cmdb, correlateConfig.parse({ matching: { subjects: 'off' } }).matching).matchEvent(e);
    expect(off).toMatchObject({ id: 'lb', method: 'alias' });
  });

  it('a check on a host the service depends on stays on the host: its service label does not move it back (matching.hostOverService)', () => {
    const g = createCmdbGraph([ci('db', 'chk-db-01', 'host'), ci('chk', 'checkout', 'application', [['depends_on', 'db']], { attributes: { service: 'checkout' } })]);
    const e = { ...ev('MySQL', "CRITICAL - Can't connect to MySQL server", { service: 'checkout', alertname: 'MySQL' }), resource: { host: 'chk-db-01', service: 'checkout' } };
    expect(createEventMatcher(g, correlateConfig.parse({}).matching).matchEvent(e)).toMatchObject({ id: 'db', method: 'host_service' });
    expect(createEventMatcher(g, correlateConfig.parse({ matching: { hostOverService: false } }).matching).matchEvent(e)).toMatchObject({ id: 'chk', method: 'service' });
  });
});
