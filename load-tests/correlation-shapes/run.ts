/**
 * run is `npm run bench:shapes`: the correlation stage alone (engine.process in batches, one thread) on
 * synthetic storms of extreme shapes, each at several sizes, to catch super-linear time or memory that
 * our realistic storms never reach: one giant failure on one CI, a hub CI with tens of thousands of
 * dependents all alerting, 40 unique labels and 4 KB unicode texts per alert, every text its own
 * template, no CMDB with one label value shared by everything, every alert flapping, clocks skewed and
 * far off. A `reference` shape (the throughput bench's realistic storm) gives the normal figures.
 * Per shape and size it reports events per CPU-second (user + system time of the process inside
 * process() and advance(), GC included) and its ratio to the previous size (linear scaling keeps it
 * near 1; below 0.5 for a 4× size step is super-linear), heap per held alert (heap after forced GC with
 * the engine alive minus before it was created, over engine.stats().alertsActive), the largest group and
 * the number of groups opened.
 * Each shape × size runs in a child process (`--child shape size`), so module-level caches of one run do
 * not count in the next one's heap.
 * Options: --shapes a,b (default all), --sizes 2000,8000,32000 (events per storm), --batch <n> (1000),
 * --max-seconds <s> (120: a run stops feeding after this much CPU time and reports the rate over the
 * events it processed, flagged TRUNCATED), --config '<json>' (engine config, e.g. to switch a cap off). Writes load-tests/results/correlation-shapes.json.
 */
import '../quality/quiet-env.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigurationItem, CorrelationGroup, Event } from '@aiops/model';
import { createPrng, type Prng } from '../quality/prng.js';
import { generateShop } from '../quality/shop.js';
import { generateStorm } from '../quality/storm.js';

interface Output { groups: readonly CorrelationGroup[] }
interface Engine { process(events: readonly Event[]): Output; advance(now: number): Output; stats(): { alertsActive: number; groupsOpened: number } }
interface CorrelateModule { createCorrelationEngine(config: unknown, deps: { cmdb: unknown }): Engine; correlateConfig: { parse(x: unknown): unknown } }
interface CmdbModule { createCmdbGraph(cis: readonly ConfigurationItem[]): unknown }

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? String(args[i + 1]) : def;
};
const out = resolve(here, '../../results/correlation-shapes.json');

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 7, 8, 0, 0);

interface Storm { cis: ConfigurationItem[]; events: Event[] }

/** event builds a firing (or resolved) event; occurredAt defaults to receivedAt. */
function event(fp: string, at: number, o: Partial<Event> & { labels: Record<string, string> }): Event {
  return {
    id: `${fp}:${at}:${o.status ?? 'firing'}`, source: 'generic', fingerprint: fp, status: 'firing', severity: 'major',
    title: `alert ${fp}`, description: '', annotations: {}, resource: {}, occurredAt: at, receivedAt: at, ...o,
  };
}

/** spread places n onsets evenly over durationMs with a little jitter, in arrival order. */
function spread(rng: Prng, n: number, durationMs: number): number[] {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(T0 + Math.floor((i + rng.next()) * durationMs / n));
  return xs;
}

const hostCis = (n: number, prefix: string): ConfigurationItem[] => {
  const cis: ConfigurationItem[] = [{ id: 'bs-main', name: 'Main', type: 'business_service', aliases: [], attributes: {}, relations: [] }];
  for (let i = 0; i < n; i++) {
    cis.push({ id: `ci-${prefix}-${i}`, name: `${prefix}-${String(i).padStart(5, '0')}`, type: 'host', aliases: [], attributes: {}, relations: [{ type: 'part_of', target: 'bs-main' }] });
  }
  return cis;
};

const UNICODE = ['Störung', 'недоступен', '服务不可用', 'タイムアウト', 'खराबी', 'αποτυχία', '🔥', '⚠️', 'ошибка', '데이터베이스'];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];

/** word is a random pronounceable token: masking (numbers, hex, ids) leaves it, so texts stay distinct templates. */
const word = (rng: Prng): string => {
  const c = 'bcdfghjklmnprstvz';
  const v = 'aeiou';
  let s = '';
  for (let i = 0, k = rng.int(2, 4); i < k; i++) s += (c[rng.int(0, c.length - 1)] ?? 'b') + (v[rng.int(0, v.length - 1)] ?? 'a');
  return s;
};

