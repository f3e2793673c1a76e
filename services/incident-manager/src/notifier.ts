import { z } from 'zod';
import type { Notification } from '@aiops/incident';
import { counter, type Telemetry } from '@aiops/telemetry';
import type { Clock } from '@aiops/pipeline';

export const webhookConfig = z.strictObject({
  name: z.string().min(1),
  url: z.string().url(),
  format: z.enum(['json', 'slack']).default('json').describe('json: the Notification as is; slack: {text, blocks} for an incoming webhook'),
  audiences: z.array(z.enum(['team', 'manager', 'major', 'stakeholders'])).default(['team', 'manager', 'major', 'stakeholders']),
});

/** notifierConfig: where notifications go, how hard to retry, and how many per incident a storm may cause. */
export const notifierConfig = z.strictObject({
  webhooks: z.array(webhookConfig).default([]),
  retries: z.number().int().nonnegative().default(3),
  backoffMs: z.number().int().positive().default(500),
  timeoutMs: z.number().int().positive().default(5000),
  perIncidentPerMinute: z.number().int().positive().default(6).describe('rate limit per incident, so a storm does not flood anyone'),
});
export type NotifierConfig = z.output<typeof notifierConfig>;

export interface Notifier {
  /** notify queues the notifications; sending (with retries) happens in the background. */
  notify(ns: readonly Notification[]): void;
  /** idle resolves when nothing is in flight (shutdown, tests). */
  idle(): Promise<void>;
}

/** slackMessage renders a notification for a Slack-compatible incoming webhook. */
export function slackMessage(n: Notification): { text: string; blocks: unknown[] } {
  const icon = n.kind === 'major_declared' ? ':rotating_light:' : n.kind === 'sla_breach' ? ':alarm_clock:' : n.kind === 'runbook_failed' ? ':x:' : ':information_source:';
  return {
    text: `${icon} ${n.title}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${icon} *${n.title}*\n${n.text}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${n.kind} · ${n.audience} → ${n.target} · ${new Date(n.at).toISOString()}` }] },
    ],
  };
}

/**
 * createWebhookNotifier posts notifications to webhooks: generic JSON or Slack-compatible, bounded
 * retries with exponential backoff, a per-incident rate limit (a sliding minute) and dedup by
 * notification id (a replayed step does not page twice in the same process). Every send and drop is
 * logged with the notification id (the audit trail, R122) and counted.
 */
export function createWebhookNotifier(config: NotifierConfig, deps: { telemetry: Telemetry; clock: Clock; fetch?: typeof fetch }): Notifier {
  const log = deps.telemetry.logger;
  const doFetch = deps.fetch ?? fetch;
  const sent = counter(deps.telemetry.registry, 'aiops_incident_manager_notifications_total', 'notifications by kind and outcome', ['kind', 'outcome']);
  const windows = new Map<string, number[]>();
  const seen = new Set<string>();
  const inFlight = new Set<Promise<void>>();

  function allowed(incidentId: string, now: number): boolean {
    const w = (windows.get(incidentId) ?? []).filter((t) => now - t < 60_000);
    if (w.length >= config.perIncidentPerMinute) {
      windows.set(incidentId, w);
      return false;
    }
    w.push(now);
    windows.set(incidentId, w);
    if (windows.size > 10_000) windows.delete(windows.keys().next().value as string);
    return true;
  }

  async function post(url: string, body: unknown): Promise<void> {
    let attempt = 0;
    for (;;) {
      try {
        const res = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(config.timeoutMs) });
        if (res.ok) return;
        if (res.status < 500 && res.status !== 429) throw Object.assign(new Error(`webhook answered ${res.status}`), { permanent: true });
        throw new Error(`webhook answered ${res.status}`);
      } catch (err) {
        if ((err as { permanent?: boolean }).permanent === true || attempt >= config.retries) throw err;
        await new Promise((r) => setTimeout(r, config.backoffMs * 2 ** attempt));
        attempt++;
      }
    }
  }

  function send(n: Notification): void {
    for (const h of config.webhooks) {
      if (!h.audiences.includes(n.audience)) continue;
      const p = post(h.url, h.format === 'slack' ? slackMessage(n) : n).then(
        () => {
          sent.inc({ kind: n.kind, outcome: 'sent' });
          log.info({ notification: n.id, kind: n.kind, audience: n.audience, target: n.target, webhook: h.name }, 'notification sent');
        },
        (err: unknown) => {
          sent.inc({ kind: n.kind, outcome: 'failed' });
          log.warn({ notification: n.id, kind: n.kind, webhook: h.name, err: (err as Error).message }, 'notification failed after retries');
        },
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
  }

  return {
    notify(ns) {
      const now = deps.clock.now();
      for (const n of ns) {
        if (seen.has(n.id)) continue;
        seen.add(n.id);
        if (seen.size > 50_000) seen.delete(seen.values().next().value as string);
        // major incidents and breaches always go out: the rate limit protects people from storms, not from P1s
        if (n.kind !== 'major_declared' && n.kind !== 'sla_breach' && !allowed(n.incidentId, now)) {
          sent.inc({ kind: n.kind, outcome: 'rate_limited' });
          log.info({ notification: n.id, kind: n.kind }, 'notification rate-limited');
          continue;
        }
        if (config.webhooks.length === 0) {
          sent.inc({ kind: n.kind, outcome: 'no_webhook' });
          continue;
        }
        send(n);
      }
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
