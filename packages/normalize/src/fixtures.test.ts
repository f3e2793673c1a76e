import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Event } from '@aiops/model';
import { alertmanagerFingerprint, normalize } from './index.js';

const root = resolve(import.meta.dirname, '..', 'fixtures');
const ctx = { receivedAt: 1_700_000_000_000 };
const load = (source: string, file: string): unknown => JSON.parse(readFileSync(join(root, source, file), 'utf8'));
const run = (source: string, file: string) => normalize(source, load(source, file), ctx);

interface Expect {
  n: number;
  fingerprint?: string;
  status?: 'firing' | 'resolved';
  severity?: string;
  title?: string;
  occurredAt?: number;
  host?: string;
  ignored?: number;
  error?: string;
}

// One row per real payload: what the first event must look like. Every fixture file is listed (checked below).
const TABLE: Record<string, Record<string, Expect>> = {
  alertmanager: {
    '01-alertmanager-bot-firing-single.json': { n: 1, status: 'firing', severity: 'critical', title: 'Fire', occurredAt: Date.parse('2018-11-04T21:43:58.283Z') },
    '02-alertmanager-bot-resolved-single.json': { n: 1, status: 'resolved', severity: 'critical', title: 'Fire' },
    '03-alertmonitor-firing-3-alerts.json': { n: 3, status: 'firing', severity: 'major', host: '172.29.254.30' },
    '04-alertmonitor-resolved-3-alerts.json': { n: 3, status: 'resolved', severity: 'major' },
    '05-zulip-firing-2-alerts.json': { n: 2, fingerprint: 'a1bc48475b20e73d', status: 'firing', severity: 'critical', host: 'andromeda' },
    '06-zulip-resolved-single.json': { n: 1, fingerprint: 'a1bc48475b20e73d', status: 'resolved' },
    '07-ericsson-eo-resolved-kube-state.json': { n: 1, fingerprint: 'fbab788ec4c1018b', status: 'resolved', severity: 'warning', occurredAt: Date.parse('2022-07-29T11:17:27.300Z'), host: '192.168.69.53' },
    '08-prometheus-msteams-firing-19-alerts.json': { n: 19, status: 'firing', severity: 'critical' },
    '09-grafana-oncall-example-2-alerts.json': { n: 2, fingerprint: 'f404ecabc8dd5cd7', severity: 'critical', title: 'Instance localhost:8081 down', host: 'localhost' },
    '10-debian-alertmanager-0.25-firing-2-alerts.json': { n: 2, fingerprint: '97bc747d0c3f51b0', status: 'firing', severity: 'critical', title: 'Disk almost full on db-02', host: '2001:db8::5' },
    '11-debian-alertmanager-0.25-resolved-2-alerts.json': { n: 2, fingerprint: '97bc747d0c3f51b0', status: 'resolved', severity: 'critical' },
  },
  grafana: {
    '01-grafana-docs-firing-2-alerts.json': { n: 2, status: 'firing', severity: 'warning' },
    '02-zulip-grafana9-firing.json': { n: 1, status: 'firing' },
    '03-zulip-grafana9-resolved.json': { n: 1, status: 'resolved' },
    '04-zulip-grafana9-mixed-1-firing-2-resolved.json': { n: 3, fingerprint: 'aaafafe0953f0962', status: 'resolved', host: 'badhost.example.com' },
    '05-zulip-grafana11-values-imageurl.json': { n: 1, status: 'firing', title: 'High memory usage' },
    '06-grafana-alerting-lib-default-template-zero-times.json': { n: 1, fingerprint: 'fac0861a85de433a', occurredAt: ctx.receivedAt },
    '07-keep-grafana12-test-notification.json': { n: 1, fingerprint: 'c4edaaf9f9f839b0', title: 'TEST' },
    '08-zulip-legacy-alerting.json': { n: 1, status: 'firing', title: 'Test rule' },
    '09-zulip-legacy-ok.json': { n: 1, status: 'resolved', severity: 'info' },
  },
  zabbix: {
    '01-zulip-problem-average.json': { n: 1, fingerprint: 'zabbix:14032', status: 'firing', severity: 'minor', host: 'www.example.com' },
    '02-zulip-ok-average.json': { n: 1, fingerprint: 'zabbix:14032', status: 'resolved' },
    '03-zulip-problem-disaster.json': { n: 1, fingerprint: 'zabbix:14032', severity: 'critical' },
    '04-zulip-warning-nonstandard-status.json': { n: 1, fingerprint: 'zabbix:14033', status: 'firing', severity: 'warning' },
    '05-zulip-invalid-missing-hostname.json': { n: 0, error: 'hostName' },
    '06-grafana-oncall-zabbix-demo.json': { n: 0, error: 'hostName' },
  },
  icinga: {
    '01-icinga-notifications-process-event-doc.json': { n: 1, fingerprint: 'icinga:dummy-809!random fortune', status: 'firing', severity: 'critical', host: 'dummy-809' },
    '02-icinga-notifications-state-critical.json': { n: 1, fingerprint: 'icinga:www1!httpd', severity: 'critical' },
    '03-icinga-notifications-state-warning.json': { n: 1, fingerprint: 'icinga:www1!httpd', severity: 'warning' },
    '04-icinga-notifications-state-ok.json': { n: 1, fingerprint: 'icinga:www1!httpd', status: 'resolved' },
    '05-icinga-notifications-acknowledgement.json': { n: 0, ignored: 1 },
    '06-icinga2-eventstream-statechange-host.json': { n: 1, fingerprint: 'icinga:dummy-158', status: 'firing', severity: 'critical', occurredAt: 1697188278204 },
    '07-icinga2-eventstream-statechange-service.json': { n: 1, fingerprint: 'icinga:dummy-280!random fortune', severity: 'critical' },
    '08-icinga2-eventstream-ack-set-service.json': { n: 0, ignored: 1 },
    '09-icinga2-eventstream-ack-cleared-service.json': { n: 0, ignored: 1 },
    '10-icinga1-notify-by-mqtt-host-up.json': { n: 1, fingerprint: 'icinga:localhost', status: 'resolved', occurredAt: 1396622305000 },
    '11-icinga1-notify-by-mqtt-service-critical.json': { n: 1, fingerprint: 'icinga:localhost!JPtest', status: 'firing', severity: 'critical' },
    '12-icinga2-2.13-aiops-notify-service-problem.json': { n: 1, fingerprint: 'icinga:web-e2e!http', status: 'firing', severity: 'critical', title: 'http on web-e2e is CRITICAL', occurredAt: 1795465752000, host: 'web-e2e' },
    '13-icinga2-2.13-aiops-notify-service-recovery.json': { n: 1, fingerprint: 'icinga:web-e2e!http', status: 'resolved', severity: 'info', occurredAt: 1795465764000 },
  },
  datadog: {
    '01-recovered-error-monitor.json': { n: 1, status: 'resolved', title: 'Error monitor' },
    '02-triggered-error-monitor.json': { n: 1, fingerprint: 'datadog:160076582:service:keep-api-matvey-kuk-workflows-fix', status: 'firing', severity: 'critical', occurredAt: 1733930133000 },
    '03-triggered-db-by-database-id.json': { n: 1, status: 'firing' },
    '04-warn-p2-unauthorized.json': { n: 1, fingerprint: 'datadog:134462228:service:keep-api', severity: 'major', title: 'Unauthorized access to API keep-api' },
    '05-triggered-p2-unauthorized.json': { n: 1, fingerprint: 'datadog:134462228:service:keep-api', status: 'firing' },
    '06-recovered-p2-unauthorized.json': { n: 1, fingerprint: 'datadog:134462228:service:keep-api', status: 'resolved' },
    '07-triggered-operationalerror-db.json': { n: 1, status: 'firing' },
    '08-recovered-operationalerror-db.json': { n: 1, status: 'resolved' },
  },
  cloudevents: {
    '01-spec-github-pull-request-opened.json': { n: 1, title: 'com.github.pull_request.opened 123', severity: 'info', occurredAt: Date.parse('2018-04-05T17:31:00Z') },
    '02-json-format-binary-data-base64-placeholder.json': { n: 1 },
    '03-json-format-xml-string-data-null-extension.json': { n: 1 },
    '04-json-format-json-object-data.json': { n: 1 },
    '05-json-format-json-number-data.json': { n: 1 },
    '06-json-format-string-data-no-contenttype.json': { n: 1 },
    '07-json-format-data-base64-no-contenttype.json': { n: 1, occurredAt: ctx.receivedAt },
    '08-json-batch-two-events.json': { n: 2 },
    '09-dataref-extension.json': { n: 1 },
    '10-correlation-extension-payment-failed.json': { n: 1 },
  },
};

