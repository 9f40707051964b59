import type { Command } from 'commander';
import { rebuildModels } from '../../pipeline/rebuild.ts';
import {
  closeWorkWarehouse,
  openWorkWarehouse,
  publishWarehouse,
  warehousePaths,
} from '../../warehouse/publish.ts';
import { type GlobalContext, loadContext } from '../context.ts';

export function registerRebuild(program: Command, global: () => GlobalContext): void {
  program
    .command('rebuild')
    .description(
      'rebuild marts and metrics from the data already loaded, with the current config and ownership file (no API calls), then publish',
    )
    .action(async () => {
      const { config, log } = loadContext(global());
      const paths = warehousePaths(config);
      const warehouse = await openWorkWarehouse(paths);
      let built = false;
      try {
        const models = await rebuildModels(warehouse, config);
        built = true;
        log.info(
          `rebuilt ${models} models${config.ownershipFile ? ` with ownership file ${config.ownershipFile}` : ''}`,
        );
      } finally {
        if (built) await closeWorkWarehouse(warehouse);
        else warehouse.close();
      }
      await publishWarehouse(paths);
      log.info(`published ${paths.published}`);
    });
}
