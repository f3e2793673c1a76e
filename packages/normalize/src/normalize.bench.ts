import { bench, describe } from 'vitest';
import am19 from '../fixtures/alertmanager/08-prometheus-msteams-firing-19-alerts.json' with { type: 'json' };
import amFp from '../fixtures/alertmanager/10-debian-alertmanager-0.25-firing-2-alerts.json' with { type: 'json' };
import zabbix from '../fixtures/zabbix/01-zulip-problem-average.json' with { type: 'json' };
import { normalize } from './index.js';

// Hot path of the gateway: one payload in, events out (parse excluded). Run: npx vitest bench --project unit packages/normalize
const generic = { title: 'disk full', severity: 'major', labels: { host: 'db1:9100', service: 'billing', env: 'prod' } };
const ctx = { receivedAt: 1_700_000_000_000 };

describe('normalize', () => {
  bench('alertmanager, 19 alerts without fingerprints (computed)', () => {
    normalize('alertmanager', am19, ctx);
  });
  bench('alertmanager 0.25, 2 alerts with fingerprints', () => {
    normalize('alertmanager', amFp, ctx);
  });
  bench('generic, 1 event', () => {
    normalize('generic', generic, ctx);
  });
  bench('zabbix, 1 event', () => {
    normalize('zabbix', zabbix, ctx);
  });
});
