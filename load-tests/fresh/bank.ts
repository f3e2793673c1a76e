/**
 * bank: a retail bank overnight. z/OS LPARs on two CECs run DB2 and MQ queue managers and the
 * Control-M batch (folders of job chains, with dependencies across folders); distributed Linux VMs on
 * ESX hosts run the payment, card, online-banking and SWIFT applications, which talk to the mainframe
 * over MQ channels and to DB2 and Oracle.
 *
 * What makes it unlike our other shops: the storm is the 8-hour batch window, and a failure's alerts
 * are spread over hours (an abended job makes downstream jobs miss their submission and end-time SLAs
 * at their scheduled times, long after the abend); the alerts of one failure come from different tools
 * about different objects (a job, a queue manager's channel, an application's latency); and the batch
 * itself is noisy (jobs running longer than average, trivial jobs failing).
 */
import type { Prng } from '../quality/prng.js';
import { after, EstateBuilder, flapIntervals, HOUR, MIN, relate, SEC, type Ci, type Estate, type FailureKind, type Fx, type NoiseCtx, type ShopModel } from './core.js';

interface Job { ci: Ci; folder: string; lpar: Ci; start: number; runMs: number; preds: Job[]; succs: Job[]; db2: boolean; lateSubMs: number | null; lateEndMs: number | null }

export interface BankEstate extends Estate {
  lpars: Ci[];
  jobs: Job[];
  jobOf: Map<string, Job>;
  db2: Ci[];
  qmz: Ci[];
  qmd: Array<{ qm: Ci; host: Ci; partner: Ci; apps: Ci[] }>;
  esx: Ci[];
  vmsOn: Map<string, Ci[]>;
  apps: Array<{ app: Ci; vms: Ci[] }>;
  oracle: { db: Ci; host: Ci; app: Ci };
  /** the storm's start (22:00): job times are offsets from it. */
}

const FOLDERS = [
  ['GLD', 'GL-EOD', 'EOD General Ledger'], ['PAY', 'PAYMENTS-NIGHT', 'SEPA payments'], ['CRD', 'CARDS-SETTLE', 'Card payments'],
  ['LON', 'LOANS-ACCRUAL', 'Lending'], ['STM', 'STATEMENTS', 'Customer statements'], ['AML', 'AML-SCREENING', 'AML screening'],
  ['RPT', 'REG-REPORTING', 'Regulatory reporting'], ['DWH', 'DWH-LOAD', 'Data warehouse'],
] as const;

