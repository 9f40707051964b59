import type { DqLevel } from '../config/outputs.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

/** What one check found about one subject; `affectedRows` 0 means it passed. */
export interface Finding {
  subject: string;
  affectedRows: number;
  detail: string;
}

export interface CheckContext {
  now: Date;
  freshnessHours: number;
}

export interface Check {
  name: string;
  defaultSeverity: DqLevel;
  description: string;
  run(warehouse: Warehouse, context: CheckContext): Promise<Finding[]>;
}
