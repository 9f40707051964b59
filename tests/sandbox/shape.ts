/**
 * Compares the shape of a payload with a vendor example: the same keys and the same value types, recursively.
 * Array items are each compared with the example's first item. Every accepted difference is listed by path
 * (`incidents[].priority`) with its reason, so the list doubles as documentation.
 */
export interface Allowed {
  /** Paths whose value may be null where the example has a value (or the reverse). */
  nullable?: Record<string, string>;
  /** Paths of keys that may exist only in our payload. */
  extraKeys?: Record<string, string>;
  /** Paths of keys that may be missing from our payload. */
  missingKeys?: Record<string, string>;
  /** Paths whose content is free-form (only the container type is checked). */
  freeForm?: Record<string, string>;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function shapeDifferences(
  expected: unknown,
  actual: unknown,
  allowed: Allowed = {},
  path = '',
): string[] {
  const here = path === '' ? '(root)' : path;
  const want = kind(expected);
  const got = kind(actual);
  if (want !== got) {
    if ((want === 'null' || got === 'null') && allowed.nullable?.[path]) return [];
    return [`${here}: expected ${want}, got ${got}`];
  }
  if (allowed.freeForm?.[path]) return [];
  if (want === 'string' && TIMESTAMP.test(expected as string) && !TIMESTAMP.test(actual as string)) {
    return [`${here}: expected a timestamp like ${String(expected)}, got ${String(actual)}`];
  }
  if (want === 'array') {
    const [first] = expected as unknown[];
    if (first === undefined) return [];
    return (actual as unknown[]).flatMap((item) => shapeDifferences(first, item, allowed, `${path}[]`));
  }
  if (want !== 'object') return [];
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const at = (key: string) => (path === '' ? key : `${path}.${key}`);
  const out: string[] = [];
  for (const key of Object.keys(e)) {
    if (!(key in a)) {
      if (!allowed.missingKeys?.[at(key)]) out.push(`${at(key)}: missing`);
    } else {
      out.push(...shapeDifferences(e[key], a[key], allowed, at(key)));
    }
  }
  for (const key of Object.keys(a)) {
    if (!(key in e) && !allowed.extraKeys?.[at(key)]) out.push(`${at(key)}: not in the vendor example`);
  }
  return [...new Set(out)];
}
