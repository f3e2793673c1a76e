/**
 * senders turns conditions into the notifications real tools send, with each tool's timing, and runs
 * every body through @aiops/normalize exactly as the gateway does:
 *
 * - `trap`: an snmptrapd → webhook bridge posting generic JSON; a trap 0.3–4 s after the event, the
 *   clearing trap (linkUp, adjacency up) likewise, 8 % of clearing traps lost (UDP); device clocks
 *   skewed per device.
 * - `zabbix`: the webhook media type; items polled each minute, triggers over 3 polls (a problem
 *   under 3 min never fires), recovery at the next good poll.
 * - `icinga`: notification command JSON; check every 5 min, retry each minute, HARD after 3 attempts,
 *   re-notified every 30 min while in HARD state, recovery at the next check.
 * - `am`: Prometheus rules (eval every 30 s, `for:` per rule) through Alertmanager v4 webhooks
 *   (group_by alertname+namespace or job, group_wait 30 s, group_interval 5 min: a changed group is
 *   re-sent whole, so firing alerts repeat).
 * - `ctm`: Control-M alerts polled by a bridge every 30 s (generic JSON).
 * - `probe`: synthetic checks each minute, 2 failures to alert, re-sent every 5 min (generic JSON).
 * - `argocd`: one notification per sync (generic JSON, info).
 * - `omegamon`: z/OS situations sampled every 1–2 min (generic JSON).
 * Webhook retries duplicate 4 % of generic/zabbix/icinga notifications and delay 2 % by 1–5 min.
 */
import type { Event } from '@aiops/model';
import { alertmanagerFingerprint, normalize } from '@aiops/normalize';
import type { Prng } from '../quality/prng.js';
import { fnv32, MIN, SEC, type Condition, type Level } from './core.js';

interface Note { source: string; body: unknown; at: number; keys: string[] }

const ZBX_SEV: Record<Level, string> = { critical: 'Disaster', major: 'High', minor: 'Average', warning: 'Warning', info: 'Information' };
const ICINGA_STATE: Record<Level, string> = { critical: 'CRITICAL', major: 'CRITICAL', minor: 'WARNING', warning: 'WARNING', info: 'WARNING' };
const iso = (ms: number): string => new Date(ms).toISOString();

/** skewOf: 15 % of devices run their clock off by up to ±2 min (no NTP on the management VRF). */
const skewOf = (host: string | undefined): number => {
  const h = fnv32(host ?? '');
  return h % 100 < 15 ? ((h >>> 8) % 240 - 120) * SEC : 0;
};

function generic(c: Condition, status: 'firing' | 'resolved', at: number, extra: Record<string, string> = {}): unknown {
  return {
    title: c.title,
    status,
    severity: status === 'resolved' ? 'info' : c.level,
    fingerprint: c.key,
    description: c.text,
    labels: { ...c.labels, ...extra },
    occurredAt: at,
  };
}

