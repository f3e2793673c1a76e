import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient, type KafkaClient, type Producer } from '@aiops/kafka';
import { silentTelemetry } from '@aiops/telemetry';
import { topicDefinitions, type Alert, type CorrelationGroup, type Event, type ConfigurationItem } from '@aiops/model';
import { freePort, stackEnv, startService, uniqueName, waitFor, type ServiceProcess } from '@aiops/testkit';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig, createCorrelationEngine } from '@aiops/correlate';

const PARTITIONS = 6;

function env(ns: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AIOPS_KAFKA_BROKERS: stackEnv().kafkaBrokers.join(','),
    AIOPS_KAFKA_NAMESPACE: ns,
    AIOPS_KAFKA_PARTITIONS: String(PARTITIONS),
    AIOPS_CORRELATOR_PORT: String(port),
    AIOPS_LOG_LEVEL: 'warn',
    AIOPS_CORRELATOR_ADVANCE_INTERVAL_MS: '300',
    AIOPS_CORRELATOR_SESSION_TIMEOUT_MS: '8000',
    // small checkpoint slices, so that restores in these tests go through multi-slice checkpoints
    AIOPS_CORRELATOR_CHECKPOINT_CHUNK_BYTES: '1024',
    // partition by business service, so that state lives on several partitions and has to move
    AIOPS_CORRELATOR_DOMAIN_STRATEGY: 'service',
    ...extra,
  };
}

function ci(id: string, type: string, rel: Array<[string, string]> = []): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([t, target]) => ({ type: t as 'depends_on', target })) };
}

/** A shop of 4 business services, each app -> db -> host, so a storm spreads over several domains/partitions. */
function shop(): ConfigurationItem[] {
  const out: ConfigurationItem[] = [];
  for (let s = 0; s < 4; s++) {
    out.push(ci(`bs-${s}`, 'business_service'));
    out.push(ci(`db-${s}`, 'database', [['runs_on', `dbhost-${s}`]]));
    out.push(ci(`dbhost-${s}`, 'host'));
    for (let a = 0; a < 3; a++) {
      out.push(ci(`app-${s}-${a}`, 'application', [['part_of', `bs-${s}`], ['depends_on', `db-${s}`], ['runs_on', `apphost-${s}-${a}`]]));
      out.push(ci(`apphost-${s}-${a}`, 'host'));
    }
  }
  return out;
}

function event(fp: string, ciId: string, at: number, i: number, status: 'firing' | 'resolved' = 'firing'): Event {
  return {
    id: `ev-${fp}-${i}`,
    source: 'test',
    fingerprint: fp,
    status,
    severity: ciId.startsWith('db') ? 'critical' : 'major',
    title: `${ciId} ${fp.split('-')[0]} problem`,
    description: '',
    labels: { alertname: fp.split('-')[0] ?? 'x' },
    annotations: {},
    resource: { ci: ciId },
    occurredAt: at,
    receivedAt: at,
  };
}

/**
 * storm: for each business service, the db fails first, then its apps; duplicates and repeats;
 * events are stamped with "now"-based times so the wall-clock advance agrees with event time.
 */
function storm(base: number): Event[] {
  const out: Event[] = [];
  let i = 0;
  for (let s = 0; s < 4; s++) {
    const t = base + s * 500;
    out.push(event(`dbdown-${s}`, `db-${s}`, t, i++));
    for (let a = 0; a < 3; a++) {
      out.push(event(`apperr-${s}-${a}`, `app-${s}-${a}`, t + 100 + a * 50, i++));
      out.push(event(`apperr-${s}-${a}`, `app-${s}-${a}`, t + 200 + a * 50, i++));
    }
    out.push(event(`dbdown-${s}`, `db-${s}`, t + 300, i++));
  }
  return out;
}

async function send(producer: Producer, topic: string, events: readonly Event[]): Promise<void> {
  await producer.send(events.map((e) => ({ topic, key: e.fingerprint, value: JSON.stringify(e) })));
}

