import { describe, expect, it } from 'vitest';
import type { Alert, CorrelationGroup, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig, type CorrelateConfigInput } from './config.js';
import { type CorrelationEngine, createCorrelationEngine, type EngineOutput } from './engine.js';
import { episodeGap, newEpisode } from './episodes.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('episodeGap', () => {
  it.each([
    { cadenceMs: 0, want: 2 * HOUR, why: 'seen once: the whole gap (a source may send once per problem)' },
    { cadenceMs: MIN, want: 30 * MIN, why: 'a row a minute: silent past the minimum gap, it stopped' },
    { cadenceMs: 20 * MIN, want: HOUR, why: 'every 20 min: three intervals' },
    { cadenceMs: 4 * HOUR, want: 2 * HOUR, why: 'a slow re-sender: never more than the gap' },
    { cadenceMs: MIN, cadences: 0, want: 2 * HOUR, why: 'cadences off' },
    { cadenceMs: MIN, gapMs: 0, want: 0, why: 'gap off: no silence ends an episode' },
  ])('$why', ({ cadenceMs, cadences, gapMs, want }) => {
    expect(episodeGap({ cadenceMs, cadences: cadences ?? 3, gapMs: gapMs ?? 2 * HOUR, minGapMs: 30 * MIN })).toBe(want);
  });
});

describe('newEpisode', () => {
  const base = { lastSeen: 10 * HOUR, toleranceMs: 2000, onStartsAt: true, gapMs: 2 * HOUR, cadenceMs: 0, cadences: 3, minGapMs: 30 * MIN };
  it.each([
    { t: 10 * HOUR + 5 * MIN, startsAt: undefined, prev: undefined, want: null, why: 'a re-send minutes later, no onset: the same episode' },
    { t: 13 * HOUR, startsAt: undefined, prev: undefined, want: 'gap', why: 'no onset, silent for 3 h: a new episode' },
    { t: 12 * HOUR, startsAt: undefined, prev: undefined, want: null, why: 'no onset, silent for exactly the gap: not more than it' },
    { t: 14 * HOUR, startsAt: 9 * HOUR, prev: 9 * HOUR, want: null, why: 'Alertmanager repeat_interval: the same onset hours later is a re-send' },
    { t: 10 * HOUR + MIN, startsAt: 10 * HOUR + MIN, prev: 9 * HOUR, want: 'starts_at', why: 'a later onset a minute on: the resolve was lost' },
    { t: 10 * HOUR + MIN, startsAt: 9 * HOUR + 1500, prev: 9 * HOUR, want: null, why: 'an onset within the reorder tolerance of the episode\'s: the same episode' },
    { t: 14 * HOUR, startsAt: 13 * HOUR, prev: 9 * HOUR, want: null, why: 'onset rule off: an onset-carrying event is not judged by the gap', onStartsAt: false },
    { t: 14 * HOUR, startsAt: 13 * HOUR, prev: undefined, want: 'gap', why: 'the episode had no onset to compare with: the gap decides' },
    { t: 20 * HOUR, startsAt: undefined, prev: undefined, want: null, why: 'gap off', gapMs: 0 },
    { t: 10 * HOUR + 40 * MIN, startsAt: undefined, prev: undefined, want: 'gap', why: 'a row a minute, then 40 min of silence: a new episode', cadenceMs: MIN },
    { t: 10 * HOUR + 20 * MIN, startsAt: undefined, prev: undefined, want: null, why: 'a row a minute, 20 min of silence: a dropout, the same episode', cadenceMs: MIN },
  ])('$why', ({ t, startsAt, prev, want, onStartsAt, gapMs, cadenceMs }) => {
    expect(newEpisode({ ...base, t, startsAt, prevStartsAt: prev, onStartsAt: onStartsAt ?? base.onStartsAt, gapMs: gapMs ?? base.gapMs, cadenceMs: cadenceMs ?? 0 })).toBe(want);
  });
});

