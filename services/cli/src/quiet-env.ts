/**
 * quiet-env is imported first by main.ts: `natural` (used by @aiops/correlate) runs dotenv when it is
 * imported, and dotenv prints "injected env" lines to stdout, which would corrupt `aiops report
 * --format csv|json` output. ES modules evaluate in import order, so this runs before them.
 */
process.env.DOTENV_CONFIG_QUIET ??= 'true';
export {};
