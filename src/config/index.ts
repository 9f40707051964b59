export { loadConfig, redactConfig, type LoadConfigOptions } from './load.ts';
export type { Config, Severity } from './schema.ts';
