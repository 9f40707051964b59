import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors/index.ts';
import type { PlainObject } from './env.ts';

export interface ConfigFile {
  path: string;
  values: PlainObject;
  /** 1-based line of a setting (camelCase path) in the file, where it is written there. */
  lineOf(path: readonly (string | number | symbol)[]): number | undefined;
}

const snakeToCamel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const camelToSnake = (key: string) => key.replace(/(?<=[a-z0-9])[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeToCamel(k), camelizeKeys(v)]));
}

/** Severity maps are keyed by source values (P1, high) that must not be renamed. */
function camelizeConfig(raw: PlainObject): PlainObject {
  const out = camelizeKeys(raw) as PlainObject;
  const pd = (raw.pagerduty as PlainObject | undefined)?.severity;
  if (pd && typeof out.pagerduty === 'object' && out.pagerduty) (out.pagerduty as PlainObject).severity = pd;
  return out;
}

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(
      `config file ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      'OPSLEDGER_CONFIG',
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line;
    throw new ConfigError(
      `${path}${line ? ` line ${line}` : ''}: not valid YAML: ${err.message.split('\n')[0]}`,
      'OPSLEDGER_CONFIG',
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${path}: expected a mapping of settings at the top level`, 'OPSLEDGER_CONFIG');
  }
  return {
    path,
    values: camelizeConfig(raw as PlainObject),
    lineOf(settingPath) {
      if (!isMap(doc.contents)) return undefined;
      const keys = settingPath.map(String);
      const candidates = [keys.map(camelToSnake), keys];
      for (const candidate of candidates) {
        const node = doc.getIn(candidate, true);
        const range = isScalar(node) || isMap(node) ? node.range : undefined;
        if (range) return lineCounter.linePos(range[0]).line;
      }
      return undefined;
    },
  };
}

export function snakePath(path: readonly (string | number | symbol)[]): string {
  return path.map((k) => (typeof k === 'string' ? camelToSnake(k) : String(k))).join('.');
}
