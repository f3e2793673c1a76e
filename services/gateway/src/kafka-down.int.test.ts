import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, TokenAuth } from '@aiops/http';
import { createKafkaClient, kafkaConfig, type KafkaClient } from '@aiops/kafka';
import { systemClock } from '@aiops/pipeline';
import { silentTelemetry } from '@aiops/telemetry';
import { freePort, stackEnv, uniqueName, waitFor } from '@aiops/testkit';
import { buildApp, gatewayConfig, type GatewayApp } from './index.js';

// Kafka goes away under a running gateway and comes back: 503 + Retry-After and nothing accepted while it
// is away, 202 again afterwards without a restart. The shared broker is never stopped: the gateway talks
// to it through a TCP proxy that this test stops and starts. Kafka clients connect to the address the
// broker advertises after the first Metadata answer, so the proxy rewrites the broker port in Metadata
// responses (non-flexible versions, which is all kafkajs 2.2.4 speaks) to keep every connection on it.

const METADATA = 3;

/** frames splits a Kafka byte stream into size-prefixed frames, calling `onFrame` for each complete one. */
function framer(onFrame: (frame: Buffer) => Buffer): (chunk: Buffer) => Buffer[] {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    const out: Buffer[] = [];
    while (buf.length >= 4) {
      const size = buf.readInt32BE(0);
      if (buf.length < 4 + size) break;
      out.push(onFrame(buf.subarray(0, 4 + size)));
      buf = buf.subarray(4 + size);
    }
    return out;
  };
}

/** rewriteMetadata replaces the broker port in a Metadata response (v0..v8, header without tags). */
function rewriteMetadata(frame: Buffer, version: number, from: number, to: number): Buffer {
  const f = Buffer.from(frame);
  let o = 4 + 4; // size, correlation id
  if (version >= 3) o += 4; // throttle_time_ms
  const n = f.readInt32BE(o);
  o += 4;
  for (let i = 0; i < n; i++) {
    o += 4; // node_id
    const hostLen = f.readInt16BE(o);
    o += 2 + hostLen;
    if (f.readInt32BE(o) === from) f.writeInt32BE(to, o);
    o += 4;
    if (version >= 1) {
      const rackLen = f.readInt16BE(o);
      o += 2 + (rackLen > 0 ? rackLen : 0);
    }
  }
  return f;
}

class KafkaProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly upstream: { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const up = connect(this.upstream.port, this.upstream.host);
      this.sockets.add(client);
      this.sockets.add(up);
      const pending = new Map<number, { key: number; version: number }>();
      const fromClient = framer((frame) => {
        pending.set(frame.readInt32BE(8), { key: frame.readInt16BE(4), version: frame.readInt16BE(6) });
        return frame;
      });
      const fromBroker = framer((frame) => {
        const req = pending.get(frame.readInt32BE(4));
        pending.delete(frame.readInt32BE(4));
        return req?.key === METADATA && req.version <= 8 ? rewriteMetadata(frame, req.version, this.upstream.port, this.port) : frame;
      });
      client.on('data', (d: Buffer) => {
        for (const f of fromClient(d)) up.write(f);
      });
      up.on('data', (d: Buffer) => {
        for (const f of fromBroker(d)) client.write(f);
      });
      const close = () => {
        client.destroy();
        up.destroy();
        this.sockets.delete(client);
        this.sockets.delete(up);
      };
      client.on('error', close).on('close', close);
      up.on('error', close).on('close', close);
    });
    await new Promise<void>((res, rej) => server.once('error', rej).listen(this.port, '127.0.0.1', () => res()));
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const sock of this.sockets) sock.destroy();
    this.sockets.clear();
    if (s) await new Promise<void>((res) => s.close(() => res()));
  }
}

const TOKEN = 'kafka-down-token-0123456789';
const ns = uniqueName('gwdown');
let proxy: KafkaProxy;
let app: GatewayApp;
let reader: KafkaClient;

async function post(fp: string) {
  return app.http.app.inject({
    method: 'POST',
    url: '/api/v1/events/generic',
    payload: JSON.stringify({ title: 'kafka down test', fingerprint: fp }),
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
  });
}
const readyz = async () => (await app.http.app.inject({ method: 'GET', url: '/readyz' })).statusCode;
const eventKeys = async () => (await reader.readAll(reader.topics.events)).map((r) => r.key);

beforeAll(async () => {
  const [host, port] = (stackEnv().kafkaBrokers[0] as string).split(':') as [string, string];
  proxy = new KafkaProxy(await freePort(), { host, port: Number(port) });
  await proxy.start();
  const config = gatewayConfig.parse({
    kafka: { brokers: [`127.0.0.1:${proxy.port}`], namespace: ns, partitions: 1, sendTimeoutMs: 4000, connectionTimeoutMs: 1000, requestTimeoutMs: 3000 },
    http: { port: 0, host: '127.0.0.1' },
    ingest: { retryAfterSeconds: 7 },
    rawInput: { enabled: false },
  });
  app = buildApp(config, { telemetry: silentTelemetry('gateway-down'), clock: systemClock, auth: new TokenAuth([{ name: 't', sha256: sha256Hex(TOKEN), roles: ['ingest'] }]) });
  await app.start();
  await app.kafkaReady;
  reader = createKafkaClient(kafkaConfig.parse({ brokers: stackEnv().kafkaBrokers, namespace: ns }), silentTelemetry('reader'));
});
afterAll(async () => {
  await app?.stop();
  await proxy?.stop();
  await reader?.close();
});

describe('gateway with Kafka going away and coming back (no restart)', () => {
  it('accepts while Kafka is up', async () => {
    const r = await post('before-1');
    expect(r.statusCode).toBe(202);
    expect(await readyz()).toBe(200);
    expect(await eventKeys()).toEqual(['before-1']);
  });

  it('answers 503 with Retry-After and accepts nothing while Kafka is away; readiness goes 503', async () => {
    await proxy.stop();
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      const r = await post(`down-${i}`);
      answers.push({ status: r.statusCode, retryAfter: r.headers['retry-after'], code: r.json().error?.code, ms: Date.now() - t0 });
    }
    for (const a of answers) {
      expect(a.status).toBe(503);
      expect(a.retryAfter).toBe('7');
      expect(a.code).toBe('AIOPS_ERR_KAFKA_UNAVAILABLE');
      expect(a.ms).toBeLessThan(10_000);
    }
    expect(await readyz()).toBe(503);
    // let any retry inside the client run out, then check that nothing of the refused requests landed
    await new Promise((r) => setTimeout(r, 4000));
    expect(await eventKeys()).toEqual(['before-1']);
  });

  it('accepts again once Kafka is back, without a restart, and /readyz recovers', async () => {
    await proxy.start();
    const r = await waitFor('a 202 after Kafka came back', async () => {
      const res = await post('after-1');
      return res.statusCode === 202 ? res : undefined;
    }, 60_000, 500);
    expect(r.json().accepted).toBe(1);
    await waitFor('readyz 200', async () => (await readyz()) === 200, 15_000);
    const keys = await eventKeys();
    expect(keys).toContain('after-1');
    expect(keys.filter((k) => k?.startsWith('down-'))).toEqual([]);
  });
});
