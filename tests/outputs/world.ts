import { silentLogger } from '../../src/logger.ts';
import { runSync } from '../../src/pipeline/sync.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import {
  gitHubSandboxSection,
  openWarehouse,
  sandboxConfig,
  startTestSandbox,
  tempWarehousePath,
} from '../helpers/world.ts';

/** Periods are cut in this zone in the outputs suites, so a zone bug cannot hide behind UTC. */
export const outputsZone = 'America/New_York';

export interface OutputsWorld {
  sandbox: Sandbox;
  warehouse: Warehouse;
  path: string;
  config: ReturnType<typeof sandboxConfig>;
}

/** One sandbox organisation synced from PagerDuty, Jira and GitHub into a fresh warehouse file. */
export async function syncAllSources(extra: Record<string, unknown> = {}): Promise<OutputsWorld> {
  const sandbox = await startTestSandbox({
    scale: { incidents: 300, days: 150 },
    githubScale: { repos: 6, deploysPerRepo: 40, pullsTotal: 160 },
  });
  const path = tempWarehousePath();
  const warehouse = await openWarehouse(path);
  const config = sandboxConfig(sandbox, path, {
    timezone: outputsZone,
    jira: { host: sandbox.jira.host, email: sandbox.jira.email, apiToken: sandbox.jira.apiToken },
    github: gitHubSandboxSection(sandbox),
    ...extra,
  });
  const result = await runSync({
    config,
    log: silentLogger,
    warehouse,
    now: sandbox.clock.now(),
    full: true,
  });
  if (result.status !== 'succeeded') throw new Error(`sync ended ${result.status}`);
  return { sandbox, warehouse, path, config };
}
