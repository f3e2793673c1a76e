import { createKafkaClient, kafkaConfig } from '@aiops/kafka';
import { topicDefinitions } from '@aiops/model';
import { createTelemetry } from '@aiops/telemetry';
import { parseCsv } from '@aiops/config';
import { parseFlags, type Command } from '../command.js';

/** topics: list the topic definitions, or create them on the broker (idempotent). */
export const topicsCommand: Command = {
  name: 'topics',
  summary: 'list topic definitions or create them (idempotent)',
  usage: 'aiops topics list | create [--partitions N]   (AIOPS_KAFKA_BROKERS, AIOPS_KAFKA_NAMESPACE)',
  async run(argv, env) {
    const { flags, positionals } = parseFlags(argv);
    const ns = env.AIOPS_KAFKA_NAMESPACE ?? '';
    const partitions = flags.has('partitions') ? Number(flags.get('partitions')) : undefined;
    const defs = topicDefinitions(ns, partitions);
    if (positionals[0] === 'list' || positionals.length === 0) {
      for (const d of defs) console.log(`${d.name.padEnd(44)} partitions=${String(d.partitions).padEnd(3)} ${d.cleanupPolicy.padEnd(7)} key=${d.key}`);
      return 0;
    }
    if (positionals[0] !== 'create') {
      console.error(this.usage);
      return 2;
    }
    const cfg = kafkaConfig.parse({ brokers: parseCsv(env.AIOPS_KAFKA_BROKERS ?? '127.0.0.1:9092'), namespace: ns, ...(partitions ? { partitions } : {}) });
    const client = createKafkaClient(cfg, createTelemetry({ service: 'cli', level: 'warn', defaultMetrics: false }));
    try {
      await client.ensureTopics(defs);
      console.log(`ok: ${defs.length} topics present`);
      return 0;
    } finally {
      await client.close();
    }
  },
};
