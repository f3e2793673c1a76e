/** Command is one `aiops <name>` subcommand: it gets its argv (after the name) and the environment. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number>;
}

/** parseFlags reads `--name value`, `--name=value` and `--flag` into a map; the rest are positionals. */
export function parseFlags(argv: readonly string[]): { flags: Map<string, string | true>; positionals: string[] } {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else {
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('--')) {
          flags.set(a.slice(2), next);
          i++;
        } else flags.set(a.slice(2), true);
      }
    } else positionals.push(a);
  }
  return { flags, positionals };
}
