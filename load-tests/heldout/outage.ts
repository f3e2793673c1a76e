/**
 * outage plays failures and noise over an estate and renders what the tools send, through the real
 * normalisers. Its timing differs from ../quality/storm.ts on purpose: slow propagation (caches and
 * tokens expire over minutes, a shared service's consumers fail over up to 15 min), polling senders
 * whose alerts arrive in bursts (cron checks on the 5-minute mark, a CloudWatch bridge polling every
 * 2 minutes, a 2-minute availability poller), recurring cron noise and chatty flapping ports.
 */
import type { Event } from '@aiops/model';
import { normalize } from '@aiops/normalize';
import type { Prng } from '../quality/prng.js';
import type { Asset, Estate } from './estate.js';
import { alertsOf, cloudwatch, datadog, scriptCheck, type AlertSpec, type Ctx, type Emission, type SenderKind } from './senders.js';

export interface OutageOptions {
  durationMs: number;
  failures: number;
  /** share of failures starting within 90 s of an earlier one. */
  overlapRate: number;
  /** one-off unrelated alerts per minute. */
  noiseRate: number;
  /** alerts that fire on a cron schedule all storm long (backup checks, batch jobs). */
  recurringNoise: number;
  /** alerts that flap every 20–120 s all storm long (a port to a wobbly access point, a flaky synthetic). */
  chattyNoise: number;
  /** share of failure alerts that flap while the failure lasts. */
  flapRate: number;
  /** share of notifications delivered twice. */
  duplicateRate: number;
  /** most assets one failure reaches. */
  maxAffected: number;
}

export interface HeldoutFailure {
  id: string;
  rootCauseCi: string;
  rootCauseName: string;
  rootCauseType: string;
  rootRole: string;
  startAt: number;
  endAt: number;
  /** assets the failure reached (root included). */
  reached: number;
}

export interface HeldoutAlert {
  fingerprint: string;
  /** the asset that raised it. */
  ciId: string;
  /** the asset the alert is about, when another one reports it (a switch reporting its port to a dead neighbour, an F5 its VIP). */
  subjectId: string;
  failureId: string | null;
  kind: string;
  sender: SenderKind;
  title: string;
}

/** truth has the shape the shared scorer reads: fingerprint -> failure and root CI, or null for noise. */
export type HeldoutTruth = Record<string, { failureId: string; rootCauseCi: string } | null>;

export interface Outage {
  events: Event[];
  truth: HeldoutTruth;
  failures: HeldoutFailure[];
  alerts: HeldoutAlert[];
}

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 14, 2, 0, 0);
const ceilTo = (t: number, step: number): number => Math.ceil(t / step) * step;

interface Pending { at: number; seq: number; emission: Emission }
interface Owner { failureId: string | null; rootCauseCi: string | null; ciId: string; subjectId: string; kind: string; sender: SenderKind }

/** detection: when the sender notices a condition that began at `at` (its own cadence). */
function detect(sender: SenderKind, at: number, rng: Prng): number {
  switch (sender) {
    case 'snmp': return at + rng.int(1_000, 8_000);
    case 'poller': return ceilTo(at, 2 * MIN) + 2 * MIN; // two lost polls, every 2 min
    case 'script': return ceilTo(at, 5 * MIN) + rng.int(0, 20_000); // cron, on the 5-minute mark
    case 'datadog': return at + rng.int(60_000, 300_000); // evaluation window
    case 'cloudwatch': { const period = rng.chance(0.5) ? MIN : 5 * MIN; return ceilTo(at, period) + rng.int(0, 2) * period + rng.int(20_000, 90_000); }
    case 'vcenter': return at + rng.int(15_000, 90_000);
  }
}

/** delivery: when the gateway receives a notification the sender emitted at `at`. */
function deliver(sender: SenderKind, at: number, rng: Prng): number {
  switch (sender) {
    case 'snmp': case 'poller': return at + rng.int(0, 2_000);
    case 'script': return at + rng.int(1_000, 30_000);
    case 'datadog': return at + rng.int(5_000, 40_000);
    case 'cloudwatch': return ceilTo(at + 5_000, 2 * MIN) + rng.int(0, 3_000); // SNS→webhook bridge polls every 2 min
    case 'vcenter': return ceilTo(at + 2_000, MIN) + rng.int(0, 2_000);
  }
}

