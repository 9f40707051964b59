import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.ts';
import { checkOwnership } from '../../src/ownership/check.ts';
import { loadOwnershipFile } from '../../src/pipeline/ownership.ts';
import { rebuildModels } from '../../src/pipeline/rebuild.ts';
import type { Sandbox, SandboxOwnership } from '../../src/sandbox/index.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import {
  jiraSandboxConfig,
  mean,
  minutesBetween,
  openWarehouse,
  quantile,
  sandboxConfig,
  startTestSandbox,
  syncOnce,
  tempWarehousePath,
} from '../helpers/world.ts';

const quarterStart = (d: Date) =>
  `${d.getUTCFullYear()}-${String(Math.floor(d.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`;

describe('ownership file: point-in-time teams, one person across systems', () => {
  let sandbox: Sandbox;
  let warehouse: Warehouse;
  let config: Config;
  let ownership: SandboxOwnership;
  let ownershipPath: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const path = tempWarehousePath();
    ownership = sandbox.ownership();
    ownershipPath = join(dirname(path), 'ownership.yaml');
    writeFileSync(ownershipPath, ownership.yaml);
    warehouse = await openWarehouse(path);
    config = jiraSandboxConfig(sandbox, path, { ownershipFile: ownershipPath });
    await syncOnce(config, warehouse, sandbox);
  }, 120_000);

  afterAll(async () => {
    warehouse?.close();
    await sandbox?.close();
  });

  const teamKeyOf = (pagerDutyTeamId: string) => ownership.teamKeys.get(pagerDutyTeamId)!;

  it('attributes per-team MTTR across the reorganisation boundary exactly as the ground truth', async () => {
    const pd = sandbox.pagerduty.truth();
    const moved = pd.services.find((s) => s.previousTeamId !== null)!;
    const movedIncidents = pd.incidents.filter((i) => i.serviceId === moved.id);
    expect(movedIncidents.some((i) => i.createdAt < moved.teamSince!)).toBe(true);
    expect(movedIncidents.some((i) => i.createdAt >= moved.teamSince!)).toBe(true);

    const expected = new Map<string, number[]>();
    for (const i of pd.incidents) {
      if (!i.resolvedAt) continue;
      const key = `${quarterStart(i.createdAt)}|${teamKeyOf(i.teamId)}|${i.severity}`;
      expected.set(key, [...(expected.get(key) ?? []), minutesBetween(i.createdAt, i.resolvedAt)]);
    }
    // PagerDuty alone: Jira-only incidents have teams of their own rules, outside PagerDuty's truth.
    const path = join(dirname(tempWarehousePath()), 'pagerduty-only.duckdb');
    const pdOnly = await openWarehouse(path);
    await syncOnce(sandboxConfig(sandbox, path, { ownershipFile: ownershipPath }), pdOnly, sandbox);
    const rows = await pdOnly.all<{
      k: string;
      incidents: number;
      mean_minutes: number;
      median_minutes: number;
      p90_minutes: number;
    }>(
      `SELECT CAST(period_start AS VARCHAR) || '|' || team_key || '|' || severity AS k, CAST(incidents AS INTEGER) AS incidents,
         mean_minutes, median_minutes, p90_minutes
       FROM metric_mttr WHERE period_grain = 'quarter' AND service_key = '(all)' AND team_key <> '(all)' AND severity <> '(all)'`,
    );
    expect(rows.map((r) => r.k).sort()).toEqual([...expected.keys()].sort());
    for (const row of rows) {
      const values = expected.get(row.k)!;
      expect(row.incidents, row.k).toBe(values.length);
      expect(row.mean_minutes, row.k).toBeCloseTo(mean(values), 6);
      expect(row.median_minutes, row.k).toBeCloseTo(quantile(values, 0.5), 6);
      expect(row.p90_minutes, row.k).toBeCloseTo(quantile(values, 0.9), 6);
    }
    pdOnly.close();
  }, 60_000);

  it('records the deciding rule: the file for covered services, PagerDuty teams for the service it leaves out', async () => {
    const pd = sandbox.pagerduty.truth();
    const rows = await warehouse.all<{ incident_key: string; team_key: string; ownership_rule: string }>(
      'SELECT incident_key, team_key, ownership_rule FROM incidents',
    );
    const byKey = new Map(rows.map((r) => [r.incident_key, r]));
    for (const i of pd.incidents) {
      const row = byKey.get(`pagerduty:${i.id}`)!;
      expect(row.team_key, i.id).toBe(teamKeyOf(i.teamId));
      expect(row.ownership_rule, i.id).toBe(
        i.serviceId === ownership.unmappedServiceId ? 'pagerduty_incident_team' : 'ownership_file',
      );
    }
    const history = await warehouse.all<{ team_key: string; valid_to: string | null }>(
      `SELECT o.team_key, CAST(o.valid_to AS VARCHAR) AS valid_to FROM service_owners o JOIN services s USING (service_key)
       WHERE s.source_id = $id ORDER BY o.valid_from`,
      { id: pd.services.find((s) => s.previousTeamId !== null)!.id },
    );
    expect(history.map((h) => h.team_key)).toHaveLength(2);
    const teams = await warehouse.all<{ team_key: string; source: string }>(
      'SELECT team_key, source FROM teams ORDER BY team_key',
    );
    expect(teams.filter((t) => t.source === 'pagerduty')).toEqual([]);
    expect(teams.map((t) => t.team_key)).toEqual(
      [...new Set([...ownership.teamKeys.values(), ownership.emptyTeamKey, 'unowned'])].sort(),
    );
  });

  it('knows one person across systems: aliases and emails in another case, time zone from the file', async () => {
    const pd = sandbox.pagerduty.truth();
    const jira = sandbox.jira.truth();
    const people = await warehouse.all<{
      person_key: string;
      in_ownership_file: boolean;
      time_zone: string;
      team_key: string;
    }>("SELECT person_key, in_ownership_file, time_zone, team_key FROM people WHERE source = 'pagerduty'");
    expect(people).toHaveLength(pd.users.length);
    expect(people.every((p) => p.in_ownership_file)).toBe(true);
    const aliased = new Set(ownership.aliasedUserIds.map((id) => `pagerduty:${id}`));
    expect(aliased.size).toBeGreaterThan(2);
    for (const user of pd.users) {
      const row = people.find((p) => p.person_key === `pagerduty:${user.id}`)!;
      expect(row.time_zone).toBe(user.timeZone);
      expect(row.team_key).toBe(teamKeyOf(user.teamIds[0]!));
    }
    const identities = await warehouse.all<{ source_id: string; person_key: string }>(
      "SELECT source_id, person_key FROM person_identities WHERE source = 'jira'",
    );
    const byAccount = new Map(identities.map((i) => [i.source_id, i.person_key]));
    const recased = jira.users.filter(
      (u) => u.pagerdutyUser !== null && u.emailAddress !== pd.users[u.pagerdutyUser]!.email,
    );
    expect(recased.length).toBeGreaterThan(0);
    for (const u of jira.users.filter((x) => x.pagerdutyUser !== null && byAccount.has(x.accountId)))
      expect(byAccount.get(u.accountId), u.emailAddress).toBe(`pagerduty:${pd.users[u.pagerdutyUser!]!.id}`);
  });

  it('ownership check lists the uncovered service with its incidents and the team without members, nothing else', async () => {
    const pd = sandbox.pagerduty.truth();
    const findings = await checkOwnership(warehouse, loadOwnershipFile(config)!);
    const unmapped = pd.services.find((s) => s.id === ownership.unmappedServiceId)!;
    const jiraOnly = sandbox.jira.truth().incidents.filter((i) => i.pagerdutyIncidentId === null).length;
    expect(
      findings.map((f) => ({ kind: f.kind, item: f.item, incidents: f.incidents })),
      JSON.stringify(findings),
    ).toEqual([
      {
        kind: 'service_not_in_file',
        item: `pagerduty service ${unmapped.name} (${unmapped.id})`,
        incidents: pd.incidents.filter((i) => i.serviceId === unmapped.id).length,
      },
      { kind: 'jira_project_not_in_file', item: 'jira project INC', incidents: jiraOnly },
      { kind: 'team_without_members', item: `team ${ownership.emptyTeamKey}`, incidents: 0 },
    ]);
  });

  it('re-attributes history after the file changes, with a rebuild and no API call', async () => {
    const pd = sandbox.pagerduty.truth();
    const moved = pd.services.find((s) => s.previousTeamId !== null)!;
    const since = moved.teamSince!.toISOString().slice(0, 10);
    const later = new Date(moved.teamSince!.getTime() + 30 * 86_400_000);
    const laterDay = later.toISOString().slice(0, 10);
    const text = readFileSync(ownershipPath, 'utf8');
    expect(text.split(`${since}`).length - 1).toBe(2);
    writeFileSync(ownershipPath, text.replaceAll(since, laterDay));
    const requestsBefore = sandbox.stats.requests();
    await rebuildModels(warehouse, config);
    expect(sandbox.stats.requests()).toBe(requestsBefore);
    const rows = await warehouse.all<{ id: string; team_key: string }>(
      "SELECT source_id AS id, team_key FROM incidents WHERE source = 'pagerduty'",
    );
    const teamOf = new Map(rows.map((r) => [r.id, r.team_key]));
    const shifted = pd.incidents.filter(
      (i) => i.serviceId === moved.id && i.createdAt >= moved.teamSince! && i.createdAt < later,
    );
    expect(shifted.length).toBeGreaterThan(0);
    for (const i of pd.incidents.filter((x) => x.serviceId === moved.id)) {
      const expected = i.createdAt < later ? moved.previousTeamId! : moved.teamId;
      expect(teamOf.get(i.id), i.id).toBe(teamKeyOf(expected));
    }
    writeFileSync(ownershipPath, text);
    await rebuildModels(warehouse, config);
  });
});
