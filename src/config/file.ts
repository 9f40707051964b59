import { isMap, isScalar } from 'yaml';
import { ConfigError } from '../errors/index.ts';
import type { PlainObject } from './env.ts';
import { camelizeKeys, camelToSnake, parseYamlFile } from './yaml.ts';

export interface ConfigFile {
  path: string;
  values: PlainObject;
  /** 1-based line of a setting (camelCase path) in the file, where it is written there. */
  lineOf(path: readonly (string | number | symbol)[]): number | undefined;
}

/** Severity maps are keyed by source values (P1, high) that must not be renamed. */
function camelizeConfig(raw: PlainObject): PlainObject {
  const out = camelizeKeys(raw) as PlainObject;
  const pd = (raw.pagerduty as PlainObject | undefined)?.severity;
  if (pd && typeof out.pagerduty === 'object' && out.pagerduty) (out.pagerduty as PlainObject).severity = pd;
  return out;
}

export function readConfigFile(path: string): ConfigFile {
  const { doc, lineCounter } = parseYamlFile(path, 'config file', 'OPSLEDGER_CONFIG');
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