// The repro: an occurrence log (CSV-like rows, no startsAt, no resolves). `web01 HighCPU` fires at 10:00 in
// incident A (db01 down under it) and again at 13:00 in an unrelated incident B (lb01 errors above it).
const T0 = Date.UTC(2026, 11, 7, 10, 0, 0);
const cmdb = createCmdbGraph([
  { id: 'db01', name: 'db01', type: 'host', aliases: [], attributes: {}, relations: [] },
  { id: 'web01', name: 'web01', type: 'host', aliases: [], attributes: {}, relations: [{ type: 'depends_on', target: 'db01' }] },
  { id: 'lb01', name: 'lb01', type: 'host', aliases: [], attributes: {}, relations: [{ type: 'depends_on', target: 'web01' }] },
]);
function row(host: string, title: string, at: number): Event {
  const fp = `${host}/${title}`;
  return { id: `row:${fp}@${at}`, source: 'csv', fingerprint: fp, status: 'firing', severity: 'critical', title, description: '', labels: { alertname: title, host }, annotations: {}, resource: { host }, occurredAt: at, receivedAt: at };
}
const ROWS: Event[] = [
  row('db01', 'HostDown', T0),
  row('web01', 'HighCPU', T0 + 30_000),
  row('lb01', 'HTTP 5xx errors', T0 + 3 * HOUR),
  row('web01', 'HighCPU', T0 + 3 * HOUR + 30_000),
];

interface Run { alerts: Alert[]; groups: CorrelationGroup[] }
function play(events: readonly Event[], config: CorrelateConfigInput = {}, restoreAt?: number): Run {
  const cfg = correlateConfig.parse(config);
  let engine: CorrelationEngine = createCorrelationEngine(cfg, { cmdb });
  const run: Run = { alerts: [], groups: [] };
  const take = (o: EngineOutput): void => {
    run.alerts.push(...o.alerts);
    run.groups.push(...o.groups);
  };
  for (const e of events) {
    if (restoreAt !== undefined && e.receivedAt >= restoreAt && restoreAt >= 0) {
      const snap = JSON.parse(JSON.stringify(engine.snapshotAll())) as ReturnType<CorrelationEngine['snapshotAll']>;
      engine = createCorrelationEngine(cfg, { cmdb });
      for (const s of snap) engine.restore(s);
      restoreAt = -1;
    }
    take(engine.process([e]));
    take(engine.advance(e.receivedAt + 5000));
  }
  take(engine.flush());
  take(engine.advance(T0 + 30 * HOUR));
  return run;
}
/** the last version of each group */
function finals(r: Run): CorrelationGroup[] {
  const last = new Map<string, CorrelationGroup>();
  for (const g of r.groups) if ((last.get(g.id)?.version ?? 0) < g.version) last.set(g.id, g);
  return [...last.values()].sort((a, b) => a.openedAt - b.openedAt);
}
const fps = (g: CorrelationGroup | undefined): string[] => (g?.members ?? []).map((m) => m.fingerprint).sort();