/** resend: interval of re-notifications while firing (state-based senders repeat themselves). */
const RESEND: Partial<Record<SenderKind, number>> = { script: 5 * MIN, datadog: 10 * MIN };

function makeCtx(estate: Estate, rng: Prng): Ctx {
  return {
    rng,
    hostsOf: (a) => a.links.filter((l) => l.type === 'runs_on').map((l) => estate.byId.get(l.target)).filter((x): x is Asset => x !== undefined && x.type !== 'load_balancer'),
    uplinkOf: (a) => {
      for (const l of a.links) {
        const t = estate.byId.get(l.target);
        if (t && (t.type === 'network' || t.type === 'load_balancer')) return t;
      }
      return undefined;
    },
  };
}

/** spread walks the real dependents of a root: who is reached, when, and through whom. */
function spread(estate: Estate, root: Asset, start: number, max: number, rng: Prng): Map<string, { at: number; cause: Asset | null }> {
  const reached = new Map<string, { at: number; cause: Asset | null; depth: number }>([[root.id, { at: start, cause: null, depth: 0 }]]);
  const queue: string[] = [root.id];
  while (queue.length > 0 && reached.size < max) {
    queue.sort((a, b) => (reached.get(a)?.at ?? 0) - (reached.get(b)?.at ?? 0));
    const id = queue.shift() as string;
    const here = reached.get(id) as { at: number; depth: number };
    const from = estate.byId.get(id) as Asset;
    const deps = estate.dependents.get(id) ?? [];
    const infra = from.type === 'network' || from.role === 'az' || from.role === 'hypervisor' || from.role === 'server' || from.role === 'ec2' || from.role === 'vm';
    for (const { id: d, link } of deps) {
      if (reached.has(d) || reached.size >= max) continue;
      const p = link.redundant ? 0.12 : link.type === 'runs_on' ? 0.9 : infra ? 0.9 : 0.8 * 0.9 ** here.depth;
      if (!rng.chance(p)) continue;
      // a machine's loss is felt at once; a service's consumers notice as pools, caches and tokens run out,
      // and a widely shared service's consumers over up to a quarter of an hour
      const delay = infra ? rng.int(3_000, 40_000) : deps.length > 8 ? rng.int(0, 15 * MIN) : Math.min(8 * MIN, 20_000 + Math.round(rng.exp(2 * MIN)));
      reached.set(d, { at: here.at + delay, cause: from, depth: here.depth + 1 });
      queue.push(d);
    }
  }
  return new Map([...reached].map(([k, v]) => [k, { at: v.at, cause: v.cause }]));
}

/** render turns one alert's firing period into notifications (re-sends, flapping, resolution). */
function render(spec: AlertSpec, from: number, to: number | null, end: number, flap: boolean, rng: Prng, out: Pending[], seq: { n: number }): number {
  from = Math.round(from);
  const first = detect(spec.sender, from, rng);
  if (first >= end) return -1;
  let received = 0;
  const push = (status: 'firing' | 'resolved', at: number, n: number): void => {
    if (at >= end) return;
    // one alert's notifications keep their order (other alerts' may overtake them)
    received = Math.max(received, deliver(spec.sender, at, rng));
    out.push({ at: received, seq: seq.n++, emission: spec.payload(status, at, n) });
  };
  const stop = to === null ? end : Math.max(first + 30_000, detect(spec.sender, Math.round(to), rng));
  let t = first;
  let n = 0;
  push('firing', t, n++);
  const resend = RESEND[spec.sender];
  while (t < stop) {
    if (flap) {
      const down = t + rng.int(30_000, 150_000);
      if (down >= stop) break;
      push('resolved', down, n);
      t = down + rng.int(20_000, 120_000);
      if (t >= stop) return first;
      push('firing', t, n++);
    } else if (resend !== undefined) {
      t += resend;
      if (t < stop) push('firing', t, n++);
    } else break;
  }
  if (to !== null) push('resolved', stop, n);
  return first;
}

export interface OutageInput {
  estate: Estate;
  /** assets the CMDB knows (roots are drawn among them, so a root can be named by id). */
  eligibleRoots: ReadonlySet<string>;
}

