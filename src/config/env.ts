/** Environment variables and the config path each one sets. The names are a public contract. */
export const envSettings: ReadonlyArray<readonly [envName: string, path: readonly string[]]> = [
  ['OPSLEDGER_WAREHOUSE', ['warehouse']],
  ['OPSLEDGER_TIMEZONE', ['timezone']],
  ['OPSLEDGER_OWNERSHIP', ['ownershipFile']],
  ['OPSLEDGER_LOG_LEVEL', ['logLevel']],
  ['OPSLEDGER_PROGRESS_MS', ['progressIntervalMs']],
  ['OPSLEDGER_LOAD_BATCH_RECORDS', ['loadBatchRecords']],
  ['OPSLEDGER_MEMORY_LIMIT', ['memoryLimit']],
  ['REDIS_URL', ['redisUrl']],
  ['OPSLEDGER_QUEUE_PREFIX', ['jobs', 'prefix']],
  ['OPSLEDGER_WORKER_CONCURRENCY', ['jobs', 'concurrency']],
  ['OPSLEDGER_WORK_WAREHOUSE', ['jobs', 'workWarehouse']],
  ['OPSLEDGER_SPOOL_DIR', ['jobs', 'spoolDir']],
  ['PAGERDUTY_API_URL', ['pagerduty', 'apiUrl']],
  ['PAGERDUTY_TOKEN', ['pagerduty', 'token']],
  ['JIRA_HOST', ['jira', 'host']],
  ['JIRA_EMAIL', ['jira', 'email']],
  ['JIRA_API_TOKEN', ['jira', 'apiToken']],
  ['GITHUB_API_URL', ['github', 'apiUrl']],
  ['GITHUB_TOKEN', ['github', 'token']],
];

export const secretEnvNames = ['PAGERDUTY_TOKEN', 'JIRA_API_TOKEN', 'GITHUB_TOKEN'] as const;

export type PlainObject = { [key: string]: unknown };

export function setPath(target: PlainObject, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as PlainObject;
  }
  node[path[path.length - 1] as string] = value;
}

/** Reads the settings that are present (empty strings count as absent) into a nested object. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): PlainObject {
  const out: PlainObject = {};
  for (const [name, path] of envSettings) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(out, path, value);
  }
  return out;
}

export function envNameFor(path: readonly (string | number | symbol)[]): string | undefined {
  const dotted = path.map(String).join('.');
  return envSettings.find(([, p]) => p.join('.') === dotted)?.[0];
}