describe('real payloads', () => {
  for (const [source, rows] of Object.entries(TABLE)) {
    it(`${source}: every fixture file has a row`, () => {
      expect(readdirSync(join(root, source)).sort()).toEqual(Object.keys(rows).sort());
    });
    for (const [file, x] of Object.entries(rows)) {
      it(`${source}/${file}`, () => {
        const r = run(source, file);
        expect(r.events).toHaveLength(x.n);
        if (x.error !== undefined) expect(r.errors[0]?.field).toBe(x.error);
        else expect(r.errors).toEqual([]);
        expect(r.ignored).toHaveLength(x.ignored ?? 0);
        for (const e of r.events) {
          expect(Event.safeParse(e).success).toBe(true);
          expect(e.source).toBe(source);
          expect(e.receivedAt).toBe(ctx.receivedAt);
        }
        const e = r.events[0];
        if (e === undefined) return;
        if (x.fingerprint !== undefined) expect(e.fingerprint).toBe(x.fingerprint);
        if (x.status !== undefined) expect(e.status).toBe(x.status);
        if (x.severity !== undefined) expect(e.severity).toBe(x.severity);
        if (x.title !== undefined) expect(e.title).toBe(x.title);
        if (x.occurredAt !== undefined) expect(e.occurredAt).toBe(x.occurredAt);
        if (x.host !== undefined) expect(e.resource.host).toBe(x.host);
      });
    }
  }

  it('gives the same ids for the same payload (a retry), and different ids for firing vs resolved', () => {
    for (const [source, rows] of Object.entries(TABLE)) {
      for (const file of Object.keys(rows)) {
        const a = run(source, file).events.map((e) => e.id);
        const b = normalize(source, load(source, file), { receivedAt: ctx.receivedAt + 5000 }).events.map((e) => e.id);
        expect(b, `${source}/${file}`).toEqual(a);
      }
    }
    const firing = run('alertmanager', '05-zulip-firing-2-alerts.json').events[0]!;
    const resolved = run('alertmanager', '06-zulip-resolved-single.json').events[0]!;
    expect(firing.fingerprint).toBe(resolved.fingerprint);
    expect(firing.id).not.toBe(resolved.id);
  });

  it('alertmanager: computes the fingerprint Alertmanager would send when the sender omits it', () => {
    const body = load('alertmanager', '07-ericsson-eo-resolved-kube-state.json') as { alerts: Array<Record<string, unknown>> };
    delete body.alerts[0]!.fingerprint;
    expect(normalize('alertmanager', body, ctx).events[0]!.fingerprint).toBe('fbab788ec4c1018b');
  });

  it('alertmanager: our fingerprint equals the one Debian\'s Alertmanager 0.25 computed, for every alert', () => {
    for (const f of ['10-debian-alertmanager-0.25-firing-2-alerts.json', '11-debian-alertmanager-0.25-resolved-2-alerts.json']) {
      const body = load('alertmanager', f) as { alerts: Array<{ labels: Record<string, string>; fingerprint: string }> };
      for (const a of body.alerts) expect(alertmanagerFingerprint(a.labels)).toBe(a.fingerprint);
    }
    const r = run('alertmanager', '11-debian-alertmanager-0.25-resolved-2-alerts.json').events[0]!;
    expect(r.endsAt).toBe(r.occurredAt);
    expect(r.resource).toMatchObject({ instance: '2001:db8::5', ip: '2001:db8::5' });
  });

  it('alertmanager: keeps labels and annotations, strips the port from instance, links generatorURL', () => {
    const e = run('alertmanager', '07-ericsson-eo-resolved-kube-state.json').events[0]!;
    expect(e.labels.instance).toBe('192.168.69.53:8080');
    expect(e.resource).toMatchObject({ instance: '192.168.69.53', ip: '192.168.69.53', namespace: 'eric-eo-cm-ci406', job: 'eric-pm-kube-state-metrics', workload: 'eric-log-transformer' });
    expect(e.annotations.summary).toBe('Kubernetes Deployment Replicas Mismatch');
    expect(e.url).toMatch(/^\/metrics\/viewer/);
    expect(e.startsAt).toBe(Date.parse('2022-07-29T11:13:27.300Z'));
    expect(e.endsAt).toBe(Date.parse('2022-07-29T11:17:27.300Z'));
  });

  it('alertmanager: a firing alert carries no endsAt even when the sender sets the expiry', () => {
    const e = run('alertmanager', '01-alertmanager-bot-firing-single.json').events[0]!;
    expect(e.endsAt).toBeUndefined();
    expect(e.url).toBe('http://localhost:9090/graph?g0.expr=vector%28666%29&g0.tab=1');
  });

  it('grafana: mixed group keeps each alert status and adds Grafana links as annotations', () => {
    const r = run('grafana', '04-zulip-grafana9-mixed-1-firing-2-resolved.json');
    expect(r.events.map((e) => e.status)).toEqual(['resolved', 'resolved', 'firing']);
    expect(r.events[0]!.annotations.value_string).toContain("var='B'");
    const g11 = run('grafana', '05-zulip-grafana11-values-imageurl.json').events[0]!;
    expect(g11.annotations.image_url).toBeDefined();
    expect(g11.url).toBe(g11.annotations.panel_url);
  });

  it('zabbix: problem and recovery share the trigger fingerprint although the event ids differ', () => {
    const p = run('zabbix', '01-zulip-problem-average.json').events[0]!;
    const ok = run('zabbix', '02-zulip-ok-average.json').events[0]!;
    expect(p.sourceEventId).toBe('10528');
    expect(ok.sourceEventId).toBe('10529');
    expect(p.fingerprint).toBe(ok.fingerprint);
  });
});
