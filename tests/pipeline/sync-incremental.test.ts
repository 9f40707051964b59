import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import {
  openWarehouse,
  sandboxConfig,
  startTestSandbox,
  syncOnce,
  tempWarehousePath,
} from '../helpers/world.ts';

const day = 86_400_000;
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('incremental sync', () => {
  it('updates incidents that were open at the last sync when they are acknowledged and resolved later', async () => {
    sandbox = await startTestSandbox({ seed: 5 });
    const path = tempWarehousePath();
    const warehouse = await openWarehouse(path);
    const config = sandboxConfig(sandbox, path);
    await syncOnce(config, warehouse, sandbox, true);
    const openBefore = sandbox.pagerduty.truth().incidents.filter((i) => i.status !== 'resolved');
    expect(openBefore.length).toBeGreaterThan(0);

    sandbox.clock.advance(4 * day);
    const later = sandbox.pagerduty.truth();
    const changed = openBefore.filter((i) => later.incidents.find((t) => t.id === i.id)?.status !== i.status);
    expect(changed.length).toBeGreaterThan(0);

    const result = await syncOnce(config, warehouse, sandbox);
    expect(result.status).toBe('succeeded');
    const rows = await warehouse.all<{
      source_id: string;
      status: string;
      acknowledged_at: string | null;
      resolved_at: string | null;
    }>('SELECT source_id, status, acknowledged_at, resolved_at FROM incidents');
    expect(rows.length).toBe(later.incidents.length);
    const byId = new Map(rows.map((r) => [r.source_id, r]));
    for (const incident of later.incidents) {
      const row = byId.get(incident.id)!;
      expect(row.status, incident.id).toBe(incident.status);
      expect(row.acknowledged_at ? Date.parse(row.acknowledged_at) : null, incident.id).toBe(
        incident.acknowledgedAt?.getTime() ?? null,
      );
      expect(row.resolved_at ? Date.parse(row.resolved_at) : null, incident.id).toBe(
        incident.resolvedAt?.getTime() ?? null,
      );
    }
    warehouse.close();
  });

  it('loads a history larger than the pagination cap by splitting time windows', async () => {
    sandbox = await startTestSandbox({ seed: 3, paginationCap: 300 });
    const path = tempWarehousePath();
    const warehouse = await openWarehouse(path);
    const result = await syncOnce(sandboxConfig(sandbox, path), warehouse, sandbox, true);
    expect(result.status).toBe('succeeded');
    const truth = sandbox.pagerduty.truth();
    expect(truth.incidents.length).toBeGreaterThan(300);
    const [row] = await warehouse.all<{ n: number; distinct_ids: number }>(
      'SELECT count(*) AS n, count(DISTINCT source_id) AS distinct_ids FROM incidents',
    );
    expect(Number(row!.n)).toBe(truth.incidents.length);
    expect(Number(row!.distinct_ids)).toBe(truth.incidents.length);
    warehouse.close();
  });
});
