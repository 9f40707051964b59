import { TZDate } from '@date-fns/tz';
import { format, startOfISOWeek } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import {
  openWarehouse,
  sandboxConfig,
  startTestSandbox,
  syncOnce,
  tempWarehousePath,
} from '../helpers/world.ts';

describe('periods are cut in the reporting time zone', () => {
  let sandbox: Sandbox;
  let warehouse: Warehouse;
  const zone = 'Pacific/Auckland';

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 21 });
    const path = tempWarehousePath();
    warehouse = await openWarehouse(path);
    await syncOnce(sandboxConfig(sandbox, path, { timezone: zone }), warehouse, sandbox, true);
  });
  afterAll(async () => {
    warehouse?.close();
    await sandbox?.close();
  });

  it('puts each incident in the ISO week (Monday) of its detection time in that zone', async () => {
    const expected = new Map<string, number>();
    for (const incident of sandbox.pagerduty.truth().incidents) {
      const week = format(startOfISOWeek(new TZDate(incident.createdAt, zone)), 'yyyy-MM-dd');
      expected.set(week, (expected.get(week) ?? 0) + 1);
    }
    const rows = await warehouse.all<{ week: string; n: number }>(
      `SELECT CAST(period_start AS VARCHAR) AS week, incidents AS n FROM metric_incident_frequency
       WHERE period_grain = 'week' AND team_key = '(all)' AND severity = '(all)'`,
    );
    expect(new Map(rows.map((r) => [r.week, Number(r.n)]))).toEqual(expected);
    const [setting] = await warehouse.all<{ value: string }>(
      "SELECT value FROM settings WHERE key = 'reporting_timezone'",
    );
    expect(setting!.value).toBe(zone);
  });
});