/** generateOutage is deterministic for a PRNG state. */
export function generateOutage(input: OutageInput, opts: OutageOptions, rng: Prng): Outage {
  const { estate } = input;
  const end = T0 + opts.durationMs;
  const pend: Pending[] = [];
  const seq = { n: 0 };
  const used = new Set<string>();
  const keyOwner = new Map<string, Owner>();
  const fr = rng.fork(1);
  const ctx = makeCtx(estate, rng.fork(2));
  const failures: HeldoutFailure[] = [];
  // a root is drawn by role first (weight per role), then uniformly within the role: a shop with 300
  // VMs and one DNS service still loses its DNS now and then
  const byRole = new Map<string, Asset[]>();
  for (const a of estate.assets) if (input.eligibleRoots.has(a.id)) byRole.set(a.role, [...(byRole.get(a.role) ?? []), a]);
  const roles = [...byRole].map(([, as]) => [as, (as[0] as Asset).rootWeight] as const);
  const draw = (): Asset => fr.pick(fr.weighted(roles));
  const taken = new Set<string>();
  for (let i = 0; i < opts.failures; i++) {
    let root = draw();
    for (let k = 0; k < 20 && taken.has(root.id); k++) root = draw();
    if (taken.has(root.id)) continue;
    taken.add(root.id);
    const prev = failures.length > 0 ? fr.pick(failures) : undefined;
    const startAt = prev && fr.chance(opts.overlapRate) ? prev.startAt + fr.int(0, 90_000) : T0 + fr.int(2 * MIN, Math.round(opts.durationMs * 0.8));
    const endAt = fr.chance(0.15) ? end + 30 * MIN : startAt + fr.int(8 * MIN, 40 * MIN);
    const id = `F${String(i + 1).padStart(2, '0')}-${root.role}`;
    const reached = spread(estate, root, startAt, opts.maxAffected, fr);
    failures.push({ id, rootCauseCi: root.id, rootCauseName: root.handle, rootCauseType: root.type, rootRole: root.role, startAt, endAt, reached: reached.size });
    for (const [assetId, r] of reached) {
      const asset = estate.byId.get(assetId) as Asset;
      const specs = alertsOf(asset, r.cause, ctx);
      const raise = r.cause === null ? 0.85 : 0.7;
      specs.forEach((spec, j) => {
        if (used.has(spec.key) || !fr.chance(j === 0 ? raise : 0.55)) return;
        used.add(spec.key);
        keyOwner.set(spec.key, { failureId: id, rootCauseCi: root.id, ciId: spec.emitter.id, subjectId: assetId, kind: spec.kind, sender: spec.sender });
        // an asset recovers some time after its root: reverse propagation
        const recover = endAt > end ? null : endAt + (r.at - startAt) / 2 + fr.int(0, 60_000);
        render(tag(spec), r.at, recover, end, fr.chance(opts.flapRate), fr, pend, seq);
      });
    }
  }
  noise(estate, opts, rng.fork(3), end, used, keyOwner, pend, seq);

  pend.sort((a, b) => a.at - b.at || a.seq - b.seq);
  const dup = rng.fork(4);
  const deliveries: Pending[] = [];
  for (const p of pend) {
    deliveries.push(p);
    if (dup.chance(opts.duplicateRate)) deliveries.push({ ...p, at: p.at + dup.int(500, 10_000), seq: seq.n++ });
  }
  deliveries.sort((a, b) => a.at - b.at || a.seq - b.seq);

  const events: Event[] = [];
  const truth: HeldoutTruth = {};
  const fpKey = new Map<string, string>();
  const keyFp = new Map<string, string>();
  const alerts = new Map<string, HeldoutAlert>();
  for (const d of deliveries) {
    const r = normalize(d.emission.source, d.emission.body, { receivedAt: d.at });
    if (r.errors.length > 0) throw new Error(`held-out sender produced an invalid ${d.emission.source} payload: ${JSON.stringify(r.errors)}`);
    for (const e of r.events) {
      events.push(e);
      if (alerts.has(e.fingerprint)) continue;
      const key = keyOf(d.emission);
      const owner = keyOwner.get(key);
      if (!owner) throw new Error(`no owner for alert ${key}`);
      const other = fpKey.get(e.fingerprint);
      if (other !== undefined && other !== key) throw new Error(`two held-out alerts share fingerprint ${e.fingerprint}: ${other} / ${key}`);
      // one alert, one fingerprint: a sender whose identity changed between firing and resolved would count twice
      if (keyFp.has(key)) throw new Error(`held-out alert ${key} has two fingerprints: ${keyFp.get(key)} / ${e.fingerprint}`);
      fpKey.set(e.fingerprint, key);
      keyFp.set(key, e.fingerprint);
      truth[e.fingerprint] = owner.failureId === null ? null : { failureId: owner.failureId, rootCauseCi: owner.rootCauseCi as string };
      alerts.set(e.fingerprint, { fingerprint: e.fingerprint, ciId: owner.ciId, subjectId: owner.subjectId, failureId: owner.failureId, kind: owner.kind, sender: owner.sender, title: e.title });
    }
  }
  return { events, truth, failures, alerts: [...alerts.values()] };
}

