import { readFileSync } from 'node:fs';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors/index.ts';

export const snakeToCamel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
export const camelToSnake = (key: string) => key.replace(/(?<=[a-z0-9])[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** snake_case keys as written in YAML to the camelCase the schemas use (dates and scalars untouched). */
export function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeToCamel(k), camelizeKeys(v)]));
}

/**
 * Reads and parses a YAML file the user wrote (`what` names it in messages, `setting` is what points at it):
 * an unreadable file or invalid YAML is a ConfigError with the path and line.
 */
export function parseYamlFile(
  path: string,
  what: string,
  setting: string,
  hint = '',
): { doc: Document; lineCounter: LineCounter } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(
      `${what} ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}${hint}`,
      setting,
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line;
    throw new ConfigError(
      `${path}${line ? ` line ${line}` : ''}: not valid YAML: ${err.message.split('\n')[0]}`,
      setting,
    );
  }
  return { doc, lineCounter };
}
