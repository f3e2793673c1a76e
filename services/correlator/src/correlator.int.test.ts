import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient, type KafkaClient, type Producer } from '@aiops/kafka';
import { silentTelemetry } from '@aiops/telemetry';
import { topicDefinitions, type Alert, type CorrelationGroup, type Event, type ConfigurationItem } from '@aiops/model';
import { freePort, stackEnv, startService, uniqueName, waitFor, type ServiceProcess } from '@aiops/testkit';

const PARTITIONS = 6;

function env(ns: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AIOPS_KAFKA_BROKERS: stackEnv().kafkaBrokers.join(','),
    AIOPS_KAFKA_NAMESPACE: ns,
    AIOPS_KAFKA_PARTITIONS: String(PARTITIONS),
    AIOPS_CORRELATOR_PORT: String(port),
    AIOPS_LOG_LEVEL: 'warn',
    AIOPS_CORRELATOR_ADVANCE_INTERVAL_MS: '300',
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
