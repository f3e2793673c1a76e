import { readFileSync } from 'node:fs';
import { createKafkaClient, kafkaConfig } from '@aiops/kafka';
import { ChangeRecord } from '@aiops/model';
import { createTelemetry } from '@aiops/telemetry';
import { parseCsv } from '@aiops/config';
import { parseFlags, type Command } from '../command.js';

/**
 * changes: import change records (JSON array, or one JSON object per line) into aiops.changes.v1, where
 * the incident manager lists them as suspects of incidents on the same CIs or their dependencies.
 * Every record is validated first; one bad record aborts the import with its index and field.
 */
export const changesCommand: Command = {
  name: 'changes',
  summary: 'import change records into aiops.changes.v1 (incident suspects)',
  usage: 'aiops changes import <file.json|file.ndjson> [--dry-run]   (AIOPS_KAFKA_BROKERS, AIOPS_KAFKA_NAMESPACE)\n' +
    '  record: {"id","ciId","startedAt" (epoch ms),"endedAt"?,"description"?,"risk"?: low|medium|high,"status"?}',
  async run(argv, env) {
    const { flags, positionals } = parseFlags(argv);
    if (positionals[0] !== 'import' || positionals[1] === undefined) {
      console.error(this.usage);
      return 2;
    }
    const text = readFileSync(positionals[1], 'utf8');
    let raw: unknown[];
    try {
      const trimmed = text.trim();
      raw = trimmed.startsWith('[') ? (JSON.parse(trimmed) as unknown[]) : trimmed.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
    } catch (err) {
      console.error(`not JSON / NDJSON: ${(err as Error).message}`);
      return 1;
    }
    const records: ChangeRecord[] = [];
    for (const [i, r] of raw.entries()) {
      const p = ChangeRecord.safeParse(r);
      if (!p.success) {
        const issue = p.error.issues[0];
        console.error(`record ${i}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
        return 1;
      }
      records.push(p.data);
    }
    if (flags.has('dry-run')) {
      console.log(`ok: ${records.length} valid change records (dry run, nothing sent)`);
      return 0;
    }
    const cfg = kafkaConfig.parse({ brokers: parseCsv(env.AIOPS_KAFKA_BROKERS ?? '127.0.0.1:9092'), namespace: env.AIOPS_KAFKA_NAMESPACE ?? '' });
    const client = createKafkaClient(cfg, createTelemetry({ service: 'cli', level: 'warn', defaultMetrics: false }));
    try {
      const producer = await client.producer();
      await producer.send(records.map((c) => ({ topic: client.topics.changes, key: c.id, value: JSON.stringify(c) })));
      await producer.disconnect();
      console.log(`ok: ${records.length} change records sent to ${client.topics.changes}`);
      return 0;
    } finally {
      await client.close();
    }
  },
};
