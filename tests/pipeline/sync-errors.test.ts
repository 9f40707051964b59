import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { runSync } from '../../src/pipeline/sync.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { openWarehouse, sandboxConfig, startTestSandbox, tempWarehousePath } from '../helpers/world.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('sync error handling', () => {
  it('quarantines a record that fails its schema and loads the rest', async () => {
    sandbox = await startTestSandbox({ seed: 9 });
    sandbox.faults.inject({ route: '/incidents', corruptRecord: true, times: 1 });
    const path = tempWarehousePath();
    const warehouse = await openWarehouse(path);
    const lines: string[] = [];
    const result = await runSync({
      config: sandboxConfig(sandbox, path),
      log: createLogger('warn', (l) => lines.push(l)),
      warehouse,
      now: sandbox.clock.now(),
    });
    expect(result.status).toBe('succeeded');
    const rejects = await warehouse.all<{ stream: string; reason: string; source_id: string | null }>(
      'SELECT stream, reason, source_id FROM dq_rejects',
    );
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.stream).toBe('incidents');
    expect(rejects[0]!.reason).toMatch(/created_at/);
    const [count] = await warehouse.all<{ n: number }>('SELECT count(*) AS n FROM incidents');
    expect(Number(count!.n)).toBe(sandbox.pagerduty.truth().incidents.length - 1);
    expect(lines.some((l) => l.includes('quarantined'))).toBe(true);
    warehouse.close();
  });

  it('stops the source on a rejected token with a message naming PAGERDUTY_TOKEN and never the token', async () => {
    sandbox = await startTestSandbox({ seed: 9 });
    const path = tempWarehousePath();
    const warehouse = await openWarehouse(path);
    const lines: string[] = [];
    const badToken = 'wrong-token-0123456789';
    const config = sandboxConfig(sandbox, path, {
      pagerduty: { apiUrl: sandbox.pagerduty.apiUrl, token: badToken },
    });
    const result = await runSync({
      config,
      log: createLogger('debug', (l) => lines.push(l)),
      warehouse,
      now: sandbox.clock.now(),
    });
    expect(result.status).toBe('failed');
    expect(result.outcomes).toHaveLength(1);
    expect(result.outcomes[0]!.error).toMatch(/PAGERDUTY_TOKEN/);
    const everything = [...lines, JSON.stringify(result)].join('\n');
    expect(everything).not.toContain(badToken);
    const runs = await warehouse.all<{ status: string; t: string }>(
      'SELECT status, CAST(settings AS VARCHAR) AS t FROM sync_runs',
    );
    expect(runs[0]!.status).toBe('failed');
    expect(runs[0]!.t).not.toContain(badToken);
    warehouse.close();
  });

  it('retries 429 and 5xx answers and completes the run', async () => {
    sandbox = await startTestSandbox({ seed: 9 });
    sandbox.faults.inject({
      route: '/log_entries',
      status: 429,
      times: 2,
      headers: { 'ratelimit-reset': '1' },
    });
    sandbox.faults.inject({ route: '/incidents', status: 503, times: 2 });
    const path = tempWarehousePath();
    const warehouse = await openWarehouse(path);
    const result = await runSync({
      config: sandboxConfig(sandbox, path),
      log: createLogger('silent'),
      warehouse,
      now: sandbox.clock.now(),
    });
    expect(result.status).toBe('succeeded');
    const [count] = await warehouse.all<{ n: number }>('SELECT count(*) AS n FROM incidents');
    expect(Number(count!.n)).toBe(sandbox.pagerduty.truth().incidents.length);
    warehouse.close();
  });
});
