import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CorrelationGroup } from '@aiops/model';
import type { Evaluation } from '@aiops/correlate';
import { replayCommand } from './replay.js';

// Two failures (a switch taking its hosts down; a database breaking its callers) and unrelated noise,
// in the shape public datasets come in: local times, a free text column with commas and quotes.
const ALERTS = `time,hostname,alertname,severity,state,incident,root_cause,text
2026-03-02 10:00:00,sw-1,InterfaceDown,critical,firing,A,1,"uplink down, ""LACP"""
2026-03-02 10:00:10,web-1,HostUnreachable,critical,firing,A,0,ping failed
2026-03-02 10:00:11,web-2,HostUnreachable,critical,firing,A,0,ping failed
2026-03-02 10:00:20,web-1,ProbeFailed,major,firing,A,0,timeout
2026-03-02 10:02:00,mail-1,QueueBacklog,minor,firing,,0,queue 1200
2026-03-02 10:10:00,sw-1,InterfaceDown,critical,resolved,A,1,up
2026-03-02 10:30:00,db-1,DiskFull,critical,firing,B,0,100%
2026-03-02 10:30:10,app-1,DBErrors,major,firing,B,0,connection refused
2026-03-02 10:30:12,app-2,DBErrors,major,firing,B,0,connection refused
2026-03-02 10:31:00,ntp-1,ClockSkew,warning,firing,noise,0,250 ms
2026-03-02 10:32:00,app-2,DBErrors,major,firing,B,db-1
oops,x,y,warning,firing,B,0,bad time
`;
const CMDB = `id,name,type,relations,attr.hostname
ci-sw-1,sw-1,network,,sw-1
ci-web-1,web-1,host,connected_to:ci-sw-1,web-1
ci-web-2,web-2,host,connected_to:ci-sw-1,web-2
ci-db-1,db-1,database,,db-1
ci-app-1,app-1,host,depends_on:ci-db-1,app-1
ci-app-2,app-2,host,depends_on:ci-db-1,app-2
ci-mail-1,mail-1,host,,mail-1
ci-ntp-1,ntp-1,host,,ntp-1
`;

interface Report {
  events: number;
  invalid: number;
  alerts: number;
  groups: CorrelationGroup[];
  evaluation: Evaluation | null;
}

