/**
 * quiet-env is imported first by the suites' command lines: `natural` (used by @aiops/correlate and the
 * generators) runs dotenv when it is imported, and dotenv prints "injected env" lines (with a random tip)
 * to stdout, which made two runs' tables differ. ES modules evaluate in import order, so this runs before them.
 */
process.env.DOTENV_CONFIG_QUIET ??= 'true';
export {};
