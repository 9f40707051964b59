import type { Config } from '../config/index.ts';
import { buildModels } from '../warehouse/models.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { writeSettings } from './settings.ts';

/**
 * Re-derives every mart and metric from the raw tables already loaded, under the current configuration and
 * ownership file: a changed ownership file or severity mapping re-attributes history without any API call.
 */
export async function rebuildModels(warehouse: Warehouse, config: Config): Promise<number> {
  await writeSettings(warehouse, config);
  return buildModels(warehouse);
}
