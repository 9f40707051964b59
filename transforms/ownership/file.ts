import { isMap, isScalar, isSeq } from 'yaml';
import { camelizeKeys, camelToSnake, parseYamlFile } from '../../src/config/yaml.ts';
import { ConfigError } from '../../src/errors/index.ts';
import { editDistance } from '../../src/text.ts';
import { type OwnershipFileContent, ownershipSchema } from './schema.ts';

export interface OwnershipFile extends OwnershipFileContent {
  path: string;
  /** 1-based line of an entry (path of camelCase keys and indices) in the file. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
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
  const { doc, lineCounter } = parseYamlFile(
    path,
    'ownership file',
    'ownership_file',
    ': set ownership_file (or OPSLEDGER_OWNERSHIP) to an existing YAML file',
  );
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
