/**
 * time.arrivalHoldMs: a storm sent faster than real time (an evaluator pushing a recorded dataset, a
 * backfill) reaches the engine through several Kafka partitions, each in order but interleaved
 * partition by partition. A few milliseconds of arrival are then minutes of event time, far beyond
 * reorderToleranceMs. The arrival hold keeps what arrived together until it can be applied in event
 * time order, so the groups are those of the storm delivered in real time.
 */
import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig, type CorrelateConfigInput } from './config.js';
import { createCorrelationEngine, type EngineOutput } from './engine.js';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

function ci(id: string, type: string, rel: Array<[string, string]> = []): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'depends_on', target })) };
}

/** Two independent stacks: app-a* -> db-a -> host-a, app-b* -> db-b -> host-b. */
const cmdb = createCmdbGraph([
  ci('host-a', 'host'), ci('host-b', 'host'),
  ci('db-a', 'database', [['runs_on', 'host-a']]), ci('db-b', 'database', [['runs_on', 'host-b']]),
  ...[1, 2, 3, 4].map((i) => ci(`app-a${i}`, 'application', [['depends_on', 'db-a']])),
  ...[1, 2, 3, 4].map((i) => ci(`app-b${i}`, 'application', [['depends_on', 'db-b']])),
]);

function ev(fp: string, ciId: string, at: number, status: 'firing' | 'resolved' = 'firing'): Event {
  return { id: `${fp}-${at}-${status}`, source: 'test', fingerprint: fp, status, severity: 'major', title: `${fp} on ${ciId}`, description: '', labels: { alertname: fp }, annotations: {}, resource: { ci: ciId }, occurredAt: at, receivedAt: at };
}

/**
 * The same two failures twice, 50 minutes apart (db-a, then db-b while db-a's first group is still
 * open, then both again later), each a cause followed by its apps over two minutes, resolved after 10.
 */
function storm(): Event[] {
  const out: Event[] = [];
  for (const [start, db, apps] of [[0, 'db-a', 'a'], [3, 'db-b', 'b'], [50, 'db-a', 'a'], [53, 'db-b', 'b']] as const) {
    const t = T0 + start * MIN;
    out.push(ev(`${db}-down`, db, t));
    for (let i = 1; i <= 4; i++) out.push(ev(`app-${apps}${i}-errors`, `app-${apps}${i}`, t + i * 30_000));
    out.push(ev(`${db}-down`, db, t + 10 * MIN, 'resolved'));
    for (let i = 1; i <= 4; i++) out.push(ev(`app-${apps}${i}-errors`, `app-${apps}${i}`, t + 10 * MIN + i * 1_000, 'resolved'));
  }
  return out.sort((x, y) => x.occurredAt - y.occurredAt);
}

/** final membership of every group that was not merged away, as sorted fingerprint lists. */
function groupsOf(outs: EngineOutput[]): string[][] {
  const last = new Map<string, EngineOutput['groups'][number]>();
  for (const o of outs) for (const g of o.groups) last.set(g.id, g);
  return [...last.values()]
    .filter((g) => g.closeReason !== 'merged')
    .map((g) => g.members.map((m) => m.fingerprint).sort())
    .sort((a, b) => (a.join() < b.join() ? -1 : 1));
}

const engine = (time: CorrelateConfigInput['time'] = {}) => createCorrelationEngine(correlateConfig.parse({ time }), { cmdb });

/** real time: each event arrives when it happens, the wall clock advances with it. */
function realTime(time?: CorrelateConfigInput['time']): string[][] {
  const e = engine(time);
  const outs: EngineOutput[] = [];
  for (const x of storm()) {
    outs.push(e.advance(x.receivedAt), e.process([x]));
  }
  outs.push(e.advance(T0 + 10 * 60 * MIN));
  return groupsOf(outs);
}

/**
 * fast replay: the whole storm arrives within 40 ms; the gateway spread it over three partitions by
 * fingerprint and the engine reads them partition by partition, four events at a time.
 */
function fastReplay(time?: CorrelateConfigInput['time']): string[][] {
  const R = T0 + 24 * 60 * MIN;
  const events = storm().map((x, i) => ({ ...x, receivedAt: R + Math.floor(i / 4) }));
  const lane = (x: Event) => [...x.fingerprint].reduce((h, c) => h + c.charCodeAt(0), 0) % 3;
  const e = engine(time);
  const outs: EngineOutput[] = [];
  for (let i = 0; i < events.length; i += 12) {
    const fetch = events.slice(i, i + 12);
    for (const l of [0, 1, 2]) outs.push(e.process(fetch.filter((x) => lane(x) === l)));
  }
  for (let w = 0; w <= 10 * 60 * MIN; w += 1_000) outs.push(e.advance(R + 40 + w));
  return groupsOf(outs);
}

describe('time.arrivalHoldMs', () => {
  it('the real-time storm makes one group per failure occurrence', () => {
    const g = realTime();
    expect(g).toHaveLength(4);
    for (const m of g) expect(m).toHaveLength(5);
  });

  it('a storm replayed in 40 ms through three partitions gives the real-time groups', () => {
    expect(fastReplay()).toEqual(realTime());
  });

  it('without the hold, the interleaved partitions break the groups (the test can fail)', () => {
    expect(fastReplay({ arrivalHoldMs: 0 })).not.toEqual(realTime());
  });

  it('is off when reordering is off (reorderToleranceMs 0: events apply as they come)', () => {
    const e = engine({ reorderToleranceMs: 0, arrivalHoldMs: 60_000 });
    const out = e.process([ev('db-a-down', 'db-a', T0)]);
    expect(out.groups).toHaveLength(1);
  });
});
