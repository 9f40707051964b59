import type { OwnershipFile } from '../../transforms/ownership/file.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

/** One thing the ownership file does not cover, or covers badly, with the incidents it affects. */
export interface OwnershipFinding {
  kind:
    | 'service_not_in_file'
    | 'service_unowned'
    | 'repository_not_in_file'
    | 'jira_project_not_in_file'
    | 'person_not_in_file'
    | 'owner_gap'
    | 'team_without_members'
    | 'file_entry_matches_nothing';
  item: string;
  detail: string;
  incidents: number;
}

const lower = (s: string) => s.trim().toLowerCase();
const ms = (s: string | undefined, open: number) => (s === undefined ? open : Date.parse(s));

/**
 * What no rule covers, what the file covers with holes, and what the file names that the sources do not know:
 * read from the source records already in the warehouse, against the ownership file as it is now.
 */
export async function checkOwnership(warehouse: Warehouse, file: OwnershipFile): Promise<OwnershipFinding[]> {
  const findings: OwnershipFinding[] = [];
  const services = await warehouse.all<{
    id: string;
    name: string;
    team_id: string | null;
    incidents: number;
  }>(
    `SELECT s.service_id AS id, s.name, s.team_id,
       (SELECT count(*) FROM stg_pagerduty__incidents AS i WHERE i.service_id = s.service_id)::INTEGER AS incidents
     FROM stg_pagerduty__services AS s ORDER BY s.name`,
  );
  const pdMatch = new Map<string, (typeof file.services)[number]>();
  for (const service of file.services)
    for (const v of service.match.pagerduty) pdMatch.set(lower(v), service);
  const matched = new Set<string>();
  for (const s of services) {
    const entry = pdMatch.get(lower(s.id)) ?? pdMatch.get(lower(s.name));
    if (entry) {
      matched.add(entry.key);
      findings.push(...(await gapsOf(warehouse, s, entry)));
      continue;
    }
    findings.push({
      kind: s.team_id ? 'service_not_in_file' : 'service_unowned',
      item: `pagerduty service ${s.name} (${s.id})`,
      detail: s.team_id
        ? 'no entry in the ownership file: its incidents fall back to the PagerDuty team'
        : 'no entry in the ownership file and no team in PagerDuty: its incidents are unowned',
      incidents: s.incidents,
    });
  }
  findings.push(...(await repositoryFindings(warehouse, file, matched)));
  findings.push(...(await jiraProjectFindings(warehouse, file, matched)));
  findings.push(...(await peopleFindings(warehouse, file)));
  findings.push(...teamFindings(file));
  for (const service of file.services) {
    if (!matched.has(service.key))
      findings.push({
        kind: 'file_entry_matches_nothing',
        item: `service ${service.key} (line ${file.lineOf(['services', file.services.indexOf(service)]) ?? '?'})`,
        detail:
          'matches no PagerDuty service, repository or Jira project loaded in the warehouse: check match ids and names',
        incidents: 0,
      });
  }
  return findings;
}

