import { ConfigError } from '../errors/index.ts';
import { readSqlDir, type SqlFile } from './sql-files.ts';
import type { Warehouse } from './warehouse.ts';

/** Layers in the order data flows through them; a model may only read its own or earlier layers. */
export const modelLayers = ['staging', 'marts', 'metrics'] as const;

const dependsPattern = /^--\s*depends:\s*(.+)$/m;

function dependenciesOf(model: SqlFile): string[] {
  const match = dependsPattern.exec(model.text);
  return match?.[1]
    ? match[1]
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean)
    : [];
}

/** Orders a layer's models so each comes after the models of the same layer it names in `-- depends:`. */
export function orderModels(models: SqlFile[]): SqlFile[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const ordered: SqlFile[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (model: SqlFile, trail: string[]) => {
    if (state.get(model.name) === 'done') return;
    if (state.get(model.name) === 'visiting') {
      throw new ConfigError(
        `SQL models depend on each other in a cycle: ${[...trail, model.name].join(' -> ')}`,
      );
    }
    state.set(model.name, 'visiting');
    for (const dep of dependenciesOf(model)) {
      const target = byName.get(dep);
      if (target) visit(target, [...trail, model.name]);
    }
    state.set(model.name, 'done');
    ordered.push(model);
  };
  for (const model of models) visit(model, []);
  return ordered;
}

/** Re-creates every model (views, and marts materialised as tables) layer by layer, in one transaction. */
export async function buildModels(warehouse: Warehouse): Promise<number> {
  let count = 0;
  await warehouse.transaction(async () => {
    for (const layer of modelLayers) {
      for (const model of orderModels(readSqlDir(layer))) {
        try {
          await warehouse.run(model.text);
        } catch (error) {
          throw new Error(`SQL model ${layer}/${model.name}.sql failed: ${(error as Error).message}`);
        }
        count += 1;
      }
    }
  });
  return count;
}