/** sendPaced sends each event no earlier than its event time, in small slices: a storm as it happens. */
async function sendPaced(producer: Producer, topic: string, events: readonly Event[]): Promise<void> {
  let i = 0;
  while (i < events.length) {
    const t = (events[i] as Event).occurredAt;
    let j = i;
    while (j < events.length && (events[j] as Event).occurredAt <= t + 100) j++;
    const wait = t - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await send(producer, topic, events.slice(i, j));
    i = j;
  }
}

/** finalGroups: the last version of each group id -> sorted member fingerprints. */
function finalGroups(records: ReadonlyArray<{ value: Buffer | null }>): Map<string, string[]> {
  const latest = new Map<string, CorrelationGroup>();
  for (const r of records) {
    if (!r.value) continue;
    const g = JSON.parse(r.value.toString()) as CorrelationGroup;
    const prev = latest.get(g.id);
    if (!prev || g.version >= prev.version) latest.set(g.id, g);
  }
  return new Map([...latest].map(([id, g]) => [id, g.members.map((m) => m.fingerprint).sort()]));
}

function latestAlerts(records: ReadonlyArray<{ value: Buffer | null }>): Map<string, Alert> {
  const m = new Map<string, Alert>();
  for (const r of records) {
    if (!r.value) continue;
    const a = JSON.parse(r.value.toString()) as Alert;
    const prev = m.get(a.fingerprint);
    if (!prev || a.version >= prev.version) m.set(a.fingerprint, a);
  }
  return m;
}

