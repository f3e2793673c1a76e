#!/usr/bin/env node
// HTTP load against a running gateway: N connections posting generic events (1 event per request by
// default) for D seconds; prints requests/s, events/s and latency percentiles, and the status counts.
//   node services/gateway/bench/http-load.mjs --url http://127.0.0.1:8080 --token-file .aiops/dev-token [--connections 64] [--seconds 10] [--events 1]
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const url = arg('url', 'http://127.0.0.1:8080');
const token = readFileSync(arg('token-file', '.aiops/dev-token'), 'utf8').trim();
const connections = Number(arg('connections', '64'));
const seconds = Number(arg('seconds', '10'));
const perRequest = Number(arg('events', '1'));
const pool = new Pool(url, { connections, pipelining: 1 });
const statuses = new Map();
const lat = [];
let seq = 0;
const until = Date.now() + seconds * 1000;

async function worker(w) {
  while (Date.now() < until) {
    const events = Array.from({ length: perRequest }, () => ({ title: 'load test', severity: 'warning', fingerprint: `load-${w}-${seq++}`, labels: { host: `h${seq % 100}`, job: 'load' } }));
    const t0 = performance.now();
    const r = await pool.request({ path: '/api/v1/events/generic', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
    await r.body.dump();
    lat.push(performance.now() - t0);
    statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
  }
}
const t0 = Date.now();
await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
const secs = (Date.now() - t0) / 1000;
lat.sort((a, b) => a - b);
const p = (q) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))].toFixed(1);
const ok = statuses.get(202) ?? 0;
console.log(JSON.stringify({ connections, seconds: secs, requests: lat.length, rps: Math.round(lat.length / secs), eventsPerSecond: Math.round((ok * perRequest) / secs), p50ms: p(0.5), p99ms: p(0.99), statuses: Object.fromEntries(statuses) }));
await pool.close();