/** Incidents of a covered service that fall before its first owner, between two owners or after the last. */
async function gapsOf(
  warehouse: Warehouse,
  service: { id: string; name: string },
  entry: OwnershipFile['services'][number],
): Promise<OwnershipFinding[]> {
  const owners = [...entry.owners].sort((a, b) => ms(a.from, -Infinity) - ms(b.from, -Infinity));
  const holes: Array<[number, number]> = [];
  let covered = -Infinity;
  for (const o of owners) {
    const from = ms(o.from, -Infinity);
    if (from > covered) holes.push([covered, from]);
    covered = Math.max(covered, ms(o.to, Infinity));
  }
  if (covered < Infinity) holes.push([covered, Infinity]);
  const findings: OwnershipFinding[] = [];
  for (const [from, to] of holes) {
    const row = await warehouse.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM stg_pagerduty__incidents
       WHERE service_id = $id AND ($from IS NULL OR created_at >= $from::TIMESTAMPTZ) AND ($to IS NULL OR created_at < $to::TIMESTAMPTZ)`,
      {
        id: service.id,
        from: Number.isFinite(from) ? new Date(from).toISOString() : null,
        to: Number.isFinite(to) ? new Date(to).toISOString() : null,
      },
    );
    const when = `${Number.isFinite(from) ? new Date(from).toISOString().slice(0, 10) : 'the beginning'} to ${Number.isFinite(to) ? new Date(to).toISOString().slice(0, 10) : 'now'}`;
    if (Number.isFinite(from) || (row?.n ?? 0) > 0)
      findings.push({
        kind: 'owner_gap',
        item: `service ${entry.key}`,
        detail: `no owner from ${when}: incidents then fall back to the PagerDuty team (add an owner for that period)`,
        incidents: row?.n ?? 0,
      });
  }
  return findings;
}

async function repositoryFindings(warehouse: Warehouse, file: OwnershipFile, matched: Set<string>) {
  const repos = await warehouse.all<{ repo: string; deploys: number }>(
    `SELECT r.repo, (SELECT count(*) FROM stg_github__deploys AS d WHERE lower(d.repo) = lower(r.repo))::INTEGER AS deploys
     FROM stg_github__repositories AS r ORDER BY r.repo`,
  );
  const listed = new Map<string, string>();
  for (const s of file.services) for (const r of s.match.github) listed.set(lower(r), s.key);
  const findings: OwnershipFinding[] = [];
  for (const r of repos) {
    const key = listed.get(lower(r.repo));
    if (key) matched.add(key);
    else
      findings.push({
        kind: 'repository_not_in_file',
        item: `github repository ${r.repo}`,
        detail: `no service lists it under match.github: its ${r.deploys} deploys take the team of the PagerDuty service it maps to, if any`,
        incidents: 0,
      });
  }
  return findings;
}

async function jiraProjectFindings(warehouse: Warehouse, file: OwnershipFile, matched: Set<string>) {
  const projects = await warehouse.all<{ project_key: string; incidents: number }>(
    // Only incidents Jira alone knows depend on the project: the others follow their PagerDuty service.
    `SELECT split_part(ticket_key, '-', 1) AS project_key, count(*)::INTEGER AS incidents
     FROM incidents WHERE source = 'jira' GROUP BY 1 ORDER BY 1`,
  );
  const listed = new Map<string, string>();
  for (const s of file.services) for (const p of s.match.jira) listed.set(lower(p), s.key);
  const findings: OwnershipFinding[] = [];
  for (const p of projects) {
    const key = listed.get(lower(p.project_key));
    if (key) matched.add(key);
    else
      findings.push({
        kind: 'jira_project_not_in_file',
        item: `jira project ${p.project_key}`,
        detail: 'no service lists it under match.jira: Jira-only incidents there use the Jira team rules',
        incidents: p.incidents,
      });
  }
  return findings;
}

async function peopleFindings(warehouse: Warehouse, file: OwnershipFile): Promise<OwnershipFinding[]> {
  const users = await warehouse.all<{ user_id: string; email: string | null; incidents: number }>(
    `SELECT u.user_id, u.email,
       (SELECT count(DISTINCT l.incident_id) FROM stg_pagerduty__log_entries AS l
         WHERE l.notified_user_id = u.user_id OR (l.agent_type = 'user_reference' AND l.agent_id = u.user_id))::INTEGER AS incidents
     FROM stg_pagerduty__users AS u ORDER BY u.user_id`,
  );
  const known = new Set<string>();
  for (const p of file.people) {
    for (const v of [p.email, ...p.aliases, p.pagerduty]) if (v) known.add(lower(v));
  }
  return users
    .filter((u) => !known.has(lower(u.user_id)) && !(u.email && known.has(lower(u.email))))
    .map((u) => ({
      kind: 'person_not_in_file' as const,
      item: `pagerduty user ${u.user_id}`,
      detail:
        'no person in the file has this PagerDuty id, email or alias: the PagerDuty profile decides time zone and team',
      incidents: u.incidents,
    }));
}

function teamFindings(file: OwnershipFile): OwnershipFinding[] {
  const members = new Set(file.people.flatMap((p) => p.teams.map((t) => t.team)));
  const owning = new Set(file.services.flatMap((s) => s.owners.map((o) => o.team)));
  return file.teams
    .filter((t) => !members.has(t.key))
    .map((t) => ({
      kind: 'team_without_members' as const,
      item: `team ${t.key}`,
      detail: owning.has(t.key)
        ? 'owns services but no person in the file is a member: its on-call load has nobody to fall on'
        : 'no person in the file is a member and it owns no service',
      incidents: 0,
    }));
}