describe('correlator on real Kafka', () => {
  let kafka: KafkaClient;
  let producer: Producer;
  const procs: ServiceProcess[] = [];

  beforeAll(async () => {
    kafka = createKafkaClient({ brokers: stackEnv().kafkaBrokers, clientId: 'correlator-int', namespace: '', partitions: PARTITIONS, connectionTimeoutMs: 3000, requestTimeoutMs: 10000, sendTimeoutMs: 10000 }, silentTelemetry());
    producer = await kafka.producer();
  });
  afterAll(async () => {
    for (const p of procs) await p.kill();
    await producer?.disconnect();
    await kafka?.close();
  });

  async function setup(ns: string): Promise<void> {
    await kafka.ensureTopics(topicDefinitions(ns, PARTITIONS));
    await producer.send(shop().map((c) => ({ topic: `${ns}.aiops.cmdb.v1`, key: c.id, value: JSON.stringify(c) })));
  }

  async function start(ns: string, port?: number): Promise<ServiceProcess> {
    const p = port ?? (await freePort());
    const proc = await startService('correlator', { env: env(ns, p), port: p });
    procs.push(proc);
    return proc;
  }

  async function groupsWhenSettled(ns: string, expectedAlerts: number): Promise<Map<string, string[]>> {
    return waitFor(`${expectedAlerts} alerts in groups`, async () => {
      const groups = finalGroups(await kafka.readAll(`${ns}.aiops.groups.v1`));
      const members = [...groups.values()].reduce((n, m) => n + m.length, 0);
      return members >= expectedAlerts ? groups : null;
    }, 60_000, 500);
  }

  /** reference: the same events through the engine in one process, no Kafka, no crash. */
  function reference(events: readonly Event[]): Map<string, string[]> {
    const engine = createCorrelationEngine(correlateConfig.parse({ domain: { strategy: 'service' } }), { cmdb: createCmdbGraph(shop()) });
    const out = engine.process(events);
    const fl = engine.flush();
    const recs = [...out.groups, ...fl.groups].map((g) => ({ value: Buffer.from(JSON.stringify(g)) }));
    return finalGroups(recs);
  }

  function bigStorm(base: number): Event[] {
    const out: Event[] = [];
    let i = 0;
    for (let round = 0; round < 3; round++) {
      for (let s = 0; s < 4; s++) {
        const t = base + round * 4000 + s * 200;
        out.push(event(`dbdown-${s}`, `db-${s}`, t, i++));
        for (let a = 0; a < 3; a++) out.push(event(`apperr-${s}-${a}`, `app-${s}-${a}`, t + 50 + a * 20, i++));
        out.push(event(`hostcpu-${s}-${round}`, `apphost-${s}-${round}`, t + 120, i++));
      }
    }
    return out;
  }

  it('kill -9 mid-storm and restart gives the same groups as an uninterrupted run, without double counting', async () => {
    const ns = uniqueName('corrkill');
    await setup(ns);
    const a = await start(ns);
    const events = bigStorm(Date.now() + 500);
    const half = 40; // rounds 0 and 1; round 2 comes after the crash
    await sendPaced(producer, `${ns}.aiops.events.v1`, events.slice(0, half));
    await waitFor('first half correlated', async () => latestAlerts(await kafka.readAll(`${ns}.aiops.alerts.v1`)).size >= 24, 60_000, 300);
    await a.kill();
    await sendPaced(producer, `${ns}.aiops.events.v1`, events.slice(half));
    const b = await start(ns);
    const expected = reference(events);
    const got = await groupsWhenSettled(ns, [...expected.values()].reduce((n, m) => n + m.length, 0));
    expect([...got.values()].sort()).toEqual([...expected.values()].sort());
    expect(new Set(got.keys())).toEqual(new Set(expected.keys()));
    const alerts = latestAlerts(await kafka.readAll(`${ns}.aiops.alerts.v1`));
    expect(alerts.get('dbdown-0')?.count).toBe(3);
    expect(alerts.get('apperr-2-1')?.count).toBe(3);
    await b.stop();
  });

  it('two instances in one group: stopping one mid-storm moves its partitions with their state to the other', async () => {
    const ns = uniqueName('corrtwo');
    await setup(ns);
    const a = await start(ns);
    const b = await start(ns);
    // both members hold engine partitions (the group has settled) before the storm starts
    const parts = async (p: ServiceProcess) => ((await (await fetch(`${p.baseUrl}/api/stats`)).json()) as { partitions: unknown[] }).partitions.length;
    await waitFor('partitions split between the two instances', async () => (await parts(a)) > 0 && (await parts(b)) > 0 && (await parts(a)) + (await parts(b)) === PARTITIONS, 60_000, 300);
    await new Promise((r) => setTimeout(r, 1500));
    const events = bigStorm(Date.now() + 500);
    const half = 40;
    await sendPaced(producer, `${ns}.aiops.events.v1`, events.slice(0, half));
    await waitFor('first half correlated', async () => latestAlerts(await kafka.readAll(`${ns}.aiops.alerts.v1`)).size >= 24, 60_000, 300);
    expect(await b.stop()).toBe(0);
    await waitFor('a holds every partition', async () => (await parts(a)) === PARTITIONS, 60_000, 300);
    await sendPaced(producer, `${ns}.aiops.events.v1`, events.slice(half));
    const expected = reference(events);
    const got = await groupsWhenSettled(ns, [...expected.values()].reduce((n, m) => n + m.length, 0));
    expect([...got.values()].sort()).toEqual([...expected.values()].sort());
    expect(new Set(got.keys())).toEqual(new Set(expected.keys()));
    const alerts = latestAlerts(await kafka.readAll(`${ns}.aiops.alerts.v1`));
    expect(alerts.get('dbdown-3')?.count).toBe(3);
    await a.stop();
  });

  it('folds duplicates into one alert with a count, and groups a db outage with its apps', async () => {
    const ns = uniqueName('corr');
    await setup(ns);
    await start(ns);
    const events = storm(Date.now());
    await send(producer, `${ns}.aiops.events.v1`, events);
    await send(producer, `${ns}.aiops.events.v1`, events.slice(0, 3)); // redelivered: same ids
    const alerts = await waitFor('alert counts', async () => {
      const m = latestAlerts(await kafka.readAll(`${ns}.aiops.alerts.v1`));
      return m.size === 16 && m.get('apperr-0-0')?.count === 2 ? m : null;
    }, 60_000, 500);
    expect(alerts.get('dbdown-0')?.count).toBe(2);
    const groups = await groupsWhenSettled(ns, 16);
    expect([...groups.values()].sort()).toEqual([0, 1, 2, 3].map((s) => [`apperr-${s}-0`, `apperr-${s}-1`, `apperr-${s}-2`, `dbdown-${s}`].sort()).sort());
  });
});
