/**
 * The incident manager in process (buildApp) on the real Kafka, with a manual clock: a group below the
 * open policy waits in the changelog, survives a restart and opens when its delay has passed; the INC
 * sequence continues after the restart from the restored snapshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient, kafkaConfig, type KafkaClient, type Producer } from '@aiops/kafka';
import { silentTelemetry } from '@aiops/telemetry';
import { ManualClock } from '@aiops/pipeline';
import { topicDefinitions, type CorrelationGroup, type Incident, type Severity } from '@aiops/model';
import { incidentIdForGroup, parseIncidentNumber } from '@aiops/incident';
import { stackEnv, uniqueName, waitFor } from '@aiops/testkit';
import { buildApp, type App } from './app.js';
import { serviceConfig } from './config.js';

const PARTITIONS = 2;
const ns = uniqueName('im');
let admin: KafkaClient;
let producer: Producer;
const clock = new ManualClock(Date.now());

function group(id: string, severity: Severity, version = 1): CorrelationGroup {
  const t = clock.now();
  return {
    id, domain: 'd', status: 'open', change: 'opened', version, openedAt: t, updatedAt: t, rootCause: null, candidates: [], services: [], cis: ['host-1'], maxSeverity: severity, firingCount: 1,
    members: [{ alertId: `${id}-a`, fingerprint: id, title: `${id} disk filling`, template: 'disk filling', severity, status: 'firing', ciId: 'host-1', service: null, firstSeen: t, lastSeen: t, joinedAt: t, rule: 'seed', evidence: {}, suppressed: false, flapping: false }],
  };
}

function app(): App {
  const config = serviceConfig.parse({ kafka: { brokers: stackEnv().kafkaBrokers, namespace: ns, partitions: PARTITIONS }, http: { port: 0 }, manager: { tickMs: 100, sessionTimeoutMs: 6000 }, policy: { open: { delayMs: 60_000 } } });
  return buildApp(config, { telemetry: silentTelemetry('im-int'), clock });
}

async function snapshots(): Promise<Map<string, Incident>> {
  const out = new Map<string, Incident>();
  for (const r of await admin.readAll(`${ns}.aiops.incidents.v1`)) if (r.key && r.value) out.set(r.key, JSON.parse(String(r.value)) as Incident);
  return out;
}

beforeAll(async () => {
  admin = createKafkaClient(kafkaConfig.parse({ brokers: stackEnv().kafkaBrokers, namespace: ns, partitions: PARTITIONS }), silentTelemetry('im-int'));
  await admin.ensureTopics(topicDefinitions(ns, PARTITIONS));
  producer = await admin.producer();
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.close();
});

describe('incident manager state across a restart (real Kafka)', () => {
  it('keeps a pending group in the changelog, opens it after the delay after a restart, and continues the INC sequence', async () => {
    const send = (g: CorrelationGroup) => producer.send([{ topic: `${ns}.aiops.groups.v1`, key: g.id, value: JSON.stringify(g) }]);
    let a = app();
    await a.start();
    await send(group('g-crit', 'critical'));
    await send(group('g-warn', 'warning'));
    const first = await waitFor('the critical group opens at once', async () => (await snapshots()).get(incidentIdForGroup('g-crit')), 30_000, 200);
    await waitFor('the warning group waits in the changelog', async () => {
      const recs = await admin.readAll(`${ns}.aiops.incident-manager.changelog.v1`);
      return recs.some((r) => r.key === incidentIdForGroup('g-warn') && r.value !== null);
    }, 30_000, 200);
    expect((await snapshots()).has(incidentIdForGroup('g-warn'))).toBe(false);
    await a.stop();

    clock.advance(61_000);
    a = app();
    await a.start();
    const opened = await waitFor('the pending group opens after its delay', async () => (await snapshots()).get(incidentIdForGroup('g-warn')), 30_000, 200);
    expect(opened.description).toContain('still firing');
    await send(group('g-crit-2', 'critical'));
    const third = await waitFor('a third incident', async () => (await snapshots()).get(incidentIdForGroup('g-crit-2')), 30_000, 200);
    await a.stop();

    const all = [first, opened, third].map((i) => parseIncidentNumber(i.number)!);
    expect(new Set([first.number, opened.number, third.number]).size).toBe(3);
    // per partition, sequences continue from the restored maximum
    for (const p of new Set(all.map((n) => n.partition))) {
      const seqs = all.filter((n) => n.partition === p).map((n) => n.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
    const log = (await admin.readAll(`${ns}.aiops.incident-manager.changelog.v1`)).filter((r) => r.key === incidentIdForGroup('g-warn'));
    expect(log.at(-1)!.value).toBeNull(); // tombstoned once opened
  });
});
