import { z } from 'zod';
import { kafkaConfig } from '@aiops/kafka';

/** runnerConfig is the runbook-runner's whole configuration (validated once at start-up, strict). */
export const runnerConfig = z.strictObject({
  kafka: kafkaConfig.prefault({}),
  http: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(8084),
      host: z.string().default('127.0.0.1'),
    })
    .prefault({}),
  runbook: z
    .strictObject({
      dir: z.string().min(1).default('deploy/examples/runbooks').describe('catalog directory (*.yaml, *.yml, *.json)'),
      dryRun: z.boolean().default(false).describe('global dry-run: record what would run, run nothing'),
      settings: z
        .record(z.string().regex(/^[A-Za-z0-9_.-]+$/), z.string())
        .default({
          restart_api: 'http://127.0.0.1:9801',
          restart_api_token: '',
          disk_root: '/var/tmp/aiops-cleanup',
          scale_webhook: 'http://127.0.0.1:9802',
          scale_webhook_token: '',
        })
        .describe('operator values for {{settings.x}}: target base URLs, tokens, allowed directories (trusted)'),
      commandAllowlist: z
        .array(z.string().min(1))
        .default(['scripts/clear-disk.sh'])
        .describe('executables commands may run; relative paths are relative to the catalog directory'),
      kafkaTopicAllowlist: z.array(z.string().min(1)).default([]).describe('topics a kafka action may publish to'),
      commandPath: z.string().default('/usr/local/bin:/usr/bin:/bin').describe('PATH given to commands (their only inherited variable)'),
      maxOutputBytes: z.number().int().positive().max(1_048_576).default(16_384).describe('captured output per run'),
      groupId: z.string().min(1).default('runbook-runner'),
      sessionTimeoutMs: z.number().int().min(6000).default(30_000).describe('consumer group session: how soon a crashed runner is replaced'),
      rememberRequestsMs: z
        .number()
        .int()
        .min(8 * 24 * 3600 * 1000)
        .default(8 * 24 * 3600 * 1000)
        .describe('how long finished request ids are remembered (longer than the request topic retention, 7 days)'),
      shutdownGraceMs: z.number().int().nonnegative().default(10_000).describe('wait for running actions on stop before killing them'),
    })
    .prefault({}),
});
export type RunnerConfig = z.output<typeof runnerConfig>;
