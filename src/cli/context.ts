import type { PlainObject } from '../config/env.ts';
import { type Config, loadConfig } from '../config/index.ts';
import { createLogger, type Logger } from '../logger.ts';

export interface GlobalContext {
  config?: string;
  warehouse?: string;
  logLevel?: string;
}

/** Parses the configuration once for a command; global flags win over file and environment. */
export function loadContext(
  global: GlobalContext,
  overrides: PlainObject = {},
): { config: Config; log: Logger } {
  const flagOverrides: PlainObject = { ...overrides };
  if (global.warehouse) flagOverrides.warehouse = global.warehouse;
  if (global.logLevel) flagOverrides.logLevel = global.logLevel;
  const config = loadConfig({ configPath: global.config, overrides: flagOverrides });
  return { config, log: createLogger(config.logLevel) };
}