/** renderOne: the notifications of one non-Alertmanager condition. */
function renderOne(c: Condition, prng: Prng, stormEnd: number, out: Note[], seq: number): void {
  const push = (source: string, body: unknown, at: number): void => { out.push({ source, body, at, keys: [c.key] }); };
  const triggerId = 20_000 + seq * 7 + (fnv32(c.key) % 7);
  let problem = 0;
  for (const [s, e] of c.intervals) {
    switch (c.sender) {
      case 'trap': {
        const skew = skewOf(c.host);
        push('generic', generic(c, 'firing', s + skew), s + prng.int(300, 4000));
        if (e !== null && !prng.chance(0.08)) push('generic', generic(c, 'resolved', e + skew), e + prng.int(300, 4000));
        break;
      }
      case 'zabbix': {
        const fire = s + prng.int(0, 60 * SEC) + 2 * MIN;
        if (e !== null && e < fire) break;
        const body = (value: 0 | 1, clock: number, rclock?: number): unknown => ({
          eventId: String(triggerId * 10 + problem), eventValue: value, severity: ZBX_SEV[c.level], triggerId: String(triggerId), triggerName: c.title,
          hostHost: c.host ?? 'unknown', hostName: c.host ?? 'unknown', itemName: c.text, clock: Math.floor(clock / 1000),
          ...(rclock === undefined ? {} : { recoveryClock: Math.floor(rclock / 1000) }),
          tags: Object.entries(c.labels).map(([tag, v]) => ({ tag, value: v })),
        });
        push('zabbix', body(1, fire), fire + prng.int(1 * SEC, 10 * SEC));
        if (e !== null) { const r = e + prng.int(0, 60 * SEC); push('zabbix', body(0, fire, r), r + prng.int(1 * SEC, 10 * SEC)); }
        problem++;
        break;
      }
      case 'icinga': {
        const hard = s + prng.int(0, 5 * MIN) + 2 * MIN;
        if (e !== null && e < hard) break;
        const [host, service] = [c.host ?? 'unknown', c.labels['service']];
        const labels = Object.fromEntries(Object.entries(c.labels).filter(([k]) => k !== 'service'));
        const body = (type: 'PROBLEM' | 'RECOVERY', at: number): unknown => ({
          notificationType: type, hostName: host, ...(service ? { serviceName: service, serviceState: type === 'RECOVERY' ? 'OK' : ICINGA_STATE[c.level] } : { hostState: type === 'RECOVERY' ? 'UP' : 'DOWN' }),
          output: type === 'RECOVERY' ? 'OK' : c.text, timestamp: Math.floor(at / 1000), problemId: String(triggerId + problem), sender: 'icinga2', labels,
        });
        const until = e ?? stormEnd;
        for (let t = hard; t < until; t += 30 * MIN) push('icinga', body('PROBLEM', t), t + prng.int(1 * SEC, 5 * SEC));
        if (e !== null) { const r = e + prng.int(0, 5 * MIN); push('icinga', body('RECOVERY', r), r + prng.int(1 * SEC, 5 * SEC)); }
        problem++;
        break;
      }
      case 'ctm': case 'argocd': {
        const at = s + prng.int(5 * SEC, 35 * SEC);
        push('generic', generic(c, 'firing', s), at);
        if (e !== null) push('generic', generic(c, 'resolved', e), e + prng.int(5 * SEC, 35 * SEC));
        break;
      }
      case 'probe': case 'omegamon': {
        const fire = s + prng.int(60 * SEC, 120 * SEC);
        if (e !== null && e < fire) break;
        const every = c.sender === 'probe' ? 5 * MIN : 15 * MIN;
        for (let t = fire; t < (e ?? stormEnd); t += every) push('generic', generic(c, 'firing', fire), t + prng.int(1 * SEC, 3 * SEC));
        if (e !== null) { const r = e + prng.int(30 * SEC, 120 * SEC); push('generic', generic(c, 'resolved', r), r + prng.int(1 * SEC, 3 * SEC)); }
        break;
      }
      case 'am': break;
    }
  }
}

