import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient, kafkaConfig, type KafkaClient } from '@aiops/kafka';
import { silentTelemetry } from '@aiops/telemetry';
import { freePort, stackEnv, startService, uniqueName, waitFor, type ServiceProcess } from '@aiops/testkit';

// The built process (services/gateway/dist/main.js) as `npm run up` starts it: env config, a token file,
// HTTP and raw Kafka input, then SIGTERM -> clean exit 0.

const ns = uniqueName('gwmain');
const dir = mkdtempSync(join(tmpdir(), 'aiops-gwmain-'));
const token = 'main-dev-token-0123456789abcdef';
let svc: ServiceProcess;
let reader: KafkaClient;

beforeAll(async () => {
  writeFileSync(join(dir, 'dev-token'), `${token}\n`, { mode: 0o600 });
  const port = await freePort();
  svc = await startService('gateway', {
    port,
    env: {
      AIOPS_KAFKA_BROKERS: stackEnv().kafkaBrokers.join(','),
      AIOPS_KAFKA_NAMESPACE: ns,
      AIOPS_KAFKA_PARTITIONS: '1',
      AIOPS_GATEWAY_PORT: String(port),
      AIOPS_GATEWAY_HOST: '127.0.0.1',
      AIOPS_API_TOKEN_FILE: join(dir, 'dev-token'),
      AIOPS_LOG_LEVEL: 'warn',
    },
  });
  reader = createKafkaClient(kafkaConfig.parse({ brokers: stackEnv().kafkaBrokers, namespace: ns }), silentTelemetry('reader'));
});
afterAll(async () => {
  await svc?.kill();
  await reader?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('gateway process', () => {
  it('accepts with the dev token from AIOPS_API_TOKEN_FILE and refuses without it', async () => {
    const post = (auth?: string) =>
      fetch(`${svc.baseUrl}/api/v1/events/generic`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: '{"title":"from the process","fingerprint":"fp-main-1"}' });
    const ok = await post(`Bearer ${token}`);
    expect(ok.status).toBe(202);
    expect((await post()).status).toBe(401);
    expect((await fetch(`${svc.baseUrl}/docs`)).status).toBe(200);
    expect((await fetch(`${svc.baseUrl}/healthz`)).status).toBe(200);
  });

  it('normalises raw records from Kafka', async () => {
    const p = await reader.producer();
    await p.send([{ topic: reader.topics.eventsRaw, key: null, value: '{"title":"raw via process","fingerprint":"fp-main-raw"}', headers: { source: 'generic' } }]);
    await p.disconnect();
    await waitFor('the raw record normalised', async () => (await reader.readAll(reader.topics.events)).some((r) => r.key === 'fp-main-raw'), 30_000);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await svc.stop(15_000)).toBe(0);
    expect(svc.output()).not.toMatch(/"level":(50|60)[^\n]*"msg":"(stop failed|start failed)"/);
  });
});
