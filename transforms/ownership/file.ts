import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../../src/errors/index.ts';
import { type OwnershipFileContent, ownershipSchema } from './schema.ts';

export interface OwnershipFile extends OwnershipFileContent {
  path: string;
  /** 1-based line of an entry (path of camelCase keys and indices) in the file. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

const snakeToCamel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const camelToSnake = (k: string) => k.replace(/(?<=[a-z0-9])[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeToCamel(k), camelizeKeys(v)]));
}

const dotted = (path: readonly PropertyKey[]) =>
  path
    .map((k) => (typeof k === 'number' ? `[${k}]` : `.${camelToSnake(String(k))}`))
    .join('')
    .replace(/^\./, '');

/**
 * Reads and validates the ownership file: teams, services with effective-dated owners, people. Every problem
 * is reported at once, each with its line, the field and what to write instead.
 */
export function readOwnershipFile(path: string): OwnershipFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(
      `ownership file ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}): set ownership_file (or OPSLEDGER_OWNERSHIP) to an existing YAML file`,
      'ownership_file',
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line;
    throw new ConfigError(
      `${path}${line ? ` line ${line}` : ''}: not valid YAML: ${err.message.split('\n')[0]}`,
      'ownership_file',
    );
  }
  const lineOf = (p: readonly PropertyKey[]): number | undefined => {
    for (let n = p.length; n >= 0; n--) {
      const keys = p.slice(0, n).map((k) => (typeof k === 'number' ? k : camelToSnake(String(k))));
      const node = n === 0 ? doc.contents : doc.getIn(keys, true);
      const range = isScalar(node) || isMap(node) || isSeq(node) ? node.range : undefined;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return undefined;
  };
  const where = (p: readonly PropertyKey[]) => {
    const line = lineOf(p);
    return `${path}${line ? ` line ${line}` : ''}: ${dotted(p) || '(top level)'}`;
  };
  const parsed = ownershipSchema.safeParse(camelizeKeys(doc.toJS() ?? {}));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `${where(issue.path)}: unknown field ${issue.keys.map((k) => `'${camelToSnake(k)}'`).join(', ')} (check the spelling; see README "Ownership file")`
        : `${where(issue.path)}: ${issue.message}`,
    );
    throw ownershipError(path, problems);
  }
  const problems = crossCheck(parsed.data, where);
  if (problems.length > 0) throw ownershipError(path, problems);
  return { ...parsed.data, path, lineOf };
}

function ownershipError(path: string, problems: string[]): ConfigError {
  const head =
    problems.length === 1
      ? problems[0]!
      : `ownership file ${path} has ${problems.length} problems:\n  ${problems.join('\n  ')}`;
  return new ConfigError(head, 'ownership_file');
}

type Where = (path: readonly PropertyKey[]) => string;

/** Rules zod cannot see one entry at a time: unknown or duplicate keys, reversed and overlapping dates. */
function crossCheck(content: OwnershipFileContent, where: Where): string[] {
  const problems: string[] = [];
  const teamKeys = new Set<string>();
  content.teams.forEach((team, i) => {
    if (teamKeys.has(team.key))
      problems.push(
        `${where(['teams', i, 'key'])}: team '${team.key}' is defined twice; give each team one entry`,
      );
    teamKeys.add(team.key);
  });
  const unknownTeam = (team: string, p: PropertyKey[]) => {
    if (teamKeys.has(team)) return;
    const guess = closest(team, [...teamKeys]);
    problems.push(
      `${where(p)}: unknown team '${team}'; ${guess ? `did you mean '${guess}'? ` : ''}teams are defined under teams: with a key`,
    );
  };
  const serviceKeys = new Set<string>();
  const claimed = new Map<string, string>();
  content.services.forEach((service, s) => {
    if (serviceKeys.has(service.key))
      problems.push(
        `${where(['services', s, 'key'])}: service '${service.key}' is defined twice; merge the two entries`,
      );
    serviceKeys.add(service.key);
    for (const [source, values] of Object.entries(service.match)) {
      values.forEach((value, v) => {
        const id = `${source}:${value.toLowerCase()}`;
        const owner = claimed.get(id);
        if (owner && owner !== service.key)
          problems.push(
            `${where(['services', s, 'match', source, v])}: ${source} '${value}' is already matched by service '${owner}'; a source entity belongs to one service`,
          );
        claimed.set(id, service.key);
      });
    }
    service.owners.forEach((owner, o) => {
      unknownTeam(owner.team, ['services', s, 'owners', o, 'team']);
    });
    problems.push(
      ...intervalProblems(
        service.owners,
        ['services', s, 'owners'],
        where,
        `owners of service '${service.key}'`,
      ),
    );
  });
  const emails = new Map<string, number>();
  content.people.forEach((person, p) => {
    for (const email of [person.email, ...person.aliases]) {
      const first = emails.get(email);
      if (first !== undefined && first !== p)
        problems.push(
          `${where(['people', p, 'email'])}: email '${email}' is also used by people[${first}]; one person per email`,
        );
      emails.set(email, p);
    }
    person.teams.forEach((m, t) => {
      unknownTeam(m.team, ['people', p, 'teams', t]);
    });
    problems.push(
      ...intervalProblems(person.teams, ['people', p, 'teams'], where, `teams of ${person.email}`, true),
    );
  });
  return problems;
}

interface Dated {
  team: string;
  from?: string | undefined;
  to?: string | undefined;
}

const at = (s: string | undefined, open: number) => (s === undefined ? open : Date.parse(s));

/** from < to in each entry; entries never overlap (people may be in two teams at once, so only per team there). */
function intervalProblems(
  entries: Dated[],
  base: PropertyKey[],
  where: Where,
  what: string,
  perTeam = false,
): string[] {
  const problems: string[] = [];
  entries.forEach((e, i) => {
    if (e.from && e.to && Date.parse(e.from) >= Date.parse(e.to))
      problems.push(`${where([...base, i, 'to'])}: 'to' (${e.to}) must be after 'from' (${e.from})`);
  });
  for (let i = 0; i < entries.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = entries[j]!;
      const b = entries[i]!;
      if (perTeam && a.team !== b.team) continue;
      const overlaps =
        at(a.from, -Infinity) < at(b.to, Infinity) && at(b.from, -Infinity) < at(a.to, Infinity);
      if (overlaps)
        problems.push(
          `${where([...base, i])}: ${what} overlap: entry ${j + 1} (${a.team}, ${a.from ?? 'always'} to ${a.to ?? 'now'}) and entry ${i + 1} (${b.team}, ${b.from ?? 'always'} to ${b.to ?? 'now'}); end one where the next begins (its 'to' = the other's 'from')`,
        );
    }
  }
  return problems;
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
