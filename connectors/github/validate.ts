import type { z } from 'zod';
import type { RejectedRecord } from '../stream.ts';

export interface Checked<T> {
  records: T[];
  rejects: RejectedRecord[];
}

/** `a.b[2].c` for a zod issue path; `(record)` when the record itself is the problem. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(record)';
}

/** One line naming each failing field and what was expected, e.g. `created_at: expected an ISO-8601 instant…`. */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const message = issue.message.replace(/^Invalid (input|option): /, '');
    return `${fieldPath(issue.path)}: ${message}`;
  });
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')} (and ${more} more)` : shown.join('; ');
}

/** `owner/repo#id` for a raw item that has a usable id or number, else null. */
export function readableId(repo: string, raw: unknown, field: 'id' | 'number' = 'id'): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id: unknown = Reflect.get(raw, field);
  return typeof id === 'number' || typeof id === 'string' ? `${repo}#${id}` : null;
}

/**
 * Splits a page into records that pass `schema` and rejects (with a reason naming the field). Passing records
 * are kept as received (the raw table stores payloads verbatim); the schemas only validate, never transform.
 */
export function checkRecords<S extends z.ZodType>(
  stream: string,
  repo: string,
  schema: S,
  items: readonly unknown[],
  idField: 'id' | 'number' = 'id',
): Checked<z.output<S>> {
  const out: Checked<z.output<S>> = { records: [], rejects: [] };
  for (const raw of items) {
    const result = schema.safeParse(raw);
    if (result.success) out.records.push(raw as z.output<S>);
    else
      out.rejects.push({
        stream,
        sourceId: readableId(repo, raw, idField),
        reason: describeIssues(result.error),
        payload: raw,
      });
  }
  return out;
}
