import { ConfigError } from '../../src/errors/index.ts';
import type { Logger } from '../../src/logger.ts';
import { editDistance } from '../../src/text.ts';
import { defaultFieldNames, type FieldRole, fieldRoles, fieldSettingKeys } from './options.ts';
import type { JiraField } from './schemas.ts';

/** A role resolved to the site's field: the id to request and read, and the name it was found by. */
export interface ResolvedField {
  id: string;
  name: string;
}

export type FieldMap = Record<FieldRole, ResolvedField | null>;

const normalise = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** Up to five field names that look like `wanted`: shared words or a small edit distance. */
export function closeNames(wanted: string, fields: readonly JiraField[]): string[] {
  const target = normalise(wanted);
  const words = new Set(target.split(' '));
  return fields
    .map((f) => {
      const name = normalise(f.name);
      const shared = name.split(' ').some((w) => w.length > 2 && words.has(w));
      const d = editDistance(target, name);
      return { label: `${f.name} (${f.id})`, score: shared ? Math.min(d, 2) : d };
    })
    .filter((c) => c.score <= Math.max(3, Math.floor(target.length / 3)))
    .sort((a, b) => a.score - b.score || a.label.localeCompare(b.label))
    .slice(0, 5)
    .map((c) => c.label);
}

function find(wanted: string, fields: readonly JiraField[]): JiraField[] {
  const byId = fields.filter((f) => f.id === wanted);
  if (byId.length > 0) return byId;
  const target = normalise(wanted);
  return fields.filter((f) => normalise(f.name) === target);
}

/**
 * Resolves each configured field (display name or id) through the site's field list. A name the user set
 * that does not exist, or that two fields share, is a ConfigError naming the setting and listing close names;
 * a default name the site lacks is skipped with a warning (that role then stays empty).
 */
export function resolveFields(
  configured: Partial<Record<FieldRole, string | null>>,
  fields: readonly JiraField[],
  log: Logger,
): FieldMap {
  const out = {} as FieldMap;
  const problems: string[] = [];
  for (const role of fieldRoles) {
    const setting = configured[role];
    if (setting === null) {
      out[role] = null;
      continue;
    }
    const wanted = setting ?? defaultFieldNames[role];
    const matches = find(wanted, fields);
    const key = fieldSettingKeys[role];
    if (matches.length === 1) {
      out[role] = { id: matches[0]!.id, name: matches[0]!.name };
      continue;
    }
    out[role] = null;
    if (matches.length > 1) {
      problems.push(
        `${key}: "${wanted}" names ${matches.length} fields (${matches.map((m) => m.id).join(', ')}); set ${key} to one of those ids`,
      );
      continue;
    }
    const close = closeNames(wanted, fields);
    const hint = close.length > 0 ? `; close names: ${close.join(', ')}` : '';
    if (setting === undefined) {
      log.warn(
        `jira: this site has no field "${wanted}" (the default of ${key}); it is not read. Set ${key} to the field's name, or to null to silence this${hint}`,
      );
      continue;
    }
    problems.push(`${key}: this Jira site has no field named "${wanted}"${hint}`);
  }
  if (problems.length > 0) {
    const first = problems[0]!.split(':')[0];
    throw new ConfigError(`Jira field configuration: ${problems.join('; ')}`, first);
  }
  return out;
}