describe('a recurring alert in two incidents hours apart, no resolves', () => {
  it('lands its second occurrence in the second incident\'s group; the first group keeps its history and closes', () => {
    const r = play(ROWS);
    const [a, b, ...rest] = finals(r);
    expect(rest).toEqual([]);
    expect(fps(a)).toEqual(['db01/HostDown']);
    expect(fps(b)).toEqual(['lb01/HTTP 5xx errors', 'web01/HighCPU']);
    // A's history: it held web01 until the new episode left, and says where it went
    expect(r.groups.some((g) => g.id === a?.id && fps(g).includes('web01/HighCPU'))).toBe(true);
    expect(r.groups.find((g) => g.id === a?.id && g.removed !== undefined && g.removed.length > 0)?.removed).toEqual([
      expect.objectContaining({ fingerprint: 'web01/HighCPU', movedTo: b?.id, reason: 'new episode after a silence' }),
    ]);
    // db01 was sent once and never resolved (a Zabbix problem looks the same): A closes by its lifetime, not earlier
    expect(a?.status).toBe('closed');
    expect(a?.closeReason).toBe('max_lifetime');
    // the alert stream: the old episode resolves at its last sighting, the new one is episode 2
    const web = r.alerts.filter((x) => x.fingerprint === 'web01/HighCPU').map((x) => [x.change, x.episode, x.status, x.resolvedAt ?? null]);
    expect(web).toEqual([['opened', 1, 'firing', null], ['resolved', 1, 'resolved', T0 + 30_000], ['reopened', 2, 'firing', null]]);
  });

  it('a lone alert that recurs after its group closed opens a new group as before; off: the recurrence stays in A', () => {
    const off = finals(play(ROWS, { alertState: { episodeGapMs: 0 } }));
    expect(off.map(fps)).toEqual([['db01/HostDown', 'web01/HighCPU'], ['lb01/HTTP 5xx errors']]);
  });

  it('an Alertmanager re-send with the same startsAt hours later stays one episode; a later startsAt is a new one', () => {
    const am = (at: number, startsAt: number): Event => ({ ...row('web01', 'HighCPU', at), id: `am@${at}`, source: 'alertmanager', startsAt });
    const same = play([row('db01', 'HostDown', T0), am(T0 + 30_000, T0 + 30_000), row('lb01', 'HTTP 5xx errors', T0 + 4 * HOUR), am(T0 + 4 * HOUR + 30_000, T0 + 30_000)]);
    expect(finals(same).map(fps)).toEqual([['db01/HostDown', 'web01/HighCPU'], ['lb01/HTTP 5xx errors']]);
    const later = play([row('db01', 'HostDown', T0), am(T0 + 30_000, T0 + 30_000), row('lb01', 'HTTP 5xx errors', T0 + 40 * MIN), am(T0 + 40 * MIN + 30_000, T0 + 40 * MIN + 30_000)]);
    expect(finals(later).map(fps)).toEqual([['db01/HostDown'], ['lb01/HTTP 5xx errors', 'web01/HighCPU']]);
  });

  it('a symptom back after a silence while its incident is still reported stays in that incident\'s group', () => {
    const minutes = (n: number, from: number, f: (at: number) => Event): Event[] => Array.from({ length: n }, (_, i) => f(from + i * MIN));
    const rows = [...minutes(60, T0, (at) => row('db01', 'HostDown', at)), ...minutes(6, T0 + 30_000, (at) => row('web01', 'HighCPU', at)), row('web01', 'HighCPU', T0 + 50 * MIN + 30_000)].sort((x, y) => x.occurredAt - y.occurredAt);
    const r = play(rows);
    expect(finals(r).map(fps)).toEqual([['db01/HostDown', 'web01/HighCPU']]);
    // still a new episode of the alert (it was gone for 45 min at a row a minute), re-fired in its group
    expect(r.alerts.filter((x) => x.fingerprint === 'web01/HighCPU').map((x) => x.change).slice(-2)).toEqual(['resolved', 'reopened']);
  });

  it('snapshot + restore between the incidents gives the same outputs as an uninterrupted run', () => {
    const whole = play(ROWS);
    expect(play(ROWS, {}, T0 + 2 * HOUR)).toEqual(whole);
    // and the source onset the episode rule compares survives a checkpoint
    const am = (at: number, startsAt: number): Event => ({ ...row('web01', 'HighCPU', at), id: `am@${at}`, source: 'alertmanager', startsAt });
    const evs = [row('db01', 'HostDown', T0), am(T0 + 30_000, T0 + 30_000), row('lb01', 'HTTP 5xx errors', T0 + 40 * MIN), am(T0 + 40 * MIN + 30_000, T0 + 40 * MIN + 30_000)];
    expect(play(evs, {}, T0 + 20 * MIN)).toEqual(play(evs));
    // and the re-send rhythm: a row a minute, 40 min of silence, then a new episode in lb01's incident
    const rows = [row('db01', 'HostDown', T0), ...[0, 1, 2, 3, 4, 5].map((i) => row('web01', 'HighCPU', T0 + 30_000 + i * MIN)), row('lb01', 'HTTP 5xx errors', T0 + 45 * MIN), row('web01', 'HighCPU', T0 + 45 * MIN + 30_000)];
    const once = play(rows);
    expect(finals(once).map(fps)).toEqual([['db01/HostDown'], ['lb01/HTTP 5xx errors', 'web01/HighCPU']]);
    expect(play(rows, {}, T0 + 20 * MIN)).toEqual(once);
  });
});