function build(prng: Prng, size: number): BankEstate {
  const b = new EstateBuilder(prng.int(1000, 9000) * 1000);
  const cecs = ['CEC1', 'CEC2'].map((n) => b.add({ name: n, handle: n.toLowerCase(), type: 'server', role: 'cec', site: n === 'CEC1' ? 'DC1' : 'DC2' }));
  const lpars = ['MVSA', 'MVSB', 'MVSC', 'MVSD'].map((n, i) => { const l = b.add({ name: n, handle: n, type: 'mainframe', role: 'lpar', aliases: [n.toLowerCase()], attributes: { os: 'z/OS 2.5', sysplex: 'PLEXP1' } }); relate(l, 'runs_on', cecs[i < 2 ? 0 : 1] as Ci); return l; });
  const [mvsa, mvsb, mvsc] = lpars as [Ci, Ci, Ci, Ci];
  const db2p = b.add({ name: 'DB2P', type: 'database', role: 'db2', attributes: { technology: 'db2', data_sharing_group: 'DSNPG' } });
  relate(db2p, 'runs_on', mvsa); relate(db2p, 'runs_on', mvsc);
  const db2r = b.add({ name: 'DB2R', type: 'database', role: 'db2', attributes: { technology: 'db2' } });
  relate(db2r, 'runs_on', mvsb);
  const qmz = [['QMZ1', mvsa], ['QMZ2', mvsc]].map(([n, l]) => { const q = b.add({ name: n as string, type: 'queue', role: 'qmz', attributes: { technology: 'ibm-mq' } }); relate(q, 'runs_on', l as Ci); return q; });
  const esx = Array.from({ length: 6 }, (_, i) => b.add({ name: `esx0${i + 1}.dc${(i % 2) + 1}.bank.local`, handle: `esx0${i + 1}`, type: 'host', role: 'esx' }));
  const vmsOn = new Map<string, Ci[]>();
  const vm = (name: string): Ci => {
    const v = b.add({ name: `${name}.bank.local`, handle: name, type: 'vm', role: 'vm' });
    const h = prng.pick(esx);
    relate(v, 'runs_on', h);
    vmsOn.set(h.id, [...(vmsOn.get(h.id) ?? []), v]);
    return v;
  };
  const appDefs = [['payments-gateway', 'lxpayapp', 3], ['cards-auth', 'lxcrd', 2], ['online-banking', 'lxob', 4], ['swift-gateway', 'lxswf', 2], ['aml-screening', 'lxaml', 2], ['core-banking-api', 'lxcba', 3]] as const;
  const apps = appDefs.map(([name, prefix, n]) => {
    const app = b.add({ name, type: 'application', role: 'app' });
    const vms = Array.from({ length: n }, (_, i) => vm(`${prefix}0${i + 1}`));
    for (const v of vms) relate(app, 'runs_on', v);
    return { app, vms };
  });
  const appOf = (n: string): Ci => (apps.find((a) => a.app.name === n) as { app: Ci }).app;
  relate(appOf('core-banking-api'), 'depends_on', db2p);
  relate(appOf('cards-auth'), 'depends_on', db2p);
  const qmd = [['QMPAY01', 'lxmq01', 0, ['payments-gateway', 'swift-gateway']], ['QMCRD01', 'lxmq02', 1, ['cards-auth']], ['QMAML01', 'lxmq03', 0, ['aml-screening']]] as const;
  const qmds = qmd.map(([n, h, z, users]) => {
    const host = vm(h);
    const qm = b.add({ name: n, type: 'queue', role: 'qmd', attributes: { technology: 'ibm-mq' } });
    relate(qm, 'runs_on', host);
    const partner = qmz[z] as Ci;
    relate(qm, 'depends_on', partner);
    const us = users.map(appOf);
    for (const u of us) relate(u, 'depends_on', qm);
    return { qm, host, partner, apps: us };
  });
  const oraHost = vm('lxora01');
  const ora = b.add({ name: 'ORAOB', type: 'database', role: 'oracle', attributes: { technology: 'oracle' } });
  relate(ora, 'runs_on', oraHost);
  relate(appOf('online-banking'), 'depends_on', ora);
  relate(appOf('online-banking'), 'depends_on', appOf('core-banking-api'));
  const bs = new Map<string, Ci>();
  for (const [, , svc] of FOLDERS) if (!bs.has(svc)) bs.set(svc, b.add({ name: svc, type: 'business_service', role: 'bs' }));
  relate(bs.get('Card payments') as Ci, 'depends_on', appOf('cards-auth'));
  relate(bs.get('SEPA payments') as Ci, 'depends_on', appOf('payments-gateway'));
  const online = b.add({ name: 'Online banking', type: 'business_service', role: 'bs' });
  relate(online, 'depends_on', appOf('online-banking'));
  // the batch: folders of layered job chains
  const jobs: Job[] = [];
  const perFolder = Math.max(12, Math.floor((size - b.cis.length) / FOLDERS.length) - 1);
  const ends = new Map<string, Job>();
  FOLDERS.forEach(([pre, folder, svc], fi) => {
    const fci = b.add({ name: folder, type: 'application', role: 'folder', attributes: { scheduler: 'control-m' } });
    relate(bs.get(svc) as Ci, 'depends_on', fci);
    const lpar = fi % 3 === 2 ? mvsb : prng.pick([mvsa, mvsc]);
    const layers: Job[][] = [];
    let n = 0;
    const base = prng.int(0, 150) * MIN;
    while (n < perFolder) {
      const width = Math.min(perFolder - n, prng.int(1, 4));
      const layer: Job[] = [];
      for (let k = 0; k < width; k++, n++) {
        const name = `${pre}${String.fromCharCode(68 + (fi % 20))}${String(n * 10 + 100).padStart(4, '0')}`;
        const ci = b.add({ name, type: 'batch_job', role: 'job', attributes: { folder, scheduler: 'control-m' } });
        relate(ci, 'part_of', fci);
        relate(ci, 'runs_on', lpar);
        const j: Job = { ci, folder, lpar, start: base, runMs: prng.int(2, 15) * MIN, preds: [], succs: [], db2: prng.chance(0.6), lateSubMs: null, lateEndMs: null };
        if (j.db2) relate(ci, 'depends_on', fi % 3 === 2 ? db2r : db2p);
        const prev = layers[layers.length - 1];
        if (prev) for (const p of prng.shuffle([...prev]).slice(0, prng.int(1, Math.min(2, prev.length)))) { j.preds.push(p); p.succs.push(j); relate(ci, 'depends_on', p.ci); }
        layer.push(j);
        jobs.push(j);
      }
      layers.push(layer);
    }
    // cross-folder: statements wait for the ledger, AML for payments, reporting for loans, DWH for cards
    const dep = { STM: 'GLD', AML: 'PAY', RPT: 'LON', DWH: 'CRD' }[pre as string];
    const first = layers[0]?.[0];
    if (dep && first && ends.has(dep)) { const p = ends.get(dep) as Job; first.preds.push(p); p.succs.push(first); relate(first.ci, 'depends_on', p.ci); }
    const lastLayer = layers[layers.length - 1] ?? [];
    const end = lastLayer[lastLayer.length - 1];
    if (end) ends.set(pre, end);
  });
  // nominal schedule (topological: jobs were created after their predecessors)
  for (const j of jobs) {
    j.start = Math.max(j.start, ...j.preds.map((p) => p.start + p.runMs)) + prng.int(0, 3) * MIN;
    if (prng.chance(0.3)) j.lateSubMs = prng.int(15, 45) * MIN;
    if (j.succs.length === 0 || prng.chance(0.1)) j.lateEndMs = prng.int(20, 60) * MIN;
  }
  return { ...b.done(), lpars, jobs, jobOf: new Map(jobs.map((j) => [j.ci.id, j])), db2: [db2p, db2r], qmz, qmd: qmds, esx, vmsOn, apps, oracle: { db: ora, host: oraHost, app: appOf('online-banking') } };
}

