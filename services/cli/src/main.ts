#!/usr/bin/env node
/**
 * `aiops` command line. Each subcommand lives in src/commands/<name>.ts; register it with ONE line in
 * the COMMANDS list below.
 */
import './quiet-env.js';
import type { Command } from './command.js';
import { cmdbCommand } from './commands/cmdb-import.js';
import { replayCommand } from './commands/replay.js';
import { topicsCommand } from './commands/topics.js';
import { changesCommand } from './commands/changes.js';
import { runbooksCommand } from './commands/runbooks-validate.js';
import { migrateCommand } from './commands/migrate.js';
import { reportCommand } from './commands/report.js';

const COMMANDS: readonly Command[] = [
  topicsCommand,
  changesCommand,
  runbooksCommand,
  cmdbCommand,
  replayCommand,
  migrateCommand,
  reportCommand,
];

function usage(): void {
  console.log('usage: aiops <command> [args]\n');
  for (const c of COMMANDS) console.log(`  ${c.name.padEnd(18)} ${c.summary}`);
  console.log('\nrun `aiops <command> --help` for its usage');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    usage();
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    console.error(`unknown command: ${name}`);
    usage();
    return 2;
  }
  if (rest.includes('--help')) {
    console.log(cmd.usage);
    return 0;
  }
  return cmd.run(rest, process.env);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
