import type { z } from 'zod';
import type { RejectedRecord } from '../stream.ts';

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

export function readableId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  const id = raw.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

function conforms<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  onError: (e: z.ZodError) => void,
): raw is z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) onError(result.error);
  return result.success;
}

/**
 * Splits a page into records that pass `schema` and rejects. Passing records are kept as received (not zod's
 * output, which rebuilds objects and reorders keys), because the raw table stores the payload verbatim.
 */
export function checkRecords<S extends z.ZodType>(
  stream: string,
  schema: S,
  items: readonly unknown[],
): Checked<z.output<S>> {
  const out: Checked<z.output<S>> = { records: [], rejects: [] };
  for (const raw of items) {
    const fail = (error: z.ZodError) =>
      out.rejects.push({ stream, sourceId: readableId(raw), reason: describeIssues(error), payload: raw });
    if (conforms(schema, raw, fail)) out.records.push(raw);
  }
  return out;
}
