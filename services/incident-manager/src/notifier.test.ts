import { describe, expect, it } from 'vitest';
import type { Notification } from '@aiops/incident';
import { silentTelemetry } from '@aiops/telemetry';
import { ManualClock } from '@aiops/pipeline';
import { createWebhookNotifier, notifierConfig, slackMessage } from './notifier.js';

const note = (i: number, x: Partial<Notification> = {}): Notification => ({
  id: `inc_1:${i}:opened:team`, incidentId: 'inc_1', number: 'INC-00000001', kind: 'state_changed', audience: 'team', target: 'dba', priority: 'P2', title: '[P2] INC-00000001 db down', text: 'new → acknowledged', at: 0, ...x,
});

function recorder(failFirst = 0, status = 503) {
  const calls: Array<{ url: string; body: unknown }> = [];
  let fails = failFirst;
  const f = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), body: JSON.parse(String(init?.body)) });
    if (fails > 0) {
      fails--;
      return new Response('no', { status });
    }
    return new Response('ok', { status: 200 });
  }) as typeof fetch;
  return { calls, fetch: f };
}

describe('webhook notifier', () => {
  it('posts generic JSON and Slack-compatible messages to the webhooks of the audience', async () => {
    const r = recorder();
    const config = notifierConfig.parse({ webhooks: [{ name: 'json', url: 'http://hook/json' }, { name: 'slack', url: 'http://hook/slack', format: 'slack', audiences: ['major'] }] });
    const n = createWebhookNotifier(config, { telemetry: silentTelemetry(), clock: new ManualClock(0), fetch: r.fetch });
    n.notify([note(1), note(2, { kind: 'major_declared', audience: 'major', id: 'm' })]);
    await n.idle();
    expect(r.calls.filter((c) => c.url === 'http://hook/json')).toHaveLength(2);
    const slack = r.calls.find((c) => c.url === 'http://hook/slack')!.body as { text: string; blocks: unknown[] };
    expect(slack.text).toContain(':rotating_light:');
    expect(slack).toEqual(slackMessage(note(2, { kind: 'major_declared', audience: 'major', id: 'm' })));
    expect((r.calls[0]!.body as Notification).incidentId).toBe('inc_1');
  });

  it('retries transient failures with backoff, gives up on a 4xx, and sends a notification id once', async () => {
    const r = recorder(2);
    const config = notifierConfig.parse({ webhooks: [{ name: 'json', url: 'http://hook' }], backoffMs: 1, retries: 3 });
    const n = createWebhookNotifier(config, { telemetry: silentTelemetry(), clock: new ManualClock(0), fetch: r.fetch });
    n.notify([note(1)]);
    n.notify([note(1)]);
    await n.idle();
    expect(r.calls).toHaveLength(3);
    const bad = recorder(5, 400);
    const n2 = createWebhookNotifier(config, { telemetry: silentTelemetry(), clock: new ManualClock(0), fetch: bad.fetch });
    n2.notify([note(1)]);
    await n2.idle();
    expect(bad.calls).toHaveLength(1);
  });

  it('rate-limits per incident so a storm does not flood anyone, but never holds back a major incident', async () => {
    const r = recorder();
    const clock = new ManualClock(0);
    const config = notifierConfig.parse({ webhooks: [{ name: 'json', url: 'http://hook' }], perIncidentPerMinute: 3 });
    const n = createWebhookNotifier(config, { telemetry: silentTelemetry(), clock, fetch: r.fetch });
    n.notify(Array.from({ length: 10 }, (_, i) => note(i)));
    n.notify([note(99, { kind: 'major_declared', id: 'major' })]);
    n.notify([note(100, { incidentId: 'inc_2', id: 'other' })]);
    await n.idle();
    expect(r.calls).toHaveLength(5);
    clock.advance(61_000);
    n.notify([note(200)]);
    await n.idle();
    expect(r.calls).toHaveLength(6);
  });
});