const ODATE = '261207';
const ctm = (j: Job, kind: string, title: string, text: string, level: 'critical' | 'major' | 'minor' | 'warning') => ({
  ci: j.ci.id, sender: 'ctm' as const, key: `${kind}:${j.ci.name}`, title, text, level,
  labels: { data_center: 'CTMPRD', application: j.folder, job: j.ci.name, node_id: j.lpar.handle.toLowerCase(), order_date: ODATE },
});
const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

/** delayDownstream: every descendant of `from` starts `delay` later; those with a submission or end SLA alert at their deadline. */
function delayDownstream(fx: Fx, base: number, from: Job, delay: number, p: number): number {
  const seen = new Set<Job>();
  const queue = [...from.succs];
  let n = 0;
  while (queue.length > 0) {
    const j = queue.shift() as Job;
    if (seen.has(j)) continue;
    seen.add(j);
    queue.push(...j.succs);
    n++;
    const start = base + j.start;
    if (j.lateSubMs !== null && delay > j.lateSubMs) {
      const due = start + j.lateSubMs;
      fx.emit({ ...ctm(j, 'latesub', `Job ${j.ci.name} not submitted by ${hhmm(due)}`, `LATESUB: job ${j.ci.name} (${j.folder}) waiting for predecessors past its submission time`, 'minor'), intervals: [[due, start + delay]] }, p);
    }
    if (j.lateEndMs !== null && delay > j.lateEndMs) {
      const due = start + j.runMs + j.lateEndMs;
      fx.emit({ ...ctm(j, 'lateend', `Job ${j.ci.name} did not end by ${hhmm(due)} (SLA)`, `LATETIME: ${j.folder} end-of-chain job ${j.ci.name} missed its end time`, 'major'), intervals: [[due, start + j.runMs + delay]] }, p);
    }
  }
  return n;
}

