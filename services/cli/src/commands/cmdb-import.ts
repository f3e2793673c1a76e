import { readFileSync } from 'node:fs';
import { createKafkaClient, kafkaConfig } from '@aiops/kafka';
import { parseCmdbCsv, parseCmdbJson, type ParsedCmdb } from '@aiops/cmdb';
import { createTelemetry } from '@aiops/telemetry';
import { parseCsv } from '@aiops/config';
import { parseFlags, type Command } from '../command.js';

function parseFile(file: string): ParsedCmdb {
  const text = readFileSync(file, 'utf8');
  return file.toLowerCase().endsWith('.csv') ? parseCmdbCsv(text) : parseCmdbJson(text);
}

/**
 * cmdb: `import` validates a JSON or CSV file (errors with line and field), then publishes every CI to
 * the compacted aiops.cmdb.v1 topic keyed by id (or tombstones with --delete); `quality` prints the
 * correlator's data-quality report (hints that matched no CI).
 */
export const cmdbCommand: Command = {
  name: 'cmdb',
  summary: 'import a CMDB file (JSON/CSV) to aiops.cmdb.v1, or show the CI matching quality report',
  usage: [
    'aiops cmdb import <file.json|file.csv> [--dry-run] [--delete] [--partial]',
    '  validates every item (errors: file:line: field: reason), then publishes to aiops.cmdb.v1 keyed by CI id;',
    '  --delete publishes tombstones for the ids in the file; --partial publishes the valid items even when others fail',
    'aiops cmdb quality [--url http://127.0.0.1:8082] [--token T]',
    '  the correlator\'s report of resource hints that matched no CI (AIOPS_CORRELATOR_URL, AIOPS_API_TOKEN)',
    'env: AIOPS_KAFKA_BROKERS, AIOPS_KAFKA_NAMESPACE',
  ].join('\n'),
  async run(argv, env) {
    const { flags, positionals } = parseFlags(argv);
    const sub = positionals[0];
    if (sub === 'quality') {
      const url = String(flags.get('url') ?? env.AIOPS_CORRELATOR_URL ?? 'http://127.0.0.1:8082');
      const token = flags.get('token') ?? env.AIOPS_API_TOKEN;
      const res = await fetch(`${url.replace(/\/$/, '')}/api/cmdb/quality`, { headers: typeof token === 'string' ? { authorization: `Bearer ${token}` } : {} });
      if (!res.ok) {
        console.error(`correlator answered ${res.status}: ${await res.text()}`);
        return 1;
      }
      const q = (await res.json()) as { cmdbItems: number; matched: Record<string, number>; unmatched: number; hints: Array<{ hint: string; value: string; count: number }> };
      const matched = Object.values(q.matched).reduce((a, b) => a + b, 0);
      console.log(`CIs in memory: ${q.cmdbItems}; events matched: ${matched} (${Object.entries(q.matched).map(([k, v]) => `${k}=${v}`).join(', ')}); unmatched: ${q.unmatched}`);
      console.log('hints that matched no CI (most frequent first):');
      for (const h of q.hints) console.log(`  ${String(h.count).padStart(7)}  ${h.hint.padEnd(9)} ${h.value}`);
      return 0;
    }
    const file = positionals[1];
    if (sub !== 'import' || file === undefined) {
      console.error(this.usage);
      return 2;
    }
    const parsed = parseFile(file);
    const errors = parsed.errors.filter((e) => e.warning !== true);
    for (const e of parsed.errors) {
      const where = `${file}${e.line !== undefined ? `:${e.line}` : ''}${e.index >= 0 ? ` [item ${e.index}]` : ''}`;
      console.error(`${where}: ${e.warning ? 'warning: ' : ''}${e.field ? `${e.field}: ` : ''}${e.message}`);
    }
    console.log(`${parsed.items.length} valid configuration items, ${errors.length} errors, ${parsed.errors.length - errors.length} warnings`);
    if (errors.length > 0 && !flags.has('partial')) {
      console.error('nothing published: fix the errors or pass --partial to publish the valid items');
      return 1;
    }
    if (flags.has('dry-run') || parsed.items.length === 0) return errors.length > 0 ? 1 : 0;
    const cfg = kafkaConfig.parse({ brokers: parseCsv(env.AIOPS_KAFKA_BROKERS ?? '127.0.0.1:9092'), namespace: env.AIOPS_KAFKA_NAMESPACE ?? '' });
    const client = createKafkaClient(cfg, createTelemetry({ service: 'cli', level: 'warn', defaultMetrics: false }));
    try {
      await client.ensureTopics();
      const producer = await client.producer();
      const del = flags.has('delete');
      for (let i = 0; i < parsed.items.length; i += 500) {
        await producer.send(parsed.items.slice(i, i + 500).map((ci) => ({ topic: client.topics.cmdb, key: ci.id, value: del ? null : JSON.stringify(ci) })));
      }
      await producer.disconnect();
      console.log(`${del ? 'deleted' : 'published'} ${parsed.items.length} CIs on ${client.topics.cmdb}`);
      return errors.length > 0 ? 1 : 0;
    } finally {
      await client.close();
    }
  },
};
