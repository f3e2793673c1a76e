import { describe, expect, it } from 'vitest';
import { Event } from '@aiops/model';
import { createTruthBuilder, detectFormat, guessColumns, parseMap, parseRowTime, readDataset, rowToEvent, type ColumnMap, type RowResult } from './dataset.js';

describe('parseRowTime', () => {
  it.each([
    ['1772445605', Date.UTC(2026, 2, 2, 10, 0, 5)],
    ['1772445605123', Date.UTC(2026, 2, 2, 10, 0, 5, 123)],
    ['1772445605.5', Date.UTC(2026, 2, 2, 10, 0, 5, 500)],
    ['2026-03-02T10:00:05Z', Date.UTC(2026, 2, 2, 10, 0, 5)],
    ['2026-03-02T12:00:05+02:00', Date.UTC(2026, 2, 2, 10, 0, 5)],
    ['2026-03-02 10:00:05', Date.UTC(2026, 2, 2, 10, 0, 5)],
    ['2026-03-02 10:00:05.250', Date.UTC(2026, 2, 2, 10, 0, 5, 250)],
    ['2026-03-02 10:00', Date.UTC(2026, 2, 2, 10, 0)],
    // alarm managers and log tools
    ['2026/03/02 10:00:05', Date.UTC(2026, 2, 2, 10, 0, 5)],
    ['2026-03-02 10:00:05 UTC', Date.UTC(2026, 2, 2, 10, 0, 5)],
    ['2026/03/02 10:00:05.5 GMT', Date.UTC(2026, 2, 2, 10, 0, 5, 500)],
  ])('reads %s as UTC', (v, ms) => {
    expect(parseRowTime(v)).toBe(ms);
  });
  it.each(['yesterday', '02/03/2026 10:00', '', '-5'])('refuses %j', (v) => {
    expect(parseRowTime(v)).toBeNull();
  });
});

describe('column mapping', () => {
  it('guesses common names, case and separators ignored, one role per column', () => {
    expect(guessColumns(['Timestamp', 'Node', 'alert_name', 'Level', 'svc', 'State', 'Incident_ID', 'is_root', 'message'])).toEqual({
      time: 'Timestamp',
      host: 'Node',
      title: 'alert_name',
      severity: 'Level',
      service: 'svc',
      status: 'State',
      group: 'Incident_ID',
      root: 'is_root',
    });
    // message is the title only when no better name exists
    expect(guessColumns(['@timestamp', 'instance', 'message']).title).toBe('message');
  });
  // public datasets' own names: a telecom alarm export, an AIOps-challenge KPI anomaly table, an Alertmanager JSON dump
  it.each([
    [['Occur_Time', 'NE_Name', 'Alarm_Name', 'Severity', 'Clear_Time', 'Group_ID', 'Is_Root_Alarm'], { time: 'Occur_Time', host: 'NE_Name', title: 'Alarm_Name', severity: 'Severity', clear: 'Clear_Time', group: 'Group_ID', root: 'Is_Root_Alarm' }],
    [['timestamp', 'cmdb_id', 'kpi_name', 'value', 'case', 'root_cause'], { time: 'timestamp', host: 'cmdb_id', title: 'kpi_name', group: 'case', root: 'root_cause' }],
    // nested host/service labels stay labels (the adapter reads its hints from them)
    [['startsAt', 'endsAt', 'status', 'labels.alertname', 'labels.instance', 'labels.service', 'labels.severity', 'annotations.summary', 'case_id', 'root_cause_service'],
      { time: 'startsAt', clear: 'endsAt', status: 'status', title: 'labels.alertname', severity: 'labels.severity', group: 'case_id', root: 'root_cause_service' }],
  ])('guesses %j', (header, expected) => {
    expect(guessColumns(header)).toEqual(expected);
  });
  it('prefers a whole name to a nested one, and an exact root name to a prefix', () => {
    expect(guessColumns(['ts', 'alertname', 'labels.alertname', 'root', 'root_cause_host'])).toEqual({ time: 'ts', title: 'alertname', root: 'root' });
  });
  it('lets --map win and frees the guessed column for nothing else', () => {
    const map = guessColumns(['ts', 'host', 'check', 'summary', 'label'], parseMap('title=summary,group=label'));
    expect(map).toEqual({ time: 'ts', host: 'host', title: 'summary', group: 'label' });
  });
  it('refuses an unknown role or a column that does not exist', () => {
    expect(() => parseMap('tme=ts')).toThrow(/unknown role "tme"/);
    expect(() => parseMap('time')).toThrow(/expected role=column/);
    expect(() => guessColumns(['ts'], { title: 'nope' })).toThrow(/title=nope: no such column/);
  });
});