let dir: string;
const errors: string[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aiops-replay-dataset-'));
  writeFileSync(join(dir, 'alerts.csv'), ALERTS);
  writeFileSync(join(dir, 'cmdb.csv'), CMDB);
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

async function replay(...extra: string[]): Promise<Report> {
  const out = join(dir, `report-${extra.length}.json`);
  expect(await replayCommand.run(['--events', join(dir, 'alerts.csv'), '--out', out, ...extra])).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

/** hosts per group, sorted, so the assertion reads as the expected partition */
const partition = (r: Report) =>
  r.groups.map((g) => [...new Set(g.members.map((m) => m.fingerprint))].map((fp) => r.groups.flatMap((x) => x.members).find((m) => m.fingerprint === fp)?.title ?? fp).sort()).sort((a, b) => (a.join() < b.join() ? -1 : 1));

describe('aiops replay on a labelled CSV dataset', () => {
  it('with a CMDB: one group per failure, noise alone, F1 and root cause from the derived truth', async () => {
    errors.length = 0;
    const truthOut = join(dir, 'truth.json');
    const r = await replay('--cmdb', join(dir, 'cmdb.csv'), '--truth-out', truthOut);
    expect(errors).toEqual([`${join(dir, 'alerts.csv')}:12: 7 fields, the header has 8`, `${join(dir, 'alerts.csv')}:13: time "oops" is not epoch s/ms, ISO-8601 or YYYY-MM-DD HH:MM:SS`]);
    expect({ events: r.events, invalid: r.invalid, alerts: r.alerts }).toEqual({ events: 10, invalid: 2, alerts: 9 });
    expect(partition(r)).toEqual([['ClockSkew'], ['DBErrors', 'DBErrors', 'DiskFull'], ['HostUnreachable', 'HostUnreachable', 'InterfaceDown', 'ProbeFailed'], ['QueueBacklog']]);
    expect(r.evaluation).toMatchObject({ alerts: 9, trueGroups: 4, precision: 1, recall: 1, f1: 1 });
    // the switch is flagged as A's root; B names no root (its last row's name is on a skipped row), so
    // root-cause accuracy counts A only
    expect(r.evaluation).toMatchObject({ rootCauseTop1: 1, rootCauseKnown: 1 });
    const truth = JSON.parse(readFileSync(truthOut, 'utf8')) as Record<string, unknown>;
    expect(Object.values(truth).filter((t) => t === null)).toHaveLength(2);
    expect(new Set(Object.values(truth).map((t) => JSON.stringify(t)))).toEqual(new Set(['null', '{"failureId":"A","rootCauseCi":"ci-sw-1"}', '{"failureId":"B","rootCauseCi":null}']));
  });

  it('without a CMDB: the same truth scores whatever the engine finds from names and text alone', async () => {
    const r = await replay();
    expect(r.evaluation).not.toBeNull();
    expect(r.evaluation?.alerts).toBe(9);
    expect(r.evaluation?.trueGroups).toBe(4);
    // no topology: the switch and the hosts behind it, the database and its callers, share nothing but
    // time and text, so failures split (F1 61.5 % today) but nothing unrelated is joined
    expect(r.evaluation?.f1).toBeLessThan(1);
    expect(r.evaluation?.precision).toBe(1);
  });

  it('an occurrence log where web01 HighCPU recurs in another incident 3 h later, no resolves: scored per occurrence', async () => {
    const csv = `time,hostname,alertname,severity,incident
2026-03-02 10:00:00,db01,HostDown,critical,A
2026-03-02 10:00:30,web01,HighCPU,major,A
2026-03-02 13:00:00,lb01,HTTP5xx,major,B
2026-03-02 13:00:30,web01,HighCPU,major,B
`;
    const cmdb = `id,name,type,relations,attr.hostname
ci-db01,db01,host,,db01
ci-web01,web01,host,depends_on:ci-db01,web01
ci-lb01,lb01,host,depends_on:ci-web01,lb01
`;
    writeFileSync(join(dir, 'recurring.csv'), csv);
    writeFileSync(join(dir, 'recurring-cmdb.csv'), cmdb);
    const run = async (...extra: string[]): Promise<Report> => {
      const out = join(dir, `recurring-${extra.length}.json`);
      expect(await replayCommand.run(['--events', join(dir, 'recurring.csv'), '--cmdb', join(dir, 'recurring-cmdb.csv'), '--out', out, ...extra])).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8')) as Report;
    };
    // 4 occurrences of 3 alerts: web01's second one is B's, and the engine put it in B's group
    expect((await run()).evaluation).toMatchObject({ alerts: 4, trueGroups: 2, precision: 1, recall: 1, f1: 1 });
    // without new episodes the recurrence stays in A's group: B's occurrence is counted there
    writeFileSync(join(dir, 'no-episodes.json'), JSON.stringify({ alertState: { episodeGapMs: 0 } }));
    const off = (await run('--config', join(dir, 'no-episodes.json'))).evaluation;
    expect(off).toMatchObject({ alerts: 4, trueGroups: 2 });
    expect(off?.f1).toBeLessThan(1);
  });

  it('reads the example dataset in deploy/examples/datasets without a bad row', async () => {
    const example = join(dirname(fileURLToPath(import.meta.url)), '../../../../deploy/examples/datasets');
    errors.length = 0;
    const out = join(dir, 'example.json');
    expect(await replayCommand.run(['--events', join(example, 'alerts.csv'), '--cmdb', join(example, 'cmdb.csv'), '--out', out])).toBe(0);
    expect(errors).toEqual([]);
    const r = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(r.invalid).toBe(0);
    expect(r.evaluation?.trueGroups).toBeGreaterThan(2);
  });
});