const kinds: Array<FailureKind<BankEstate>> = [
  {
    kind: 'job-abend', weight: 5, roots: (e) => e.jobs.filter((j) => j.succs.length > 0 && j.start > 10 * MIN && j.start < 6 * HOUR).map((j) => j.ci),
    unfold(e, root, fx) {
      const j = e.jobOf.get(root.id) as Job;
      // the abend happens when the job runs: its scheduled start in tonight's window
      const at = fx.stormStart + j.start + fx.prng.int(1 * MIN, Math.max(2 * MIN, j.runMs));
      const code = fx.prng.pick(['S0C7', 'S0C4', 'U4038', 'SQLCODE -805', 'S322', 'U0016', 'S806']);
      const rerun = at + fx.prng.int(20 * MIN, 2 * HOUR);
      const again = fx.prng.chance(0.25);
      const intervals: Array<[number, number | null]> = again ? [[at, rerun], [rerun + fx.prng.int(2 * MIN, 10 * MIN), rerun + 40 * MIN]] : [[at, rerun]];
      fx.emit({ ...ctm(j, 'notok', `Job ${j.ci.name} ended NOTOK`, `Job ${j.ci.name} (${j.folder}) on ${j.lpar.handle} ended NOTOK, completion code ${code}`, 'critical'), intervals }, 0.95);
      const delay = (again ? rerun + 40 * MIN : rerun) + j.runMs - (fx.stormStart + j.start + j.runMs);
      const reached = delayDownstream(fx, fx.stormStart, j, delay, 0.9);
      if (j.succs.length > 0 && reached > 3) fx.emit({ ci: null, sender: 'probe', key: `mft:${j.folder}`, title: `Expected file from ${j.folder} not received`, text: `managed file transfer: outbound file for ${j.folder} missing at cut-off`, level: 'major', labels: { monitor: 'mft', flow: `${j.folder}-OUT` }, intervals: [[at + delay, at + delay + 30 * MIN]] }, 0.4);
      return { reached, at };
    },
  },
  {
    kind: 'db2-contention', weight: 2, roots: (e) => e.db2,
    unfold(e, root, fx) {
      const fix = after(fx.prng, fx.at, [20 * MIN, 90 * MIN]);
      const lpar = e.byId.get(root.relations.find((r) => r.type === 'runs_on')?.target ?? '') ?? e.lpars[0] as Ci;
      fx.emit({ ci: root.id, sender: 'omegamon', key: `sit:${root.name}:Lock_Timeouts`, title: `${root.name}_Lock_Timeouts_High`, text: `${root.name}: lock timeouts ${fx.prng.int(40, 400)}/min, deadlocks ${fx.prng.int(2, 30)}`, level: 'major', labels: { situation: `${root.name}_Lock_Timeouts_High`, host: lpar.handle, subsystem: root.name }, intervals: [[fx.at, fix]] }, 0.8);
      fx.emit({ ci: root.id, sender: 'omegamon', key: `sit:${root.name}:Thread_Wait`, title: `${root.name}_Thread_Waits`, text: `${root.name}: ${fx.prng.int(30, 200)} threads waiting on locks`, level: 'warning', labels: { situation: `${root.name}_Thread_Waits`, host: lpar.handle, subsystem: root.name }, intervals: [[fx.at + fx.prng.int(0, 3 * MIN), fix]] }, 0.6);
      const w = fx.stormStart;
      let reached = 0;
      const users = e.jobs.filter((j) => j.db2 && (j.ci.relations.some((r) => r.target === root.id)) && w + j.start < fix && w + j.start + j.runMs > fx.at);
      for (const j of users) {
        reached++;
        if (fx.prng.chance(0.25)) {
          const at = Math.max(fx.at, w + j.start) + fx.prng.int(1 * MIN, 10 * MIN);
          fx.emit({ ...ctm(j, 'notok', `Job ${j.ci.name} ended NOTOK`, `Job ${j.ci.name} (${j.folder}) ended NOTOK, SQLCODE -911 (deadlock or timeout, rolled back)`, 'critical'), intervals: [[at, fix + 15 * MIN]] }, 0.9);
          reached += delayDownstream(fx, w, j, fix + 15 * MIN - at, 0.7);
        } else {
          fx.emit({ ...ctm(j, 'exectime', `Job ${j.ci.name} running longer than expected`, `EXECTIME: job ${j.ci.name} has run for more than 150% of its average`, 'warning'), intervals: [[Math.max(fx.at, w + j.start) + Math.floor(j.runMs * 1.5), fix]] }, 0.5);
        }
      }
      if (root.name === 'DB2P') {
        for (const a of e.apps.filter((x) => ['core-banking-api', 'cards-auth'].includes(x.app.name))) {
          reached++;
          fx.emit({ ci: a.app.id, sender: 'am', key: `lat:${a.app.name}`, title: `${a.app.name}: p99 latency above 2s`, text: 'histogram_quantile(0.99, http_server_requests_seconds) > 2', level: 'major', labels: { alertname: 'HighRequestLatency', job: a.app.name, env: 'prod', team: 'core-banking' }, forMs: 5 * MIN, intervals: [[fx.at + fx.prng.int(0, 2 * MIN), fix]] }, 0.7);
        }
      }
      return { reached };
    },
  },
  {
    kind: 'mq-qmgr', weight: 2, roots: (e) => [...e.qmz, ...e.qmd.map((q) => q.qm)],
    unfold(e, root, fx) {
      const fix = after(fx.prng, fx.at, [15 * MIN, 2 * HOUR]);
      const ownHost = e.qmd.find((q) => q.qm === root)?.host;
      if (ownHost) fx.emit({ ci: root.id, sender: 'icinga', key: `qmgr:${root.name}`, host: ownHost.handle, title: `${root.name} queue manager not running`, text: `CRITICAL - queue manager ${root.name} status ENDED UNEXPECTEDLY`, level: 'critical', labels: { service: `mq_qmgr_${root.name}`, qmgr: root.name }, intervals: [[fx.at, fix]] }, 0.8);
      else fx.emit({ ci: root.id, sender: 'omegamon', key: `sit:${root.name}:chin`, title: `${root.name}_ChInit_Not_Active`, text: `${root.name}: channel initiator not active`, level: 'critical', labels: { situation: `${root.name}_ChInit_Not_Active`, host: (e.byId.get(root.relations[0]?.target ?? '') ?? root).handle, subsystem: root.name, product: 'OMEGAMON for Messaging' }, intervals: [[fx.at, fix]] }, 0.7);
      let reached = 0;
      // channels to and from it retry; transmit queues fill; the apps behind them time out
      for (const q of e.qmd.filter((x) => x.partner === root || x.qm === root)) {
        reached++;
        const other = q.qm === root ? q.partner : q.qm;
        if (q.qm !== root) {
          fx.emit({ ci: q.qm.id, sender: 'icinga', key: `chl:${q.qm.name}:${root.name}`, host: q.host.handle, title: `channel TO.${root.name} RETRYING`, text: `CRITICAL - channel TO.${root.name} on ${q.qm.name} is RETRYING (AMQ9202 remote host not available)`, level: 'critical', labels: { service: `mq_channel_TO.${root.name}`, qmgr: q.qm.name }, intervals: [[fx.at + fx.prng.int(0, 60 * SEC), fix]] }, 0.9);
          fx.emit({ ci: q.qm.id, sender: 'icinga', key: `xmitq:${q.qm.name}:${root.name}`, host: q.host.handle, title: `queue ${root.name}.XMITQ depth high`, text: `WARNING - ${root.name}.XMITQ current depth ${fx.prng.int(5000, 40000)}`, level: 'minor', labels: { service: `mq_queue_${root.name}.XMITQ`, qmgr: q.qm.name }, intervals: [[fx.at + fx.prng.int(5 * MIN, 15 * MIN), fix]] }, 0.7);
        } else {
          fx.emit({ ci: other.id, sender: 'omegamon', key: `sit:${other.name}:chl:${root.name}`, title: `${other.name}_Channel_Retrying`, text: `${other.name}: channel TO.${root.name} RETRYING`, level: 'major', labels: { situation: `${other.name}_Channel_Retrying`, host: (e.byId.get(other.relations[0]?.target ?? '') ?? other).handle, subsystem: other.name, channel: `TO.${root.name}` }, intervals: [[fx.at + fx.prng.int(0, 2 * MIN), fix]] }, 0.7);
        }
        for (const a of q.apps) {
          reached++;
          fx.emit({ ci: a.id, sender: 'am', key: `mqto:${a.name}`, title: `${a.name}: MQ reply timeouts`, text: 'rate(mq_request_timeouts_total[5m]) > 1', level: 'major', labels: { alertname: 'MQReplyTimeouts', job: a.name, env: 'prod', team: 'payments' }, forMs: 3 * MIN, intervals: [[fx.at + fx.prng.int(30 * SEC, 4 * MIN), fix]] }, 0.6);
        }
      }
      return { reached };
    },
  },
  {
    kind: 'esx-down', weight: 2, roots: (e) => e.esx,
    unfold(e, root, fx) {
      const back = fx.at + fx.prng.int(4 * MIN, 12 * MIN); // HA restarts the VMs elsewhere
      let reached = 0;
      for (const v of e.vmsOn.get(root.id) ?? []) {
        reached++;
        fx.emit({ ci: v.id, sender: 'zabbix', key: `icmp:${v.handle}`, host: v.handle, title: 'Unavailable by ICMP ping', text: 'ICMP ping', level: 'major', labels: { component: 'system', scope: 'availability' }, intervals: [[fx.at, after(fx.prng, back)]] }, 0.85);
        const app = e.apps.find((a) => a.vms.includes(v));
        if (app) fx.emit({ ci: app.app.id, sender: 'am', key: `down:${v.handle}`, title: `${app.app.name} instance ${v.handle} down`, text: 'up == 0', level: 'critical', labels: { alertname: 'InstanceDown', job: app.app.name, instance: `${v.name}:9100`, env: 'prod' }, forMs: 1 * MIN, intervals: [[fx.at, after(fx.prng, back)]] }, 0.8);
      }
      return { reached };
    },
  },
  {
    kind: 'lpar-loss', weight: 1, roots: (e) => e.lpars,
    unfold(e, root, fx) {
      const fix = after(fx.prng, fx.at, [30 * MIN, 2 * HOUR]);
      fx.emit({ ci: root.id, sender: 'omegamon', key: `sit:${root.name}:down`, title: `${root.name}_System_Not_Responding`, text: `managed system ${root.name}:MVSSYS offline`, level: 'critical', labels: { situation: 'MVS_System_Offline', host: root.handle }, intervals: [[fx.at, fix]] }, 0.7);
      const w = fx.stormStart;
      let reached = 0;
      for (const j of e.jobs.filter((x) => x.lpar === root && w + x.start < fx.at && w + x.start + x.runMs > fx.at)) {
        reached++;
        fx.emit({ ...ctm(j, 'notok', `Job ${j.ci.name} ended NOTOK`, `Job ${j.ci.name} (${j.folder}) ended NOTOK: agent ${root.handle.toLowerCase()} unavailable`, 'critical'), intervals: [[fx.at + fx.prng.int(30 * SEC, 3 * MIN), fix]] }, 0.9);
        reached += delayDownstream(fx, w, j, fix - (w + j.start), 0.6);
      }
      for (const d of e.db2.filter((x) => x.relations.some((r) => r.target === root.id))) {
        reached++;
        fx.emit({ ci: d.id, sender: 'omegamon', key: `sit:${d.name}:member:${root.name}`, title: `${d.name}_Member_Down`, text: `${d.name} member on ${root.name} not active`, level: 'critical', labels: { situation: `${d.name}_Member_Down`, host: root.handle, subsystem: d.name }, intervals: [[fx.at + fx.prng.int(0, 90 * SEC), fix]] }, 0.8);
      }
      for (const q of e.qmd.filter((x) => x.partner.relations.some((r) => r.target === root.id))) {
        reached++;
        fx.emit({ ci: q.qm.id, sender: 'icinga', key: `chl:${q.qm.name}:${q.partner.name}`, host: q.host.handle, title: `channel TO.${q.partner.name} RETRYING`, text: `CRITICAL - channel TO.${q.partner.name} on ${q.qm.name} is RETRYING`, level: 'critical', labels: { service: `mq_channel_TO.${q.partner.name}`, qmgr: q.qm.name }, intervals: [[fx.at + fx.prng.int(0, 60 * SEC), fix]] }, 0.85);
      }
      return { reached };
    },
  },
  {
    kind: 'oracle-archiver', weight: 1, roots: (e) => [e.oracle.db],
    unfold(e, root, fx) {
      const fix = after(fx.prng, fx.at, [10 * MIN, 50 * MIN]);
      fx.emit({ ci: root.id, sender: 'zabbix', key: `ora:${root.name}:arch`, host: e.oracle.host.handle, title: `Oracle ${root.name}: archiver stuck (ORA-00257)`, text: 'oracle.alertlog', level: 'critical', labels: { component: 'database', application: 'oracle', instance_name: root.name }, intervals: [[fx.at, fix]] }, 0.9);
      fx.emit({ ci: e.oracle.app.id, sender: 'am', key: `err:${e.oracle.app.name}`, title: `${e.oracle.app.name}: 5xx ratio above 5%`, text: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05', level: 'critical', labels: { alertname: 'HighErrorRate', job: e.oracle.app.name, env: 'prod', team: 'digital' }, forMs: 2 * MIN, intervals: [[fx.at + fx.prng.int(0, 60 * SEC), fix]] }, 0.8);
      fx.emit({ ci: e.oracle.app.id, sender: 'icinga', key: `http:login`, host: 'www.bank.example', title: 'online banking login check', text: 'HTTP CRITICAL: HTTP/1.1 503 Service Unavailable - login page', level: 'critical', labels: { service: 'http_login' }, intervals: [[fx.at + fx.prng.int(0, 2 * MIN), fix]] }, 0.6);
      return { reached: 2 };
    },
  },
];

function noise(e: BankEstate, n: NoiseCtx): void {
  const { prng } = n;
  const w = n.start;
  // jobs that run long every night, and trivial jobs (no successors) that fail
  for (const j of e.jobs.filter(() => prng.chance(0.05 * n.rate))) {
    const s = w + j.start + Math.floor(j.runMs * 1.5);
    n.emit({ ...ctm(j, 'exectime', `Job ${j.ci.name} running longer than expected`, `EXECTIME: job ${j.ci.name} has run for more than 150% of its average`, 'warning'), intervals: [[s, s + prng.int(5 * MIN, 30 * MIN)]] });
  }
  for (const j of e.jobs.filter((x) => x.succs.length === 0 && prng.chance(0.05 * n.rate))) {
    const s = w + j.start + prng.int(1 * MIN, 5 * MIN);
    n.emit({ ...ctm(j, 'notok', `Job ${j.ci.name} ended NOTOK`, `Job ${j.ci.name} (${j.folder}) ended NOTOK, completion code ${prng.pick(['RC=0008', 'RC=0004', 'S222'])}`, 'critical'), intervals: [[s, s + prng.int(20 * MIN, 3 * HOUR)]] });
  }
  const vms = e.cis.filter((c) => c.role === 'vm');
  for (const t of n.poisson(1.2)) {
    const v = prng.pick(vms);
    const fs = prng.pick(['/var', '/opt/app/logs', '/tmp', '/u01']);
    n.emit({ ci: v.id, sender: 'zabbix', key: `fs:${v.handle}:${fs}`, host: v.handle, title: `${fs}: Disk space is low (used > 85%)`, text: `vfs.fs.size[${fs},pused]`, level: 'warning', labels: { component: 'storage', filesystem: fs }, intervals: [[t, null]] });
  }
  for (const t of n.poisson(1)) {
    const q = prng.pick(e.qmd);
    const queue = prng.pick(['PAY.IN.REQ', 'CRD.AUTH.REQ', 'AML.SCREEN.IN', 'SYSTEM.DEAD.LETTER.QUEUE']);
    n.emit({ ci: q.qm.id, sender: 'icinga', key: `qdepth:${q.qm.name}:${queue}`, host: q.host.handle, title: `queue ${queue} depth high`, text: `WARNING - ${queue} current depth ${prng.int(1000, 9000)}`, level: 'minor', labels: { service: `mq_queue_${queue}`, qmgr: q.qm.name }, intervals: flapIntervals(prng, t, t + prng.int(10 * MIN, 60 * MIN), prng.int(1, 4), [2 * MIN, 10 * MIN]) });
  }
  for (const l of e.lpars) {
    if (!prng.chance(0.6 * n.rate)) continue;
    const t = w + prng.int(2 * HOUR, 5 * HOUR);
    n.emit({ ci: l.id, sender: 'omegamon', key: `sit:${l.name}:cpu`, title: `${l.name}_CPU_Busy_High`, text: `${l.name}: CPU busy 98% (batch peak)`, level: 'warning', labels: { situation: 'MVS_CPU_Busy_High', host: l.handle }, intervals: flapIntervals(prng, t, t + prng.int(20 * MIN, 90 * MIN), prng.int(1, 3), [5 * MIN, 15 * MIN]) });
  }
  for (const t of n.poisson(0.3)) {
    const a = prng.pick(e.apps);
    n.emit({ ci: a.app.id, sender: 'am', key: `cert:${a.app.name}`, title: `TLS certificate of ${a.app.name} expires in ${prng.int(5, 20)} days`, text: 'probe_ssl_earliest_cert_expiry - time() < 86400 * 21', level: 'warning', labels: { alertname: 'CertificateExpiresSoon', job: 'blackbox', instance: `https://${a.app.name}.bank.local`, env: 'prod' }, forMs: 10 * MIN, intervals: [[t, null]] });
  }
  for (const t of n.poisson(0.8)) {
    const a = prng.pick(e.apps);
    n.emit({ ci: a.app.id, sender: 'am', key: `gc:${a.app.name}:${Math.floor(t / HOUR)}`, title: `${a.app.name}: long GC pauses`, text: 'jvm_gc_pause_seconds p99 > 1s', level: 'warning', labels: { alertname: 'JvmGcPauseLong', job: a.app.name, instance: `${prng.pick(a.vms).name}:8080`, env: 'prod' }, forMs: 5 * MIN, intervals: [[t, t + prng.int(6 * MIN, 30 * MIN)]] });
  }
  // the nightly backup job that fails every night, and the trap of a noisy storage array
  const bkp = e.jobs.find((j) => j.succs.length === 0 && j.folder === 'DWH-LOAD');
  if (bkp) n.emit({ ...ctm(bkp, 'notok', `Job ${bkp.ci.name} ended NOTOK`, `Job ${bkp.ci.name} ended NOTOK, completion code RC=0012 (known issue)`, 'critical'), intervals: [[w + 3 * HOUR, null]] });
}

export const BANK: ShopModel<BankEstate> = {
  shape: 'bank',
  build,
  kinds,
  noise,
};