const MAP: ColumnMap = { time: 'ts', host: 'node', title: 'alert', severity: 'level', service: 'svc', status: 'state', group: 'inc', root: 'root' };
const row = (values: Record<string, string>, line = 2) => rowToEvent({ line, values: { ts: '2026-03-02 10:00:05', node: 'web-01', alert: 'HostDown', level: 'high', svc: 'shop', state: 'firing', inc: 'INC-1', root: '0', dc: 'dc1', note: '', ...values } }, MAP);
const ok = (r: RowResult) => {
  if (!r.ok) throw new Error(r.error);
  return r;
};

describe('rowToEvent', () => {
  it('makes a valid generic event: severity table, host hint, other columns as labels, truth columns left out', () => {
    const r = ok(row({}));
    expect(Event.safeParse(r.event).success).toBe(true);
    expect(r.event).toMatchObject({ source: 'generic', status: 'firing', severity: 'major', title: 'HostDown', occurredAt: Date.UTC(2026, 2, 2, 10, 0, 5), receivedAt: Date.UTC(2026, 2, 2, 10, 0, 5) });
    expect(r.event.resource).toMatchObject({ host: 'web-01', service: 'shop' });
    expect(r.event.labels).toEqual({ dc: 'dc1', host: 'web-01', service: 'shop', alertname: 'HostDown', severity: 'high' });
    expect(r.group).toBe('INC-1');
    expect(r.root).toBeNull();
  });
  it('gives one fingerprint per host+title+service whatever the free columns say, and a resolved row the same one', () => {
    const a = ok(row({ dc: 'dc1' })).event;
    const b = ok(row({ dc: 'dc2', state: 'Resolved', ts: '2026-03-02 10:05:00' })).event;
    expect(b.status).toBe('resolved');
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(ok(row({ node: 'web-02' })).event.fingerprint).not.toBe(a.fingerprint);
    expect(ok(row({ svc: 'other' })).event.fingerprint).not.toBe(a.fingerprint);
    expect(rowToEvent({ line: 1, values: { ts: '1772445605', alert: 'X', fp: 'abc' } }, { time: 'ts', title: 'alert', fingerprint: 'fp' })).toMatchObject({ ok: true, event: { fingerprint: 'abc' } });
  });
  it('reads noise groups and root flags or names', () => {
    for (const g of ['', '0', '-1', 'None', 'noise']) expect(ok(row({ inc: g })).group).toBeNull();
    expect(ok(row({ root: 'TRUE' })).root).toEqual({ flag: true });
    expect(ok(row({ root: 'sw-core-1' })).root).toEqual({ entity: 'sw-core-1' });
  });
  it('ends a firing row at its clear time with a resolved event of the same alert; no or bad clear time: still active', () => {
    const m: ColumnMap = { ...MAP, clear: 'cleared' };
    const r = ok(rowToEvent({ line: 3, values: { ts: '2026-03-02 10:00:05', node: 'ne-1', alert: 'R_LOS', cleared: '2026/03/02 10:04:00' } }, m));
    expect(r.cleared).toMatchObject({ status: 'resolved', fingerprint: r.event.fingerprint, receivedAt: Date.UTC(2026, 2, 2, 10, 4), title: 'R_LOS' });
    expect(r.cleared?.id).not.toBe(r.event.id);
    for (const cleared of ['', 'n/a', '2026-03-02 09:00:00']) expect(ok(rowToEvent({ line: 3, values: { ts: '2026-03-02 10:00:05', node: 'ne-1', alert: 'R_LOS', cleared } }, m)).cleared).toBeUndefined();
  });
  it('reads the severity from a Nagios-style state column when there is no severity column', () => {
    const m: ColumnMap = { time: 'ts', title: 'check', status: 'state' };
    const at = (state: string) => ok(rowToEvent({ line: 2, values: { ts: '2026-03-02 10:00:05', check: 'PING', state } }, m)).event;
    expect(at('CRITICAL')).toMatchObject({ status: 'firing', severity: 'critical' });
    expect(at('WARNING')).toMatchObject({ status: 'firing', severity: 'warning' });
    expect(at('OK').status).toBe('resolved');
    expect(at('firing').severity).toBe('warning');
    expect(ok(rowToEvent({ line: 2, values: { ts: '2026-03-02 10:00:05', check: 'PING', state: 'CRITICAL', sev: 'minor' } }, { ...m, severity: 'sev' })).event.severity).toBe('minor');
  });
  it('puts a resolved row that keeps its start time (Alertmanager webhook) at its end time', () => {
    const m: ColumnMap = { time: 'startsAt', clear: 'endsAt', title: 'alertname', status: 'status' };
    const firing = ok(rowToEvent({ line: 2, values: { startsAt: '2026-03-02T10:00:05Z', endsAt: '0001-01-01T00:00:00Z', alertname: 'X', status: 'firing' } }, m));
    expect(firing.event.receivedAt).toBe(Date.UTC(2026, 2, 2, 10, 0, 5));
    expect(firing.cleared).toBeUndefined();
    const resolved = ok(rowToEvent({ line: 3, values: { startsAt: '2026-03-02T10:00:05Z', endsAt: '2026-03-02T10:07:00Z', alertname: 'X', status: 'resolved' } }, m));
    expect(resolved.event).toMatchObject({ status: 'resolved', receivedAt: Date.UTC(2026, 2, 2, 10, 7) });
    expect(resolved.cleared).toBeUndefined();
  });
  it('takes nested Alertmanager labels by their own names and annotations as annotations', () => {
    const r = ok(rowToEvent({ line: 2, values: { startsAt: '2026-03-02T10:00:05Z', 'labels.alertname': 'KubePodCrashLooping', 'labels.pod': 'cart-1', 'labels.namespace': 'shop', 'annotations.summary': 'restarting' } }, { time: 'startsAt', title: 'labels.alertname' }));
    expect(r.event.labels).toMatchObject({ pod: 'cart-1', namespace: 'shop', alertname: 'KubePodCrashLooping' });
    expect(r.event.labels).not.toHaveProperty(['annotations.summary']);
    // the label set is the identity: another pod is another alert, free columns are not
    const other = (values: Record<string, string>) => ok(rowToEvent({ line: 3, values: { startsAt: '2026-03-02T10:00:05Z', 'labels.alertname': 'KubePodCrashLooping', 'labels.pod': 'cart-1', 'labels.namespace': 'shop', ...values } }, { time: 'startsAt', title: 'labels.alertname' })).event.fingerprint;
    expect(other({})).toBe(r.event.fingerprint);
    expect(other({ 'annotations.summary': 'still restarting' })).toBe(r.event.fingerprint);
    expect(other({ 'labels.pod': 'cart-2' })).not.toBe(r.event.fingerprint);
  });
  it('says what is wrong with a bad row', () => {
    expect(row({ ts: 'soon' })).toEqual({ ok: false, error: 'time "soon" is not epoch s/ms, ISO-8601 or YYYY-MM-DD HH:MM:SS' });
    expect(row({ ts: '' })).toEqual({ ok: false, error: 'no time (column ts is empty)' });
    expect(row({ alert: ' ' })).toEqual({ ok: false, error: 'no title (column alert is empty)' });
  });
});

