import type { OwnershipFile } from './file.ts';

type Cell = string | number | null;
export type OwnershipTables = Record<string, Array<Record<string, Cell>>>;

const lower = (s: string) => s.trim().toLowerCase();

/** The ownership file as rows of the ownership_* tables (all identifiers lower-cased: matching is case-blind). */
export function ownershipTables(file: OwnershipFile | undefined): OwnershipTables {
  const tables: OwnershipTables = {
    ownership_teams: [],
    ownership_team_names: [],
    ownership_services: [],
    ownership_service_matches: [],
    ownership_service_owners: [],
    ownership_people: [],
    ownership_person_identities: [],
    ownership_person_teams: [],
  };
  if (!file) return tables;
  const line = (...path: PropertyKey[]) => file.lineOf(path) ?? null;
  file.teams.forEach((team, t) => {
    tables.ownership_teams!.push({ team_key: team.key, name: team.name, file_line: line('teams', t) });
    const names: Array<[string, string]> = [
      ['name', team.name],
      ...team.aliases.map((a): [string, string] => ['alias', a]),
      ...team.match.pagerduty.map((p): [string, string] => ['pagerduty', p]),
    ];
    for (const [kind, value] of names)
      tables.ownership_team_names!.push({ team_key: team.key, kind, value: lower(value) });
  });
  file.services.forEach((service, s) => {
    tables.ownership_services!.push({
      service_key: service.key,
      name: service.name ?? null,
      file_line: line('services', s),
    });
    for (const [source, values] of Object.entries(service.match)) {
      values.forEach((value, v) => {
        tables.ownership_service_matches!.push({
          service_key: service.key,
          source,
          value: lower(value),
          file_line: line('services', s, 'match', source, v),
        });
      });
    }
    service.owners.forEach((owner, o) => {
      tables.ownership_service_owners!.push({
        service_key: service.key,
        team_key: owner.team,
        valid_from: owner.from ?? null,
        valid_to: owner.to ?? null,
        file_line: line('services', s, 'owners', o),
      });
    });
  });
  file.people.forEach((person, p) => {
    tables.ownership_people!.push({
      person_id: p,
      email: person.email,
      name: person.name ?? null,
      time_zone: person.timeZone ?? null,
      working_hours_start: person.workingHours?.start ?? null,
      working_hours_end: person.workingHours?.end ?? null,
      working_days: person.workingHours?.days.join(',') ?? null,
      file_line: line('people', p),
    });
    const identities: Array<[string, string | undefined]> = [
      ['email', person.email],
      ...person.aliases.map((a): [string, string] => ['email', a]),
      ['pagerduty', person.pagerduty],
      ['jira', person.jira],
      ['github', person.github],
    ];
    for (const [source, value] of identities)
      if (value) tables.ownership_person_identities!.push({ person_id: p, source, value: lower(value) });
    for (const m of person.teams)
      tables.ownership_person_teams!.push({
        person_id: p,
        team_key: m.team,
        valid_from: m.from ?? null,
        valid_to: m.to ?? null,
      });
  });
  return tables;
}
