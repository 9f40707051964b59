import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { z } from 'zod';
import { ConfigError } from '../errors/index.ts';
import { registerSecret } from '../logger.ts';
import { envNameFor, type PlainObject, secretEnvNames, settingsFromEnv } from './env.ts';
import { type ConfigFile, readConfigFile, snakePath } from './file.ts';
import { type Config, configSchema } from './schema.ts';

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** `--config`: wins over OPSLEDGER_CONFIG and the default ./opsledger.config.yaml. */
  configPath?: string;
  cwd?: string;
  /** Values set by CLI flags or the demo; they win over everything else. */
  overrides?: PlainObject;
  /** Read ./.env (default true). Variables already in the environment win over it. */
  dotenv?: boolean;
}

function isPlainObject(v: unknown): v is PlainObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: PlainObject, over: PlainObject): PlainObject {
  const out: PlainObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function environmentWithDotenv(env: NodeJS.ProcessEnv, cwd: string, useDotenv: boolean): NodeJS.ProcessEnv {
  const file = resolve(cwd, '.env');
  if (!useDotenv || !existsSync(file)) return env;
  return { ...parseDotenv(readFileSync(file)), ...env };
}

function pickConfigFile(env: NodeJS.ProcessEnv, cwd: string, explicit?: string): ConfigFile | undefined {
  const chosen = explicit ?? env.OPSLEDGER_CONFIG;
  if (chosen) return readConfigFile(resolve(cwd, chosen));
  const fallback = resolve(cwd, 'opsledger.config.yaml');
  return existsSync(fallback) ? readConfigFile(fallback) : undefined;
}

function hasPath(obj: PlainObject, path: readonly PropertyKey[]): boolean {
  let node: unknown = obj;
  for (const key of path) {
    if (!isPlainObject(node) || !(String(key) in node)) return false;
    node = node[String(key)];
  }
  return true;
}

/** Names where a bad value came from, so the message says exactly what to fix. */
function describeIssue(
  issue: z.core.$ZodIssue,
  file: ConfigFile | undefined,
  overrides: PlainObject,
): string {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const where = file ? `${file.path}${path.length ? ` (${snakePath(path)})` : ''}` : 'configuration';
    return `${where}: unknown setting ${issue.keys.map((k) => `'${snakePath([k])}'`).join(', ')}`;
  }
  if (hasPath(overrides, path)) return `option ${snakePath(path)}: ${issue.message}`;
  if (file && hasPath(file.values, path)) {
    const line = file.lineOf(path);
    return `${file.path}${line ? ` line ${line}` : ''}: ${snakePath(path)}: ${issue.message}`;
  }
  const envName = envNameFor(path);
  return `${envName ?? snakePath(path)}: ${issue.message}`;
}

/** Parses environment, .env and config file once, at the edge, into one typed object. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const env = environmentWithDotenv(options.env ?? process.env, cwd, options.dotenv ?? true);
  for (const name of secretEnvNames) registerSecret(env[name]);
  const file = pickConfigFile(env, cwd, options.configPath);
  const overrides = options.overrides ?? {};
  const merged = deepMerge(deepMerge(settingsFromEnv(env), file?.values ?? {}), overrides);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${describeIssue(i, file, overrides)}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  registerSecret(config.pagerduty.token);
  registerSecret(config.jira.apiToken);
  registerSecret(config.github.token);
  registerSecret(redisPassword(config.redisUrl));
  registerSecret(config.export.pseudonymSalt);
  return config;
}

/** The password part of a redis://user:password@host URL, if any. */
function redisPassword(url: string): string | undefined {
  const match = /\/\/[^@/]*:([^@/]+)@/.exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

/** A URL's password replaced by ***, so a Redis URL can be shown and recorded. */
export function maskUrlPassword(url: string): string {
  return url.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@');
}

/** The configuration without secrets, for logs and for the settings recorded with each run. */
export function redactConfig(config: Config): PlainObject {
  const mask = (v: string | undefined) => (v ? '***' : undefined);
  return {
    ...config,
    pagerduty: { ...config.pagerduty, token: mask(config.pagerduty.token) },
    jira: { ...config.jira, apiToken: mask(config.jira.apiToken) },
    github: { ...config.github, token: mask(config.github.token) },
    redisUrl: maskUrlPassword(config.redisUrl),
    // The pseudonym salt is a key: whoever has it can test a guessed person_key against a pseudonym.
    export: { ...config.export, pseudonymSalt: mask(config.export.pseudonymSalt) },
  };
}