describe('truth derivation', () => {
  const hostOf = (e: Event) => e.resource.host ?? null;
  it('puts alerts with one group id together, noise as null, and finds the root from a flag or a name', () => {
    const t = createTruthBuilder(hostOf, (name) => `ci:${name}`);
    const a = ok(row({ node: 'sw-1', root: '1' }));
    const b = ok(row({ node: 'web-01' }));
    const c = ok(row({ node: 'web-02', inc: 'INC-2', root: 'db-01' }));
    const n = ok(row({ node: 'mail', inc: 'noise' }));
    for (const r of [b, a, c, n]) t.add(r);
    expect(t.build()).toEqual({
      [a.event.fingerprint]: { failureId: 'INC-1', rootCauseCi: 'sw-1' },
      [b.event.fingerprint]: { failureId: 'INC-1', rootCauseCi: 'sw-1' },
      [c.event.fingerprint]: { failureId: 'INC-2', rootCauseCi: 'ci:db-01' },
      [n.event.fingerprint]: null,
    });
  });
  it('keeps the first group of an alert, counts conflicts, and leaves a group without a root unknown', () => {
    const t = createTruthBuilder(hostOf, (name) => name);
    const first = ok(row({ inc: 'noise' }));
    t.add(first);
    t.add(ok(row({ inc: 'INC-7' })));
    t.add(ok(row({ inc: 'INC-8' })));
    expect(t.conflicts).toBe(1);
    expect(t.build()).toEqual({ [first.event.fingerprint]: { failureId: 'INC-7', rootCauseCi: null } });
  });
});

