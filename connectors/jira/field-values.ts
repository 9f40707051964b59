/**
 * Reading Jira field values whatever their type: a text field is a string, a select an `{value}` option, a
 * multi-select or checkbox list an array of options, a user `{displayName}`, a paragraph field (REST v3) an
 * Atlassian Document Format tree. Users configure fields by name and should not have to say which type.
 */

const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The plain text of an Atlassian Document Format node: text leaves, blocks separated by newlines. */
export function adfText(node: unknown): string {
  if (!record(node)) return '';
  if (node.type === 'text' && typeof node.text === 'string') return node.text;
  const children = Array.isArray(node.content) ? node.content : [];
  const parts = children.map(adfText);
  const isBlock = node.type === 'doc' || node.type === 'bulletList' || node.type === 'orderedList';
  return parts.join(isBlock ? '\n' : '');
}

/** A field value as one line of text, or null when empty. Arrays are joined with ", ". */
export function fieldText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(fieldText).filter((p): p is string => p !== null);
    return parts.length > 0 ? parts.join(', ') : null;
  }
  if (!record(value)) return null;
  if (value.type === 'doc') return fieldText(adfText(value));
  if (typeof value.value === 'string') {
    // A cascading select: "Parent / Child".
    const child = record(value.child) ? fieldText(value.child) : null;
    return child ? `${value.value} / ${child}` : fieldText(value.value);
  }
  for (const key of ['name', 'displayName', 'key'] as const) {
    const text = value[key];
    if (typeof text === 'string') return fieldText(text);
  }
  return null;
}

const NO = new Set(['no', 'n', 'false', '0', 'none', 'internal', 'n/a', '-']);

/**
 * A yes/no field (a checkbox, a Yes/No select, or a text naming the third party): true when set to anything
 * but an explicit "no"; false for an explicit "no" or an empty checkbox list; null when the field is empty.
 */
export function fieldFlag(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return false;
    return value.some((v) => fieldFlag(v) === true);
  }
  const text = fieldText(value);
  if (text === null) return null;
  return !NO.has(text.toLowerCase());
}
