import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { startTestSandbox } from '../helpers/world.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('opsledger sync --source github', () => {
  it('syncs GitHub from GITHUB_TOKEN, GITHUB_API_URL and the config file, then answers SQL on deploys', async () => {
    sandbox = await startTestSandbox({
      scale: { incidents: 60, days: 45 },
      githubScale: { repos: 4, deploysPerRepo: 10, pullsTotal: 30 },
    });
    const dir = mkdtempSync(join(tmpdir(), 'opsledger-gh-cli-'));
    const kinds = sandbox.github
      .truth()
      .repos.filter((r) => r.deployKind !== 'deployments')
      .map((r) => `    - name: ${r.fullName}\n      deploy_kind: ${r.deployKind}`)
      .join('\n');
    writeFileSync(
      join(dir, 'opsledger.config.yaml'),
      `github:\n  org: ${sandbox.github.org}\n  repositories:\n${kinds}\n`,
    );
    const env = {
      OPSLEDGER_WAREHOUSE: join(dir, 'w.duckdb'),
      GITHUB_TOKEN: sandbox.github.token,
      GITHUB_API_URL: sandbox.github.enterpriseApiUrl,
    };
    const first = await runCli(['sync', '--source', 'github'], env, dir);
    expect(first.code, first.stderr).toBe(0);
    for (const stream of ['repositories', 'deployments', 'deployment_statuses', 'pulls', 'issues'])
      expect(first.stdout).toContain(`github.${stream}`);
    expect(first.stderr).not.toContain(sandbox.github.token);

    sandbox.github.resetStats();
    const second = await runCli(['sync', '--source', 'github'], env, dir);
    expect(second.code, second.stderr).toBe(0);
    expect(sandbox.github.stats().notModified).toBe(sandbox.github.stats().requests);

    const sql = await runCli(['sql', 'SELECT count(*) AS n FROM deploys', '--format', 'json'], env, dir);
    expect(sql.code, sql.stderr).toBe(0);
    const [row] = JSON.parse(sql.stdout) as Array<{ n: number }>;
    expect(row!.n).toBeGreaterThan(0);
  }, 120_000);
});