describe('readDataset', () => {
  const header = 'ts,node,alert,level,svc,state,inc,root\n';
  it('skips ragged and bad rows with their line and reports progress', () => {
    const problems: string[] = [];
    const progress: number[] = [];
    const text = `${header}1772445605,a,X,warning,s,firing,1,1\n1772445606,b,Y\n"1772445607",c,"Z, with comma",warning,s,firing,1,0\nnever,d,W,warning,s,firing,,0\n`;
    const r = readDataset(text, { format: 'csv', map: { group: 'inc' }, problem: (l, m) => problems.push(`${l}: ${m}`), progress: (n) => progress.push(n), progressEvery: 2 });
    expect(problems).toEqual(['3: 3 fields, the header has 8', '5: time "never" is not epoch s/ms, ISO-8601 or YYYY-MM-DD HH:MM:SS']);
    expect(progress).toEqual([2, 4]);
    expect({ rows: r.rows, bad: r.bad, events: r.events.map((e) => e.title) }).toEqual({ rows: 4, bad: 2, events: ['X', 'Z, with comma'] });
    expect(Object.values(r.truth ?? {})).toEqual([
      { failureId: '1', rootCauseCi: 'a' },
      { failureId: '1', rootCauseCi: 'a' },
    ]);
  });
  it('reads JSON lines, flattening nested labels, and has no truth without a group column', () => {
    const text = '{"time":"2026-03-02T10:00:00Z","instance":"10.0.0.1:9100","name":"Down","labels":{"job":"node"}}\nnot json\n[1]\n';
    const problems: string[] = [];
    const r = readDataset(text, { format: 'jsonl', problem: (l, m) => problems.push(`${l}: ${m}`) });
    expect(problems).toEqual(['2: not JSON', '3: not a JSON object']);
    expect(r.truth).toBeNull();
    // `labels.job` is the label `job` (the name the matcher and the baseline look for)
    expect(r.events[0]?.labels).toMatchObject({ job: 'node', host: '10.0.0.1:9100' });
    expect(r.events[0]?.resource.host).toBe('10.0.0.1');
  });
  it('adds a clear event after its row and keeps one truth entry per alert', () => {
    const text = 'Occur_Time,NE_Name,Alarm_Name,Clear_Time,Group_ID,Is_Root_Alarm\n2026/03/02 10:00:00,ne-1,R_LOS,2026/03/02 10:05:00,G1,1\n2026/03/02 10:00:02,ne-2,NE_COMMU_BREAK,,G1,0\n';
    const r = readDataset(text, { format: 'csv' });
    expect(r.events.map((e) => `${e.title}:${e.status}`)).toEqual(['R_LOS:firing', 'R_LOS:resolved', 'NE_COMMU_BREAK:firing']);
    expect(Object.values(r.truth ?? {})).toEqual([{ failureId: 'G1', rootCauseCi: 'ne-1' }, { failureId: 'G1', rootCauseCi: 'ne-1' }]);
  });
  it('guesses JSON lines roles from every key, not the first object (exports leave out null fields)', () => {
    const text = '{"startsAt":"2026-03-02T10:00:00Z","labels":{"alertname":"Blip","pod":"a-1"}}\n{"startsAt":"2026-03-02T10:01:00Z","labels":{"alertname":"Down","pod":"b-1"},"case_id":"C1","root_cause_service":"b"}\n';
    const r = readDataset(text, { format: 'jsonl' });
    expect(r.map).toMatchObject({ time: 'startsAt', title: 'labels.alertname', group: 'case_id', root: 'root_cause_service' });
    expect(Object.values(r.truth ?? {}).sort((x, y) => (x === null ? -1 : y === null ? 1 : 0))).toEqual([null, { failureId: 'C1', rootCauseCi: 'b' }]);
  });
  it('names the columns it needs when it cannot find them', () => {
    expect(() => readDataset('a,b\n1,2\n', { format: 'csv' })).toThrow(/no time or title column found among: a, b \(name it with --map time=<column>,title=<column>\)/);
  });
  it('tells datasets from normalised event files', () => {
    const isEvent = (v: unknown) => Event.safeParse(v).success;
    expect(detectFormat('x.CSV', '', undefined, isEvent)).toBe('csv');
    expect(detectFormat('x.jsonl', '{"ts":1}\n', undefined, isEvent)).toBe('jsonl');
    expect(detectFormat('x.jsonl', `\n${JSON.stringify(ok(row({})).event)}\n`, undefined, isEvent)).toBe('events');
    expect(detectFormat('x.txt', '{"ts":1}', 'csv', isEvent)).toBe('csv');
    expect(() => detectFormat('x', '', 'xml', isEvent)).toThrow(/--format: expected csv, jsonl or events/);
  });
});
