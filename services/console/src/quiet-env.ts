/**
 * quiet-env is imported first by main.ts: `natural` (used by the classifier, correlation and problem
 * detection) runs dotenv when it is imported, and dotenv prints "injected env" lines to stdout, which
 * would break our JSON log lines. ES modules evaluate in import order, so this runs before them.
 */
process.env.DOTENV_CONFIG_QUIET ??= 'true';
export {};
