export { loadConfig, deepMerge, deepFreeze, setPath, envOverrides, parseCsv, parseIntStrict, parseBool } from './load-config.js';
export type { ConfigSources } from './load-config.js';
