import { stringify } from 'yaml';
import type { GitHubTruth } from './github/truth.ts';
import type { PagerDutyTruth } from './pagerduty/truth.ts';

/** What the sandbox's ownership file says, for tests: team keys, the service it leaves out, aliased people. */
export interface SandboxOwnership {
  yaml: string;
  /** PagerDuty team id -> the file's team key. */
  teamKeys: Map<string, string>;
  /** The PagerDuty service the file does not cover (its incidents fall back to PagerDuty's own teams). */
  unmappedServiceId: string;
  /** The file team that has neither services nor members (ownership check lists it). */
  emptyTeamKey: string;
  /** PagerDuty user ids whose primary email in the file differs from PagerDuty's (PagerDuty's is an alias, in other case). */
  aliasedUserIds: string[];
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The ownership file an administrator of the sandbox organisation would write: every team (with an alias), every
 * service but one with its owners (two owners for the service that was reorganised), its repositories, and every
 * person, some under another email than PagerDuty's.
 */
export function sandboxOwnership(pd: PagerDutyTruth, github?: GitHubTruth): SandboxOwnership {
  const teamKeys = new Map(pd.teams.map((t) => [t.id, slug(t.name)]));
  const emptyTeamKey = 'reliability-guild';
  const teams = [
    ...pd.teams.map((t) => ({
      key: teamKeys.get(t.id)!,
      name: t.name,
      aliases: [`${t.name} Team`],
      match: { pagerduty: [t.id] },
    })),
    { key: emptyTeamKey, name: 'Reliability Guild', aliases: [], match: { pagerduty: [] } },
  ];
  const unmapped = pd.services.at(-1)!;
  const services = pd.services
    .filter((s) => s.id !== unmapped.id)
    .map((s) => {
      const repos = (github?.repos ?? []).filter((r) => r.serviceId === s.id).map((r) => r.fullName);
      const owners =
        s.previousTeamId && s.teamSince
          ? [
              { team: teamKeys.get(s.previousTeamId)!, to: day(s.teamSince) },
              { team: teamKeys.get(s.teamId)!, from: day(s.teamSince) },
            ]
          : [{ team: teamKeys.get(s.teamId)! }];
      return {
        key: slug(s.name),
        name: s.name,
        match: { pagerduty: [s.id], ...(repos.length ? { github: repos } : {}) },
        owners,
      };
    });
  const aliasedUserIds: string[] = [];
  const people = pd.users.map((u, i) => {
    const aliased = i % 4 === 1;
    if (aliased) aliasedUserIds.push(u.id);
    const [local] = u.email.split('@');
    return {
      email: aliased ? `${local}@corp.opsledger-sandbox.example` : u.email,
      name: u.name,
      ...(aliased ? { aliases: [u.email.toUpperCase()] } : {}),
      time_zone: u.timeZone,
      teams: u.teamIds.map((t) => teamKeys.get(t)!),
    };
  });
  const header =
    '# Ownership of the sandbox organisation (generated): teams, services with effective-dated owners, people.\n' +
    `# ${unmapped.name} is deliberately left out; ${emptyTeamKey} has no services and no members.\n`;
  return {
    yaml: header + stringify({ teams, services, people }, { lineWidth: 0 }),
    teamKeys,
    unmappedServiceId: unmapped.id,
    emptyTeamKey,
    aliasedUserIds,
  };
}