const SHAPES: Record<string, { what: string; build(n: number): Storm }> = {
  reference: {
    what: 'the throughput bench storm (10k-CI microservices shop, noise + failures), as many events',
    build(n) {
      const shop = generateShop({ seed: 4242, size: 10_000, shape: 'microservices' });
      const durationMs = Math.max(30 * MIN, Math.round(n / 300_000 * 6 * 60 * MIN));
      const noiseRate = Math.max(1, Math.round(n / 2.2 / (durationMs / MIN)));
      const storm = generateStorm(shop, { seed: 4242, durationMs, failures: Math.max(2, Math.round(n / 400)), noiseRate, flappingRate: 0.08, duplicateRate: 0.1, skewMs: 5_000, labelStyle: 'mixed', unmappedRate: 0.05, maxCisPerFailure: 80 });
      return { cis: shop.cis, events: storm.events.slice(0, n) };
    },
  },
  'one-ci': {
    what: 'one giant failure: n distinct alerts on one CI of one business service within 10 min',
    build(n) {
      const rng = createPrng(1);
      const cis = hostCis(1, 'hub');
      const at = spread(rng, n, 10 * MIN);
      const events = at.map((t, i) => event(`one-${i}`, t, {
        title: `Check ${i % 700} failed on hub-00000`, labels: { alertname: `Check${i % 700}`, host: 'hub-00000', check: `c${i}`, service: 'main' }, resource: { host: 'hub-00000' },
      }));
      return { cis, events };
    },
  },
  'hub-dependents': {
    what: 'a hub database with n dependents in the CMDB; the hub and then every dependent alert within 10 min',
    build(n) {
      const rng = createPrng(2);
      const cis: ConfigurationItem[] = [
        { id: 'bs-main', name: 'Main', type: 'business_service', aliases: [], attributes: {}, relations: [] },
        { id: 'ci-db-hub', name: 'db-hub', type: 'database', aliases: [], attributes: {}, relations: [{ type: 'part_of', target: 'bs-main' }] },
      ];
      for (let i = 0; i < n; i++) {
        cis.push({ id: `ci-app-${i}`, name: `app-${String(i).padStart(5, '0')}`, type: 'host', aliases: [], attributes: {}, relations: [{ type: 'depends_on', target: 'ci-db-hub' }, { type: 'part_of', target: 'bs-main' }] });
      }
      const at = spread(rng, n, 10 * MIN);
      const events = [event('hub', T0 - 1000, { title: 'db-hub down', labels: { alertname: 'DbDown', host: 'db-hub' }, resource: { host: 'db-hub' } })];
      at.forEach((t, i) => {
        const host = `app-${String(i).padStart(5, '0')}`;
        events.push(event(`dep-${i}`, t, { title: `${host}: database connection errors`, labels: { alertname: 'DbConnErrors', host }, resource: { host } }));
      });
      return { cis, events };
    },
  },
  'wide-labels': {
    what: '40 labels with unique values and a 4 KB unicode description per alert, 200 hosts, 30 min',
    build(n) {
      const rng = createPrng(3);
      const cis = hostCis(200, 'srv');
      const at = spread(rng, n, 30 * MIN);
      const events = at.map((t, i) => {
        const host = `srv-${String(rng.int(0, 199)).padStart(5, '0')}`;
        const labels: Record<string, string> = { alertname: `Probe${rng.int(0, 49)}`, host };
        for (let k = 0; k < 38; k++) labels[`label_${k}`] = `${UNICODE[rng.int(0, UNICODE.length - 1)] ?? ''}-${rng.hex(12)}-${i}`;
        let description = '';
        while (description.length < 4096) description += `${UNICODE[rng.int(0, UNICODE.length - 1)] ?? ''} ${word(rng)} ${rng.hex(8)} `;
        return event(`wide-${i}`, t, { title: `${labels['alertname'] ?? ''} ${UNICODE[i % UNICODE.length] ?? ''} on ${host} ${word(rng)}`, description, labels, resource: { host } });
      });
      return { cis, events };
    },
  },
  'unique-texts': {
    what: 'every alert text its own template (random words, numbers, ids), 1,000 hosts, 30 min',
    build(n) {
      const rng = createPrng(4);
      const cis = hostCis(1000, 'node');
      const at = spread(rng, n, 30 * MIN);
      const events = at.map((t, i) => {
        const host = `node-${String(rng.int(0, 999)).padStart(5, '0')}`;
        const title = `${word(rng)} ${word(rng)} job ${rng.int(1, 99999)} ${word(rng)} after ${rng.int(1, 9999)}.${rng.int(0, 9)}s on ${host} req ${rng.hex(8)}-${rng.hex(4)} ${word(rng)}`;
        return event(`uniq-${i}`, t, { title, description: `${title} ${word(rng)} ${word(rng)}`, labels: { alertname: `${word(rng)}_${word(rng)}`, host }, resource: { host } });
      });
      return { cis, events };
    },
  },
  'notopo-shared': {
    what: 'no CMDB, 1 h, every alert carries job=node and env=prod; 50 alertnames, hosts = n/5',
    build(n) {
      const rng = createPrng(5);
      const hosts = Math.max(10, Math.round(n / 5));
      const at = spread(rng, n, 60 * MIN);
      const events = at.map((t, i) => {
        const instance = `10.${(i % hosts) >> 16 & 255}.${(i % hosts) >> 8 & 255}.${i % hosts & 255}:9100`;
        const alertname = `Node${WORDS[rng.int(0, WORDS.length - 1)] ?? ''}${rng.int(0, 4)}`;
        return event(`nt-${i}`, t, { title: `${alertname} on ${instance}`, labels: { alertname, job: 'node', env: 'prod', instance }, resource: { instance: instance.split(':')[0] ?? '', job: 'node', environment: 'prod' } });
      });
      return { cis: [], events };
    },
  },
  'notopo-one-group': {
    what: 'no CMDB, one giant label-only failure: n pods of one deployment (distinct pod and node names) within 4 min',
    build(n) {
      const rng = createPrng(8);
      const at = spread(rng, n, 4 * MIN);
      const events = at.map((t, i) => {
        const pod = `checkout-7d9f${rng.hex(4)}-${rng.alnum(5)}`;
        const node = `ip-10-0-${i >> 8 & 255}-${i & 255}`;
        return event(`og-${i}`, t, { title: `Pod shop/${pod} is not ready`, labels: { alertname: 'KubePodNotReady', namespace: 'shop', pod, deployment: 'checkout', node }, resource: { namespace: 'shop', pod, workload: 'checkout', host: node } });
      });
      return { cis: [], events };
    },
  },
  flapping: {
    what: 'every alert flaps: n/8 alerts, each firing/resolved 4 times 20-60 s apart, 30 min, 500 hosts',
    build(n) {
      const rng = createPrng(6);
      const cis = hostCis(500, 'web');
      const alerts = Math.max(1, Math.round(n / 8));
      const events: Event[] = [];
      spread(rng, alerts, 30 * MIN).forEach((t0, i) => {
        const host = `web-${String(rng.int(0, 499)).padStart(5, '0')}`;
        let t = t0;
        for (let k = 0; k < 8; k++) {
          const status = k % 2 === 0 ? 'firing' : 'resolved';
          events.push(event(`flap-${i}`, t, { status, title: `HTTP check flapping on ${host}`, labels: { alertname: 'HttpCheck', host }, resource: { host } }));
          t += rng.int(20_000, 60_000);
        }
      });
      events.sort((a, b) => a.receivedAt - b.receivedAt);
      return { cis, events: events.slice(0, n) };
    },
  },
  'skewed-clocks': {
    what: 'occurredAt skewed ± the reorder tolerance, 3 % a year in the future, 1.5 % a year in the past, 1.5 % at 0; half resolve; 30 min, 2,000 hosts',
    build(n) {
      const rng = createPrng(7);
      const cis = hostCis(2000, 'vm');
      const fired = Math.round(n / 1.5);
      const events: Event[] = [];
      spread(rng, fired, 30 * MIN).forEach((t, i) => {
        const host = `vm-${String(rng.int(0, 1999)).padStart(5, '0')}`;
        const r = rng.next();
        const skew = r < 0.03 ? 365 * 24 * 60 * MIN : r < 0.045 ? -365 * 24 * 60 * MIN : r < 0.06 ? -t : rng.int(-2000, 2000);
        const o = { title: `Disk latency high on ${host}`, labels: { alertname: `Disk${i % 40}`, host }, resource: { host } };
        events.push(event(`skew-${i}`, t, { ...o, occurredAt: t + skew }));
        if (i % 2 === 0) {
          const t2 = t + rng.int(MIN, 10 * MIN);
          events.push(event(`skew-${i}`, t2, { ...o, status: 'resolved', occurredAt: t2 + skew }));
        }
      });
      events.sort((a, b) => a.receivedAt - b.receivedAt);
      return { cis, events: events.slice(0, n) };
    },
  },
};

