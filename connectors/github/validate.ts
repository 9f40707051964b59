import type { z } from 'zod';
import { type Checked, checkRecords as checkAgainst } from '../validate.ts';

/** `owner/repo#id` for a raw item that has a usable id or number, else null. */
export function readableId(repo: string, raw: unknown, field: 'id' | 'number' = 'id'): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id: unknown = Reflect.get(raw, field);
  return typeof id === 'number' || typeof id === 'string' ? `${repo}#${id}` : null;
}

/** The shared record check, with rejects named `owner/repo#id` (GitHub ids are only unique per repository). */
export function checkRecords<S extends z.ZodType>(
  stream: string,
  repo: string,
  schema: S,
  items: readonly unknown[],
  idField: 'id' | 'number' = 'id',
): Checked<z.output<S>> {
  return checkAgainst(stream, schema, items, (raw) => readableId(repo, raw, idField));
}
