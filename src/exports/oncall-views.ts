import type { Warehouse } from '../warehouse/warehouse.ts';

/**
 * The on-call views (metric_oncall_load, metric_oncall_team_load) are built by their own models and may be
 * absent from an older warehouse: exports then leave their columns empty instead of failing.
 */
export async function hasRelation(warehouse: Warehouse, name: string): Promise<boolean> {
  const row = await warehouse.one<{ n: number }>(
    'SELECT count(*) AS n FROM information_schema.tables WHERE table_name = $name',
    { name },
  );
  return (row?.n ?? 0) > 0;
}

export interface OncallAvailability {
  personLoad: boolean;
  teamLoad: boolean;
}

export async function oncallAvailability(warehouse: Warehouse): Promise<OncallAvailability> {
  return {
    personLoad: await hasRelation(warehouse, 'metric_oncall_load'),
    teamLoad: await hasRelation(warehouse, 'metric_oncall_team_load'),
  };
}
