import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startService, type ServiceProcess } from '@aiops/testkit';
import type { Scenario } from '../quality/scenarios.js';
import type { Storm } from '../quality/storm.js';
import type { PredictedGroup } from '../quality/scorer.js';
import { pacedBatches, toGenericEvent } from './feed.js';

// load-tests/pipeline/ in source (vitest), load-tests/dist/pipeline/ compiled.
const here = import.meta.dirname;
const repoRoot = resolve(here, here.includes('/dist/') ? '../../..' : '../..');

/** throughPipeline runs one storm through cmdb import → gateway → Kafka → correlator → console and returns the groups the console serves. */
export async function throughPipeline(s: Scenario, storm: Storm, cmdb: readonly unknown[], speedup: number): Promise<{ groups: PredictedGroup[]; postMs: number }> {
  const ns = `pipe-${s.name.replace(/[^a-z0-9]+/gi, '-')}-${randomBytes(3).toString('hex')}`;
  const token = randomBytes(24).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'aiops-pipeline-'));
  const env = {
    AIOPS_KAFKA_BROKERS: process.env.AIOPS_KAFKA_BROKERS ?? '',
    AIOPS_KAFKA_NAMESPACE: ns,
    AIOPS_CLICKHOUSE_URL: process.env.AIOPS_CLICKHOUSE_URL ?? '',
    AIOPS_LOG_LEVEL: 'warn',
    AIOPS_API_TOKENS: JSON.stringify([{ name: 'bench', sha256: createHash('sha256').update(token).digest('hex'), roles: ['admin'] }]),
  };
  // The CMDB goes in the way users put it in: the CLI's import (validation + compacted topic).
  const cmdbFile = join(dir, 'cmdb.json');
  writeFileSync(cmdbFile, JSON.stringify(cmdb));
  const imp = spawnSync(process.execPath, [join(repoRoot, 'services/cli/dist/main.js'), 'cmdb', 'import', cmdbFile], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (imp.status !== 0 && cmdb.length > 0) throw new Error(`aiops cmdb import failed (${imp.status}):\n${imp.stderr}${imp.stdout}`);
  const procs: ServiceProcess[] = [];
  try {
    const [pc, pk, pg] = [await freePort(), await freePort(), await freePort()];
    procs.push(await startService('correlator', { port: pc, env: { ...env, AIOPS_CORRELATOR_PORT: String(pc) } }));
    const console_ = await startService('console', { port: pk, env: { ...env, AIOPS_CONSOLE_PORT: String(pk) } });
    procs.push(console_);
    const gateway = await startService('gateway', { port: pg, env: { ...env, AIOPS_GATEWAY_PORT: String(pg) } });
    procs.push(gateway);
    const auth = { authorization: `Bearer ${token}` };
    await waitCmdb(`${procs[0]!.baseUrl}/api/cmdb/quality`, auth, cmdb.length);

    const t0 = performance.now();
    let sent = 0;
    for await (const batch of pacedBatches(storm.events, speedup, 100)) {
      const r = await fetch(`${gateway.baseUrl}/api/v1/events/generic`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(batch.map(toGenericEvent)),
      });
      if (r.status !== 202 && r.status !== 200) throw new Error(`gateway answered ${r.status}: ${await r.text()}`);
      sent += batch.length;
      progress(`${s.name}: posted ${sent}/${storm.events.length} events`);
    }
    const postMs = performance.now() - t0;
    const alerts = new Set(storm.events.map((e) => e.fingerprint)).size;
    const groups = await settledGroups(console_.baseUrl, auth, alerts, s.name);
    process.stderr.write('\n');
    return { groups, postMs };
  } finally {
    for (const p of procs.reverse()) await p.kill();
  }
}

function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${text}   `);
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const r = await fetch(url, { headers });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** waitCmdb: the correlator reads the CMDB topic at start; wait until it holds every CI. */
async function waitCmdb(url: string, headers: Record<string, string>, n: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const q = await getJson<{ cmdbItems: number }>(url, headers);
    if (q.cmdbItems >= n) return;
    if (Date.now() > deadline) throw new Error(`correlator holds ${q.cmdbItems}/${n} CIs after 60 s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * settledGroups waits until the console has seen every alert and nothing changed for a few seconds
 * (the engine releases the last events as its wall clock passes the reorder tolerance), then reads
 * what an evaluator would: every alert with its current group, and each group's root cause.
 */
async function settledGroups(base: string, headers: Record<string, string>, alerts: number, name: string): Promise<PredictedGroup[]> {
  const deadline = Date.now() + 300_000;
  let last = '';
  let stableSince = Date.now();
  for (;;) {
    const stats = await getJson<{ groups: number; alerts: number; caughtUp: boolean }>(`${base}/api/v1/view-stats`, headers);
    const key = JSON.stringify(stats);
    if (key !== last) {
      last = key;
      stableSince = Date.now();
    }
    progress(`${name}: console holds ${stats.alerts}/${alerts} alerts, ${stats.groups} groups`);
    if (stats.alerts >= alerts && stats.caughtUp && Date.now() - stableSince > 5_000) break;
    if (Date.now() > deadline) throw new Error(`console did not settle within 300 s: ${key}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  // The evaluator's view: every alert with the group it is in now, and each group's root cause.
  const roots = new Map<string, string | null>();
  for (const g of await pages<{ id: string; rootCause?: { ciId: string } | null }>(`${base}/api/v1/groups`, headers)) roots.set(g.id, g.rootCause?.ciId ?? null);
  const members = new Map<string, string[]>();
  for (const a of await pages<{ fingerprint: string; groupId: string | null }>(`${base}/api/v1/alerts`, headers)) {
    if (a.groupId === null) continue;
    const m = members.get(a.groupId) ?? [];
    m.push(a.fingerprint);
    members.set(a.groupId, m);
  }
  return [...members].map(([id, fps]) => ({ members: fps, rootCauseCi: roots.get(id) ?? null }));
}

async function pages<T>(url: string, headers: Record<string, string>): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await getJson<{ items: T[]; total: number }>(`${url}?limit=500&offset=${offset}`, headers);
    out.push(...page.items);
    if (offset + 500 >= page.total) return out;
  }
}

