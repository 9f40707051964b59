export { type LoadConfigOptions, loadConfig, redactConfig } from './load.ts';
export type { Config, Severity } from './schema.ts';
