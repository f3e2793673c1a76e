import { describe, expect, it } from 'vitest';
import { type PollAlert, sameCheck } from './same-poll.js';

const poll = (device: string, title: string, over: Partial<PollAlert> = {}): PollAlert => ({
  source: 'generic', title, labels: { alertname: 'icmp', check: 'icmp', device, poller: 'poller-dc2' }, ...over,
});

describe('sameCheck', () => {
  it.each([
    ['one poller, subjects whose names mask differently: the same check',
      poll('sw-acc-13-01', 'Device sw-acc-13-01 unreachable (3/3 polls lost)'), poll('dc2-core-01', 'Device dc2-core-01 unreachable (5/5 polls lost)'), true],
    ['the same subject label and text: the same check', poll('db-07', 'Disk 91% full on db-07'), poll('db-12', 'Disk 97% full on db-12'), true],
    ['another check of the same poller: two labels differ',
      poll('sw-1', 'Device sw-1 unreachable'), poll('sw-2', 'Device sw-2 unreachable', { labels: { alertname: 'snmp', check: 'snmp', device: 'sw-2', poller: 'poller-dc2' } }), false],
    ['another poller (site): two labels differ',
      poll('sw-1', 'Device sw-1 unreachable'), poll('sw-2', 'Device sw-2 unreachable', { labels: { alertname: 'icmp', check: 'icmp', device: 'sw-2', poller: 'poller-dc1' } }), false],
    ['another sender', poll('sw-1', 'Device sw-1 unreachable'), poll('sw-2', 'Device sw-2 unreachable', { source: 'prometheus' }), false],
    ['the differing label is not what the text is about', poll('sw-1', 'Device unreachable'), poll('sw-2', 'Device unreachable'), false],
    ['the same subject label, another text', poll('sw-1', 'Device sw-1 unreachable'), poll('sw-2', 'Fan failed on sw-2'), false],
    ['other label keys', poll('sw-1', 'Device sw-1 unreachable'), poll('sw-2', 'Device sw-2 unreachable', { labels: { alertname: 'icmp', check: 'icmp', device: 'sw-2' } }), false],
  ])('%s', (_why, x, y, want) => {
    expect(sameCheck(x, y)).toBe(want);
    expect(sameCheck(y, x)).toBe(want);
  });
});
