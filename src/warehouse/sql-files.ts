import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const sqlRoot = fileURLToPath(new URL('../../sql/', import.meta.url));

export interface SqlFile {
  name: string;
  path: string;
  text: string;
}

export function readSqlDir(layer: string): SqlFile[] {
  const dir = join(sqlRoot, layer);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.sql$/, ''),
      path: join(dir, f),
      text: readFileSync(join(dir, f), 'utf8'),
    }));
}