/** renderAlertmanager simulates rule evaluation and Alertmanager's grouping for all `am` conditions. */
function renderAlertmanager(cs: readonly Condition[], prng: Prng, stormEnd: number, out: Note[]): void {
  interface Span { c: Condition; fire: number; resolve: number | null; labels: Record<string, string> }
  const byGroup = new Map<string, Span[]>();
  for (const c of cs) {
    const labels: Record<string, string> = { ...c.labels, severity: c.labels['severity'] ?? c.level };
    const gk = `${labels['alertname'] ?? ''}/${labels['namespace'] ?? labels['job'] ?? ''}`;
    for (const [s, e] of c.intervals) {
      const fire = s + prng.int(0, 30 * SEC) + (c.forMs ?? 0);
      if (e !== null && e <= fire) continue;
      const spans = byGroup.get(gk) ?? [];
      spans.push({ c, fire, resolve: e === null ? null : e + prng.int(0, 30 * SEC), labels });
      byGroup.set(gk, spans);
    }
  }
  for (const [gk, spans] of byGroup) {
    spans.sort((a, b) => a.fire - b.fire);
    let i = 0;
    while (i < spans.length) {
      // one aggregation group lives from its first alert until everything in it resolved and was sent
      const first = spans[i] as Span;
      let flush = first.fire + 30 * SEC;
      const members: Span[] = [];
      const sent = new Map<Span, 'firing' | 'resolved'>();
      for (;;) {
        while (i < spans.length && (spans[i] as Span).fire <= flush) members.push(spans[i++] as Span);
        const alerts: Array<{ span: Span; status: 'firing' | 'resolved' }> = [];
        let changed = false;
        for (const m of members) {
          const st = m.resolve !== null && m.resolve <= flush ? 'resolved' : 'firing';
          if (sent.get(m) === 'resolved') continue;
          if (sent.get(m) !== st) changed = true;
          alerts.push({ span: m, status: st });
        }
        if (changed && alerts.length > 0) {
          const body = {
            version: '4', groupKey: `{}:{${gk}}`, truncatedAlerts: 0, receiver: 'aiops',
            status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
            groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://alertmanager.monitoring:9093',
            alerts: alerts.map(({ span, status }) => ({
              status, labels: span.labels, annotations: { summary: span.c.title, description: span.c.text },
              startsAt: iso(span.fire), endsAt: status === 'resolved' ? iso(span.resolve as number) : '0001-01-01T00:00:00Z',
              generatorURL: `http://prometheus.monitoring:9090/graph?g0.expr=${encodeURIComponent(span.labels['alertname'] ?? '')}`,
              fingerprint: alertmanagerFingerprint(span.labels),
            })),
          };
          out.push({ source: 'alertmanager', body, at: flush + prng.int(100, 1500), keys: alerts.map((a) => a.span.c.key) });
          for (const a of alerts) sent.set(a.span, a.status);
        }
        const open = members.some((m) => sent.get(m) !== 'resolved');
        if ((!open && (i >= spans.length || (spans[i] as Span).fire > flush)) || flush > stormEnd) break;
        flush += 5 * MIN;
      }
    }
  }
}

export interface Rendered {
  events: Event[];
  /** fingerprint -> condition key. */
  keyOf: Map<string, string>;
}

/** render: every condition's notifications, normalised, in arrival order; fails loudly when a body is refused or two identities share a fingerprint. */
export function render(conditions: readonly Condition[], prng: Prng, stormEnd: number): Rendered {
  const notes: Note[] = [];
  conditions.forEach((c, i) => { if (c.sender !== 'am') renderOne(c, prng, stormEnd, notes, i); });
  renderAlertmanager(conditions.filter((c) => c.sender === 'am'), prng, stormEnd, notes);
  // webhook retries: a duplicate, or a late delivery
  const extra: Note[] = [];
  for (const n of notes) {
    if (n.source === 'alertmanager') continue;
    if (prng.chance(0.04)) extra.push({ ...n, at: n.at + prng.int(1 * SEC, 20 * SEC) });
    else if (prng.chance(0.02)) n.at += prng.int(1 * MIN, 5 * MIN);
  }
  notes.push(...extra);
  notes.sort((a, b) => a.at - b.at);
  const events: Event[] = [];
  const keyOf = new Map<string, string>();
  for (const n of notes) {
    const r = normalize(n.source, n.body, { receivedAt: n.at });
    if (r.errors.length > 0) throw new Error(`${n.source} body refused: ${JSON.stringify(r.errors)} ${JSON.stringify(n.body)}`);
    r.events.forEach((e, i) => {
      const key = n.keys.length === 1 ? (n.keys[0] as string) : (n.keys[i] as string);
      const prev = keyOf.get(e.fingerprint);
      if (prev !== undefined && prev !== key) throw new Error(`fingerprint ${e.fingerprint} shared by ${prev} and ${key}`);
      keyOf.set(e.fingerprint, key);
      events.push(e);
    });
  }
  return { events, keyOf };
}
