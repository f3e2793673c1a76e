import { describe, expect, it } from 'vitest';
import type { Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { isChronic, nextAloneRuns, standsApart } from './chronic.js';
import { correlateConfig, type CorrelateConfigInput } from './config.js';
import { createCorrelationEngine, type EngineOutput } from './engine.js';

describe('isChronic', () => {
  it.each([
    { runs: 0, min: 2, want: false, why: 'no history' },
    { runs: 1, min: 2, want: false, why: 'alone once: a blip, not yet a habit' },
    { runs: 2, min: 2, want: true, why: 'alone the last two times' },
    { runs: 9, min: 0, want: false, why: 'off' },
  ])('runs $runs, min $min: $why', ({ runs, min, want }) => {
    expect(isChronic(runs, min)).toBe(want);
  });
});

describe('nextAloneRuns', () => {
  it.each([
    { runs: 0, members: 1, want: 1, why: 'closed alone' },
    { runs: 3, members: 1, want: 4, why: 'alone again' },
    { runs: 3, members: 2, want: 0, why: 'closed with company: the count starts over' },
  ])('$why', ({ runs, members, want }) => {
    expect(nextAloneRuns(runs, members)).toBe(want);
  });
});

describe('standsApart', () => {
  const flapping = new Set(['p1', 'p2']);
  it.each([
    { members: ['p1'], want: true, why: 'a flapping port alone' },
    { members: ['p1', 'p2'], want: true, why: 'two flapping ports' },
    { members: ['p1', 'x'], want: false, why: 'a steady alert is there too' },
    { members: [], want: false, why: 'empty' },
    { members: ['p1', 'p1', 'p1', 'p1', 'p1'], want: false, why: 'bigger than the limit: not looked at' },
  ])('$why', ({ members, want }) => {
    expect(standsApart(members.map((fp) => ({ fp })), (fp) => flapping.has(fp), 4)).toBe(want);
  });
});

const T0 = 1_700_000_000_000;
const MIN = 60_000;
const cmdb = createCmdbGraph([
  { id: 'host-1', name: 'host-1', type: 'host', aliases: [], attributes: {}, relations: [] },
  { id: 'db-1', name: 'db-1', type: 'database', aliases: [], attributes: {}, relations: [{ type: 'runs_on', target: 'host-1' }] },
  { id: 'app-1', name: 'app-1', type: 'application', aliases: [], attributes: {}, relations: [{ type: 'depends_on', target: 'db-1' }] },
]);
function ev(fp: string, ci: string, at: number, status: 'firing' | 'resolved' = 'firing', severity: Event['severity'] = 'warning'): Event {
  return { id: `${fp}-${at}-${status}`, source: 'test', fingerprint: fp, status, severity, title: `${fp} on ${ci}`, description: '', labels: { alertname: fp }, annotations: {}, resource: { ci }, occurredAt: at, receivedAt: at };
}
/** the fingerprints grouped with `fp` at the end (its last group). */
function mates(events: Event[], fp: string, config: CorrelateConfigInput = {}): string[] {
  const engine = createCorrelationEngine(correlateConfig.parse(config), { cmdb });
  const latest = new Map<string, { members: Array<{ fingerprint: string }>; updatedAt: number }>();
  const take = (o: EngineOutput): void => { for (const g of o.groups) latest.set(g.id, g); };
  for (const e of [...events].sort((a, b) => a.occurredAt - b.occurredAt)) { take(engine.process([e])); take(engine.advance(e.receivedAt)); }
  take(engine.flush());
  const last = [...latest.values()].filter((g) => g.members.some((m) => m.fingerprint === fp)).sort((a, b) => b.updatedAt - a.updatedAt)[0];
  return (last?.members ?? []).map((m) => m.fingerprint).filter((x) => x !== fp).sort();
}

describe('chronic alerts stay out of a failure that starts near one of their firings', () => {
  // a backup check on app-1 fails alone every 30 minutes; at 60 min db-1 fails and app-1 feels it
  const backup = [0, 30, 60].flatMap((m) => [ev('backup', 'app-1', T0 + m * MIN + 30_000), ev('backup', 'app-1', T0 + m * MIN + 3 * MIN, 'resolved')]);
  const failure = [ev('db-down', 'db-1', T0 + 60 * MIN, 'firing', 'critical'), ev('app-errors', 'app-1', T0 + 60 * MIN + 20_000, 'firing', 'critical'), ev('app-slow', 'app-1', T0 + 61 * MIN)];
  it.each([
    { name: 'chronic check (third firing, alone each time before)', config: {}, fp: 'backup', want: [] },
    { name: 'chronic rule off: it joins the failure', config: { grouping: { chronicAloneRuns: 0 } }, fp: 'backup', want: ['app-errors', 'app-slow', 'db-down'] },
    { name: 'a real effect that is a warning still joins', config: {}, fp: 'app-slow', want: ['app-errors', 'db-down'] },
  ])('$name', ({ config, fp, want }) => {
    expect(mates([...backup, ...failure], fp, config)).toEqual(want);
  });

  it('a recurring real failure (its last group held other alerts) groups again', () => {
    const once = (m: number): Event[] => [
      ev('db-down', 'db-1', T0 + m * MIN, 'firing', 'critical'), ev('app-errors', 'app-1', T0 + m * MIN + 20_000, 'firing', 'critical'),
      ev('db-down', 'db-1', T0 + (m + 5) * MIN, 'resolved'), ev('app-errors', 'app-1', T0 + (m + 5) * MIN + 1000, 'resolved'),
    ];
    expect(mates([...once(0), ...once(30)], 'app-errors')).toEqual(['db-down']);
  });
});

describe('chronic evidence survives a restart', () => {
  it('an engine restored from a snapshot still keeps the chronic check apart', () => {
    const backup = [0, 30].flatMap((m) => [ev('backup', 'app-1', T0 + m * MIN + 30_000), ev('backup', 'app-1', T0 + m * MIN + 3 * MIN, 'resolved')]);
    const first = createCorrelationEngine(correlateConfig.parse({}), { cmdb });
    for (const e of backup) { first.process([e]); first.advance(e.receivedAt); }
    first.advance(T0 + 59 * MIN);
    const second = createCorrelationEngine(correlateConfig.parse({}), { cmdb });
    for (const s of first.snapshotAll()) second.restore(JSON.parse(JSON.stringify(s)));
    const latest = new Map<string, { members: Array<{ fingerprint: string }> }>();
    const take = (o: EngineOutput): void => { for (const g of o.groups) latest.set(g.id, g); };
    const rest = [ev('db-down', 'db-1', T0 + 60 * MIN, 'firing', 'critical'), ev('backup', 'app-1', T0 + 60 * MIN + 30_000), ev('app-errors', 'app-1', T0 + 60 * MIN + 40_000, 'firing', 'critical')];
    for (const e of rest) { take(second.process([e])); take(second.advance(e.receivedAt)); }
    take(second.flush());
    const withBackup = [...latest.values()].find((g) => g.members.some((m) => m.fingerprint === 'backup'));
    expect(withBackup?.members.map((m) => m.fingerprint)).toEqual(['backup']);
  });
});
