import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { runSync } from '../../src/pipeline/sync.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import { teamKeysByName, truths } from '../connectors/jira/truth-incidents.ts';
import {
  dumpTable,
  jiraSandboxConfig,
  openWarehouse,
  startTestSandbox,
  syncOnce,
  tempWarehousePath,
} from '../helpers/world.ts';

const day = 86_400_000;
const jiraTables = [
  'raw_jira__incidents',
  'raw_jira__postmortems',
  'raw_jira__action_items',
  'raw_jira__live_issues',
  'raw_jira__fields',
  'raw_jira__statuses',
  'incidents',
  'incident_events',
  'incident_links',
  'postmortems',
  'postmortem_incidents',
  'action_items',
  'incident_recurrence',
  'dq_jira_findings',
  'dq_rejects',
  'sync_cursors',
];
const contentTables = ['incidents', 'incident_links', 'postmortems', 'postmortem_incidents', 'action_items'];
const lineage = ['sync_run_id', 'extracted_at', 'updated_at', 'first_rejected_at'];

async function snapshot(warehouse: Warehouse, tables: string[], exclude: string[] = []) {
  return Object.fromEntries(
    await Promise.all(tables.map(async (t) => [t, await dumpTable(warehouse, t, exclude)])),
  );
}

function runCli(args: string[], env: Record<string, string>, killWhen?: (stderr: string) => boolean) {
  return new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/opsledger.js', ...args], { env: { ...process.env, ...env } });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => {
      stderr += d;
      if (killWhen?.(stderr)) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('Jira sync runs: repeated, killed and resumed, incremental, deletions', () => {
  let sandbox: Sandbox;
  let warehouse: Warehouse | undefined;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 13, scale: { incidents: 250, days: 120 } });
  });
  afterEach(() => {
    warehouse?.close();
    warehouse = undefined;
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('a second sync over unchanged data leaves every table identical', async () => {
    const path = tempWarehousePath();
    warehouse = await openWarehouse(path);
    const config = jiraSandboxConfig(sandbox, path);
    await syncOnce(config, warehouse, sandbox);
    const before = await snapshot(warehouse, jiraTables);
    const second = await syncOnce(config, warehouse, sandbox);
    expect(second.status).toBe('succeeded');
    expect(await snapshot(warehouse, jiraTables)).toEqual(before);
  });

  it('`sync --source jira` killed mid-stream and started again ends identical to an uninterrupted run', async () => {
    const cleanPath = tempWarehousePath();
    const clean = await openWarehouse(cleanPath);
    const config = jiraSandboxConfig(sandbox, cleanPath);
    await runSync({ config, log: silentLogger, warehouse: clean, sources: ['jira'] });
    const expected = await snapshot(clean, contentTables, lineage);
    clean.close();

    const path = tempWarehousePath();
    const env = {
      JIRA_HOST: sandbox.jira.host,
      JIRA_EMAIL: sandbox.jira.email,
      JIRA_API_TOKEN: sandbox.jira.apiToken,
      OPSLEDGER_WAREHOUSE: path,
      OPSLEDGER_PROGRESS_MS: '0',
    };
    // Killed after the first committed page of incidents, before the other Jira streams ran.
    const killed = await runCli(['sync', '--source', 'jira'], env, (err) =>
      /jira\.incidents: [\d,]+ records so far/.test(err),
    );
    expect(killed.signal).toBe('SIGKILL');
    const resumed = await runCli(['sync', '--source', 'jira'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).not.toContain(sandbox.jira.apiToken);

    warehouse = await openWarehouse(path);
    expect(await snapshot(warehouse, contentTables, lineage)).toEqual(expected);
    const runs = await warehouse.all<{ status: string }>('SELECT status FROM sync_runs ORDER BY started_at');
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
  });

  it('updates tickets changed since the last sync (resolved, reopened, due date moved, moved team) without duplicates', async () => {
    const path = tempWarehousePath();
    warehouse = await openWarehouse(path);
    const config = jiraSandboxConfig(sandbox, path);
    const start = sandbox.clock.now();
    try {
      sandbox.clock.set(new Date(start.getTime() - 20 * day));
      await syncOnce(config, warehouse, sandbox, true);
      const before = truths(sandbox).jira;
      sandbox.clock.set(start);
      const after = truths(sandbox).jira;
      const changed = after.actionItems.filter((item) => {
        const old = before.actionItems.find((o) => o.key === item.key);
        return (
          old &&
          (old.dueDate !== item.dueDate ||
            old.teamName !== item.teamName ||
            old.completedAt !== item.completedAt)
        );
      });
      expect(changed.length).toBeGreaterThan(0);
      const result = await syncOnce(config, warehouse, sandbox);
      expect(result.status).toBe('succeeded');

      const teams = teamKeysByName(truths(sandbox).pd);
      const items = await warehouse.all<{
        ticket_key: string;
        due_date: string | null;
        team_key: string;
        completed_at: string | null;
      }>('SELECT ticket_key, due_date, team_key, completed_at FROM action_items');
      expect(items.length).toBe(after.actionItems.length);
      const byKey = new Map(items.map((i) => [i.ticket_key, i]));
      for (const item of after.actionItems) {
        const row = byKey.get(item.key)!;
        expect(row.due_date, item.key).toBe(item.dueDate);
        expect(row.team_key, item.key).toBe(teams.get(item.teamName));
        expect(row.completed_at ? Date.parse(row.completed_at) : null, item.key).toBe(
          item.completedAt?.getTime() ?? null,
        );
      }
      const tickets = await warehouse.all<{
        ticket_key: string;
        resolved_at: string | null;
        reopen_count: number;
      }>("SELECT ticket_key, resolved_at, reopen_count FROM incidents WHERE incident_key LIKE 'jira:%'");
      for (const t of after.incidents.filter((i) => !i.pagerdutyIncidentId)) {
        const row = tickets.find((r) => r.ticket_key === t.key)!;
        expect(row.resolved_at ? Date.parse(row.resolved_at) : null, t.key).toBe(
          t.resolvedAt?.getTime() ?? null,
        );
        expect(row.reopen_count, t.key).toBe(t.reopenCount);
      }
      const [dupes] = await warehouse.all<{ n: number }>(
        'SELECT count(*) - count(DISTINCT source_id) AS n FROM raw_jira__action_items',
      );
      expect(Number(dupes!.n)).toBe(0);
    } finally {
      sandbox.clock.set(start);
    }
  });

  it('marks a ticket that is gone from its scope as deleted instead of keeping it', async () => {
    const path = tempWarehousePath();
    warehouse = await openWarehouse(path);
    await syncOnce(jiraSandboxConfig(sandbox, path), warehouse, sandbox);
    const { jira } = truths(sandbox);
    const ticket = jira.incidents.find((t) => !t.pagerdutyIncidentId)!;
    const item = jira.actionItems[0]!;
    const narrowed = jiraSandboxConfig(sandbox, path, {
      jira: {
        incidents: { jql: `project = INC AND issuetype = Incident AND key != ${ticket.key}` },
        actionItems: { jql: `issuetype = Task AND labels = action-item AND key != ${item.key}` },
      },
    });
    expect((await syncOnce(narrowed, warehouse, sandbox)).status).toBe('succeeded');
    const gone = await warehouse.all<{ issue_key: string; is_deleted: boolean }>(
      'SELECT issue_key, is_deleted FROM stg_jira__issues WHERE is_deleted',
    );
    expect(gone.map((g) => g.issue_key).sort()).toEqual([ticket.key, item.key].sort());
    const [link] = await warehouse.all<{ link_status: string }>(
      'SELECT link_status FROM incident_links WHERE ticket_key = $k',
      { k: ticket.key },
    );
    expect(link!.link_status).toBe('deleted');
    const [incident] = await warehouse.all<{ n: number }>(
      'SELECT count(*) AS n FROM incidents WHERE incident_key = $k',
      {
        k: `jira:${ticket.key}`,
      },
    );
    expect(Number(incident!.n)).toBe(0);
    const [row] = await warehouse.all<{ is_deleted: boolean }>(
      'SELECT is_deleted FROM action_items WHERE ticket_key = $k',
      {
        k: item.key,
      },
    );
    expect(row!.is_deleted).toBe(true);
    const [counted] = await warehouse.all<{ n: number }>(
      "SELECT sum(items) AS n FROM metric_action_item_completion WHERE period_grain = 'month' AND team_key = '(all)' AND owner_person_key = '(all)'",
    );
    expect(Number(counted!.n)).toBe(jira.actionItems.length - 1);
  });
});