interface ChildResult {
  shape: string; size: number; events: number; processed: number; truncated: boolean; alerts: number;
  cpuSeconds: number; eventsPerCpuSecond: number; heapBytes: number; held: number; bytesPerHeld: number | null;
  largestGroup: number; groupsOpened: number;
}

async function child(shape: string, size: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  // after a turn of the event loop: garbage made in this turn (the storm's JSON text) survives gc() until then
  const heap = async (): Promise<number> => {
    await new Promise((r) => setTimeout(r, 50));
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const correlateName = '@aiops/correlate';
  const cmdbName = '@aiops/cmdb';
  const correlate = (await import(correlateName)) as CorrelateModule;
  const cmdbMod = (await import(cmdbName)) as CmdbModule;
  const spec = SHAPES[shape];
  if (!spec) throw new Error(`unknown shape ${shape}`);
  // JSON round trip: generated texts are V8 cons-strings (built by concatenation) that the engine would
  // flatten while running, shrinking the storm's own heap and hiding the engine's
  const storm = JSON.parse(JSON.stringify(spec.build(size))) as Storm;
  const batchSize = Number(opt('batch', '1000'));
  const maxSeconds = Number(opt('max-seconds', '120'));
  const cmdb = cmdbMod.createCmdbGraph(storm.cis);
  const before = await heap();
  const engine = correlate.createCorrelationEngine(correlate.correlateConfig.parse(JSON.parse(opt('config', '{}'))), { cmdb });
  let cpuMicros = 0;
  let processed = 0;
  let largest = 0;
  const seen = (o: Output): void => {
    for (const g of o.groups) largest = Math.max(largest, g.memberCount ?? g.members.length);
  };
  const events = storm.events;
  for (let i = 0; i < events.length; i += batchSize) {
    if (cpuMicros / 1e6 > maxSeconds) break;
    const batch = events.slice(i, i + batchSize);
    const last = batch[batch.length - 1]?.receivedAt ?? 0;
    const c0 = process.cpuUsage();
    const o = engine.process(batch);
    const a = engine.advance(last);
    const c = process.cpuUsage(c0);
    cpuMicros += c.user + c.system;
    processed += batch.length;
    seen(o);
    seen(a);
  }
  const after = await heap();
  const stats = engine.stats();
  const fps = new Set<string>();
  for (let i = 0; i < processed; i++) fps.add((events[i] as Event).fingerprint);
  const r: ChildResult = {
    shape, size, events: events.length, processed, truncated: processed < events.length, alerts: fps.size,
    cpuSeconds: cpuMicros / 1e6, eventsPerCpuSecond: Math.round(processed / (cpuMicros / 1e6)),
    heapBytes: after - before, held: stats.alertsActive, bytesPerHeld: gc && stats.alertsActive > 0 ? Math.round((after - before) / stats.alertsActive) : null,
    largestGroup: largest, groupsOpened: stats.groupsOpened,
  };
  void engine;
  process.stdout.write(JSON.stringify(r) + '\n');
}

if (args[0] === '--child') {
  await child(String(args[1]), Number(args[2]));
} else {
  const shapes = opt('shapes', Object.keys(SHAPES).join(',')).split(',');
  const sizes = opt('sizes', '2000,8000,32000').split(',').map(Number);
  const pass = ['--batch', opt('batch', '1000'), '--max-seconds', opt('max-seconds', '120'), '--config', opt('config', '{}')];
  const results: ChildResult[] = [];
  const fmt = (x: number): string => x.toLocaleString('en');
  console.log('shape            events  alerts  CPU s   events/CPU-s  ratio  B/held alert    held  largest group  groups');
  for (const shape of shapes) {
    if (!SHAPES[shape]) { console.log(`unknown shape ${shape} (known: ${Object.keys(SHAPES).join(', ')})`); continue; }
    let prev: ChildResult | null = null;
    for (const size of sizes) {
      const stdout = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', fileURLToPath(import.meta.url), '--child', shape, String(size), ...pass], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
      results.push(r);
      const ratio = prev ? (r.eventsPerCpuSecond / prev.eventsPerCpuSecond).toFixed(2) : '';
      const flag = prev && r.eventsPerCpuSecond / prev.eventsPerCpuSecond < 0.5 ? '  SUPER-LINEAR?' : '';
      console.log(`${shape.padEnd(15)} ${fmt(r.processed).padStart(7)} ${fmt(r.alerts).padStart(7)} ${r.cpuSeconds.toFixed(1).padStart(6)} ${fmt(r.eventsPerCpuSecond).padStart(14)} ${ratio.padStart(6)} ${String(r.bytesPerHeld ?? 'n/a').padStart(13)} ${fmt(r.held).padStart(7)} ${fmt(r.largestGroup).padStart(14)} ${fmt(r.groupsOpened).padStart(7)}${r.truncated ? `  TRUNCATED at ${r.processed}/${r.events}` : ''}${flag}`);
      prev = r;
    }
  }
  console.log('\nshapes:');
  for (const s of shapes) if (SHAPES[s]) console.log(`  ${s}: ${SHAPES[s].what}`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ node: process.version, sizes, results }, null, 2) + '\n');
  console.log(`wrote ${out}`);
}