/** Each emission carries its spec key (attached by `tag`) so the truth follows the alert, not the text. */
const KEY = Symbol('heldout-key');
function keyOf(e: Emission): string {
  return (e as Emission & { [KEY]?: string })[KEY] ?? '';
}
function tag(spec: AlertSpec): AlertSpec {
  return { ...spec, payload: (s, at, n) => Object.assign(spec.payload(s, at, n), { [KEY]: spec.key }) };
}

/** noise: unrelated one-off alerts, cron-scheduled recurring ones and chatty flappers. */
function noise(estate: Estate, opts: OutageOptions, rng: Prng, end: number, used: Set<string>, keyOwner: Map<string, Owner>, pend: Pending[], seq: { n: number }): void {
  const ctx = makeCtx(estate, rng.fork(9));
  const take = (spec: AlertSpec | null): AlertSpec | null => {
    if (!spec || used.has(spec.key)) return null;
    used.add(spec.key);
    keyOwner.set(spec.key, { failureId: null, rootCauseCi: null, ciId: spec.emitter.id, subjectId: spec.emitter.id, kind: spec.kind, sender: spec.sender });
    return spec;
  };
  const hosts = estate.assets.filter((a) => ['server', 'vm', 'hypervisor'].includes(a.role));
  const services = estate.assets.filter((a) => ['app', 'ecs', 'db', 'dns', 'sso', 'broker', 'objstore', 'vault', 'ldap', 'smtp', 'lambda', 'rds', 'sqs', 'cache', 'dynamo'].includes(a.role));
  const devices = estate.assets.filter((a) => a.type === 'network' && a.role !== 'nat');
  const cloud = estate.shape === 'cloud';
  const oneOff = (): AlertSpec | null => {
    const r = rng.next();
    if (!cloud && hosts.length > 0 && r < 0.45) {
      const h = rng.pick(hosts);
      const [check, text] = rng.pick([
        ['check_disk', (x: Prng) => `/var/log ${x.int(91, 99)}% used (${x.int(100, 900)} MB free)`],
        ['check_ntp_time', (x: Prng) => `Offset ${x.int(150, 900)} ms`],
        ['check_swap', (x: Prng) => `${x.int(5, 20)}% free swap`],
        ['check_ssl_cert', (x: Prng) => `certificate expires in ${x.int(3, 14)} day(s)`],
        ['check_updates', (x: Prng) => `${x.int(3, 40)} security updates available`],
      ] as const);
      return scriptCheck(h, check, null, text, rng, 'warning');
    }
    if (services.length > 0 && r < 0.85) {
      const s = rng.pick(services);
      if (cloud || s.role === 'ecs') {
        const ns = s.role === 'lambda' ? 'AWS/Lambda' : s.role === 'rds' ? 'AWS/RDS' : s.role === 'sqs' ? 'AWS/SQS' : 'AWS/ECS';
        return cloudwatch(s, ns, rng.pick(['BurstBalance', 'ConcurrentExecutions', 'MemoryUtilization', 'ApproximateNumberOfMessagesVisible']), [ns === 'AWS/RDS' ? 'DBInstanceIdentifier' : 'Name', s.handle], (x) => `Threshold Crossed: 1 datapoint [${x.int(80, 99)}] > ${x.int(60, 79)}`, rng);
      }
      if (s.site === 'main') return datadog(s, rng.pick(['slow queries above baseline', 'GC pause above 1s', 'disk usage above 85%', 'certificate expiring']), (x) => `value ${x.int(80, 99)} above ${x.int(60, 79)}`, rng);
      const host = ctx.hostsOf(s)[0];
      return host ? scriptCheck(host, 'check_logfiles', s.handle, (x) => `${x.int(1, 5)} warnings in app.log: slow request`, rng, 'warning') : null;
    }
    if (devices.length > 0) {
      const d = rng.pick(devices);
      return scriptCheck(d, rng.pick(['check_snmp_cpu', 'check_snmp_temp', 'check_config_backup']), null, (x) => `value ${x.int(70, 90)} above threshold`, rng, 'warning');
    }
    return null;
  };
  // one-off noise: Poisson arrivals
  for (let t = T0 + rng.exp(MIN / Math.max(opts.noiseRate, 1e-9)); t < end; t += rng.exp(MIN / Math.max(opts.noiseRate, 1e-9))) {
    const spec = take(oneOff());
    if (!spec) continue;
    render(tag(spec), t, rng.chance(0.3) ? null : t + rng.int(2 * MIN, 20 * MIN), end, false, rng, pend, seq);
  }
  // recurring: a batch job or backup check failing on its schedule, resolving minutes later
  for (let i = 0; i < opts.recurringNoise; i++) {
    const period = rng.pick([10, 15, 20, 30]) * MIN;
    let spec: AlertSpec | null;
    if (cloud) {
      const fn = `nightly-${rng.pick(['report', 'export', 'cleanup', 'reindex'])}-${rng.hex(3)}`;
      const s = rng.pick(services);
      spec = take(cloudwatch({ ...s, handle: fn, role: 'lambda' }, 'AWS/Lambda', 'Errors', ['FunctionName', fn], () => 'Threshold Crossed: 1 datapoint [1.0] >= 1.0', rng));
    } else if (hosts.length > 0) {
      spec = take(scriptCheck(rng.pick(hosts), rng.pick(['check_backup', 'check_cron_job', 'check_rsync']), `job-${rng.hex(4)}`, (x) => `last run exited with code ${x.int(1, 3)}`, rng, 'warning'));
    } else spec = null;
    if (!spec) continue;
    const tagged = tag(spec);
    for (let t = T0 + rng.int(0, period); t < end; t += period) render(tagged, t, t + rng.int(MIN, 4 * MIN), end, false, rng, pend, seq);
  }
  // chatty: a port or a synthetic check that flaps all storm long
  for (let i = 0; i < opts.chattyNoise; i++) {
    let spec: AlertSpec | null = null;
    if (devices.length > 0 && !cloud) {
      const d = rng.pick(devices);
      const ifn = `Gi1/0/${rng.int(30, 48)}`;
      const peer = rng.pick(['AP-3F-12', 'printer-2-07', 'badge-reader-lobby', 'cam-dock-04']);
      spec = take({
        key: `snmp|${d.id}|linkDown|${ifn}`, emitter: d, kind: 'linkDown', sender: 'snmp',
        payload: (status, at) => ({ source: 'generic', body: {
          title: `Interface ${ifn} ${status === 'resolved' ? 'up' : 'down'} on ${d.handle}`, status, severity: status === 'resolved' ? 'info' : 'warning',
          labels: { alertname: 'linkDown', device: d.handle, ifName: ifn, site: d.site, trap_source: d.ip ?? d.handle }, resource: { host: d.handle },
          description: `linkDown from ${d.handle}: ifDescr=${ifn} ifAlias="${peer}" ifOperStatus=down(2)`, occurredAt: at,
        } }),
      });
    } else if (services.length > 0) {
      const s = rng.pick(services);
      spec = take(cloud ? cloudwatch(s, 'AWS/ApplicationELB', 'TargetResponseTime', ['TargetGroup', `targetgroup/${s.handle}/${rng.hex(8)}`], (x) => `p90 ${x.int(2, 4)}.${x.int(0, 9)} s`, rng)
        : datadog(s, 'synthetic browser test failing', () => 'step 3 "click checkout" timed out', rng));
    }
    if (spec) render(tag(spec), T0 + rng.int(0, 10 * MIN), null, end, true, rng, pend, seq);
  }
}
