import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { runSync } from '../../src/pipeline/sync.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { jiraSandboxConfig, openWarehouse, startTestSandbox, tempWarehousePath } from '../helpers/world.ts';

const small = { incidents: 200, days: 90 };
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function sync(s: Sandbox, extra: Record<string, unknown> = {}, level: 'warn' | 'debug' = 'warn') {
  const path = tempWarehousePath();
  const warehouse = await openWarehouse(path);
  const lines: string[] = [];
  const result = await runSync({
    config: jiraSandboxConfig(s, path, extra),
    log: createLogger(level, (l) => lines.push(l)),
    warehouse,
    now: s.clock.now(),
  });
  return { result, warehouse, lines };
}

describe('Jira sync error handling', () => {
  it('quarantines an issue whose created time is broken in dq_rejects and loads the rest', async () => {
    sandbox = await startTestSandbox({ seed: 9, scale: small });
    sandbox.faults.inject({ route: '/rest/api/3/search/jql', corruptRecord: true });
    const { result, warehouse, lines } = await sync(sandbox);
    expect(result.status).toBe('succeeded');
    const rejects = await warehouse.all<{
      source: string;
      stream: string;
      reason: string;
      source_id: string;
    }>("SELECT source, stream, reason, source_id FROM dq_rejects WHERE source = 'jira'");
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.stream).toBe('incidents');
    expect(rejects[0]!.reason).toMatch(/^INC-\d+: fields\.created: invalid timestamp "not-a-date"/);
    const [loaded] = await warehouse.all<{ n: number }>('SELECT count(*) AS n FROM raw_jira__incidents');
    expect(Number(loaded!.n)).toBe(sandbox.jira.truth().incidents.length - 1);
    expect(lines.some((l) => l.includes('jira.incidents: quarantined'))).toBe(true);
    warehouse.close();
  });

  it('stops Jira on a wrong token with a message naming JIRA_API_TOKEN, never the token; PagerDuty still loads', async () => {
    sandbox = await startTestSandbox({ seed: 9, scale: small });
    const bad = 'wrong-jira-token-0123456789';
    const { result, warehouse, lines } = await sync(sandbox, { jira: { apiToken: bad } }, 'debug');
    expect(result.status).toBe('partial');
    const jira = result.outcomes.filter((o) => o.source === 'jira');
    expect(jira).toHaveLength(1);
    expect(jira[0]!.error).toMatch(
      /^AuthError: Jira at .* rejected the credentials \(HTTP 401.*check JIRA_EMAIL and JIRA_API_TOKEN/,
    );
    expect(
      result.outcomes.filter((o) => o.source === 'pagerduty').every((o) => o.status === 'succeeded'),
    ).toBe(true);
    const everything = [...lines, JSON.stringify(result)].join('\n');
    expect(everything).not.toContain(bad);
    const stored = await warehouse.all<{ t: string }>(
      "SELECT CAST(settings AS VARCHAR) || coalesce(CAST(counts AS VARCHAR), '') AS t FROM sync_runs UNION ALL SELECT error FROM sync_run_streams WHERE error IS NOT NULL",
    );
    expect(stored.map((s) => s.t).join('\n')).not.toContain(bad);
    const [incidents] = await warehouse.all<{ n: number }>('SELECT count(*) AS n FROM incidents');
    expect(Number(incidents!.n)).toBe(sandbox.pagerduty.truth().incidents.length);
    warehouse.close();
  });

  it('names the setting and close field names when a configured custom field does not exist', async () => {
    sandbox = await startTestSandbox({ seed: 9, scale: small });
    const { result, warehouse } = await sync(sandbox, {
      jira: { fields: { impactStart: 'Impact Started' } },
    });
    expect(result.status).toBe('partial');
    const failed = result.outcomes.filter((o) => o.status === 'failed');
    expect(failed.map((o) => `${o.source}.${o.stream}`)).toEqual([
      'jira.incidents',
      'jira.postmortems',
      'jira.action_items',
    ]);
    for (const outcome of failed) {
      expect(outcome.error).toMatch(
        /ConfigError: .*jira\.fields\.impact_start: this Jira site has no field named "Impact Started"; close names: Impact Start \(customfield_\d+\)/,
      );
    }
    // The field list, the statuses and every PagerDuty stream still loaded.
    expect(result.outcomes.filter((o) => o.status === 'succeeded').length).toBe(result.outcomes.length - 3);
    warehouse.close();
  });

  it('names the scope setting when Jira refuses an issue type', async () => {
    sandbox = await startTestSandbox({ seed: 9, scale: small });
    const { result, warehouse } = await sync(sandbox, {
      jira: { postmortems: { issueTypes: ['Post-mortem'] } },
    });
    const failed = result.outcomes.filter((o) => o.status === 'failed');
    expect(failed.map((o) => o.stream)).toEqual(['postmortems']);
    expect(failed[0]!.error).toMatch(
      /ConfigError: jira\.postmortems: Jira refused the search .*Post-mortem.*check jira\.postmortems/,
    );
    // A scope that cannot be listed is never taken for a scope that lost its issues.
    const [deleted] = await warehouse.all<{ n: number }>(
      'SELECT count(*) AS n FROM stg_jira__issues WHERE is_deleted',
    );
    expect(Number(deleted!.n)).toBe(0);
    warehouse.close();
  });

  it('retries 429 (honouring Retry-After) and 5xx answers and completes the run', async () => {
    sandbox = await startTestSandbox({ seed: 9, scale: small });
    sandbox.faults.inject({
      route: '/rest/api/3/search/jql',
      status: 429,
      times: 2,
      headers: { 'retry-after': '1' },
    });
    sandbox.faults.inject({ route: '/rest/api/3/field', status: 502, times: 1 });
    const { result, warehouse, lines } = await sync(sandbox);
    expect(result.status).toBe('succeeded');
    expect(lines.filter((l) => /Jira .* answered HTTP 429.*retrying in 1\.\d s/.test(l))).toHaveLength(2);
    const [loaded] = await warehouse.all<{ n: number }>('SELECT count(*) AS n FROM raw_jira__incidents');
    expect(Number(loaded!.n)).toBe(sandbox.jira.truth().incidents.length);
    warehouse.close();
  });
});
