import { describe, expect, it } from 'vitest';
import { createCmdbGraph } from '@aiops/cmdb';
import type { ConfigurationItem } from '@aiops/model';
import { mentions, namedCauses } from './named-cause.js';

const ci = (id: string, name: string, extra: Partial<ConfigurationItem> = {}): ConfigurationItem => ({ id, name, type: 'database', aliases: [], attributes: {}, relations: [], ...extra });

describe('named causes', () => {
  it.each([
    ['connection refused to pg-orders:5432', 'pg-orders', true],
    ['upstream payments-api returned 503', 'payments-api', true],
    ['connect to pg-orders2:5432 failed', 'pg-orders', false],
    ['pg-orders-replica lag', 'pg-orders', false],
    ['timeout (pg-orders)', 'pg-orders', true],
    ['mypg-orders down', 'pg-orders', false],
  ])('"%s" names %s: %s', (text, name, expected) => {
    expect(mentions(text, name)).toBe(expected);
  });
  it('returns the upstream CIs the text names, by name, alias or FQDN short name', () => {
    const cmdb = createCmdbGraph([
      ci('c1', 'pg-orders'),
      ci('c2', 'redis-main', { aliases: ['REDIS01.corp.local'] }),
      ci('c3', 'db', {}),
      ci('c4', 'other-db'),
    ]);
    const text = 'Connection refused to pg-orders:5432; cache redis01 unreachable; db slow';
    expect(namedCauses(cmdb, text, ['c1', 'c2', 'c3', 'c4'], new Map())).toEqual(['c1', 'c2']);
    expect(namedCauses(cmdb, '', ['c1'], new Map())).toEqual([]);
    // a Zabbix title names the host the check runs on: its own subject, not a dependency
    expect(namedCauses(cmdb, 'Disk full on PG-ORDERS', ['c1'], new Map(), 'pg-orders 10.0.0.1')).toEqual([]);
    expect(namedCauses(cmdb, 'Disk full on PG-ORDERS', ['c1'], new Map(), () => 'pg-orders 10.0.0.1')).toEqual([]);
    expect(namedCauses(cmdb, text, ['c1', 'c2'], new Map(), () => 'web-1')).toEqual(['c1', 'c2']);
  });
});
