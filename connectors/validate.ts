import type { z } from 'zod';
import type { RejectedRecord } from './stream.ts';

/** Validation shared by every connector: records that pass a schema, and rejects that say why the others did not. */
export interface Checked<T> {
  records: T[];
  rejects: RejectedRecord[];
}

/** `a.b[2].c` for a zod issue path; `(record)` when the record itself is the problem (not an object...). */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(record)';
}

/** One line naming each failing field and what was expected, e.g. `created_at: expected an ISO-8601 instant...`. */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const message = issue.message.replace(/^Invalid (input|option): /, '');
    return `${fieldPath(issue.path)}: ${message}`;
  });
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')} (and ${more} more)` : shown.join('; ');
}

/** The `id` of a raw item, when it has a usable one. */
export function readableId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  const id = raw.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/**
 * Splits a page into records that pass `schema` and rejects. Passing records are kept as received (not zod's
 * output, which rebuilds objects and reorders keys), because the raw table stores the payload verbatim.
 */
export function checkRecords<S extends z.ZodType>(
  stream: string,
  schema: S,
  items: readonly unknown[],
  sourceIdOf: (raw: unknown) => string | null = readableId,
): Checked<z.output<S>> {
  const out: Checked<z.output<S>> = { records: [], rejects: [] };
  for (const raw of items) {
    const result = schema.safeParse(raw);
    if (result.success) out.records.push(raw as z.output<S>);
    else
      out.rejects.push({
        stream,
        sourceId: sourceIdOf(raw),
        reason: describeIssues(result.error),
        payload: raw,
      });
  }
  return out;
}
