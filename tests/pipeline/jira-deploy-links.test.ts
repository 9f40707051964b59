import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { buildModels } from '../../src/warehouse/models.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import {
  gitHubSandboxConfig,
  openWarehouse,
  startTestSandbox,
  syncOnce,
  tempWarehousePath,
} from '../helpers/world.ts';

/** Explicit deploy links from Jira: the ticket's Deploy field or a deploy-<sha> label names the change. */
describe('explicit deploy links from the Jira incident ticket', () => {
  let sandbox: Sandbox;
  let warehouse: Warehouse;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const path = tempWarehousePath();
    warehouse = await openWarehouse(path);
    const jira = { host: sandbox.jira.host, email: sandbox.jira.email, apiToken: sandbox.jira.apiToken };
    const result = await syncOnce(gitHubSandboxConfig(sandbox, path, { jira }), warehouse, sandbox);
    expect(result.status).toBe('succeeded');
  }, 120_000);

  afterAll(async () => {
    warehouse?.close();
    await sandbox?.close();
  });

  /** Two deploys of a SHA deployed once, and two tickets tracking PagerDuty incidents that no PagerDuty field links. */
  async function pick() {
    const deploys = await warehouse.all<{ sha: string; deploy_key: string }>(
      `SELECT sha, deploy_key FROM deploys WHERE is_production AND succeeded
         AND sha IN (SELECT sha FROM deploys GROUP BY sha HAVING count(*) = 1) ORDER BY finished_at LIMIT 2`,
    );
    const tickets = await warehouse.all<{ issue_id: string; incident_key: string }>(
      `SELECT k.issue_id, k.incident_key FROM incident_links AS k
       WHERE k.incident_key LIKE 'pagerduty:%' AND k.is_primary_ticket
         AND k.incident_key NOT IN (SELECT incident_key FROM incident_deploy_links WHERE basis = 'explicit')
       ORDER BY k.ticket_key LIMIT 2`,
    );
    expect(deploys).toHaveLength(2);
    expect(tickets).toHaveLength(2);
    return { deploys, tickets };
  }

  it('links the incident to the deploy its ticket names, in the Deploy field or a deploy- label', async () => {
    const { deploys, tickets } = await pick();
    const [byField, byLabel] = tickets as [(typeof tickets)[0], (typeof tickets)[0]];
    const [fieldDeploy, labelDeploy] = deploys as [(typeof deploys)[0], (typeof deploys)[0]];
    // What the connector stores when the Deploy field holds text: the annotation's deploy_reference.
    await warehouse.run(
      `UPDATE raw_jira__incidents SET payload = json_merge_patch(payload, json_object('opsledger', json_object('deploy_reference', 'rolled out ' || $sha)))
       WHERE source_id = $id`,
      { sha: fieldDeploy.sha.slice(0, 10), id: byField.issue_id },
    );
    await warehouse.run(
      `UPDATE raw_jira__incidents SET payload = json_merge_patch(payload, json_object('fields', json_object('labels',
         list_append(coalesce(CAST(payload -> 'fields' -> 'labels' AS VARCHAR[]), []), 'deploy-' || $sha))))
       WHERE source_id = $id`,
      { sha: labelDeploy.sha.slice(0, 8), id: byLabel.issue_id },
    );
    await buildModels(warehouse);
    const links = await warehouse.all<{
      incident_key: string;
      deploy_key: string;
      basis: string;
      reference: string;
    }>(
      `SELECT incident_key, deploy_key, basis, reference FROM incident_deploy_links
       WHERE incident_key IN ($a, $b) ORDER BY incident_key = $a DESC`,
      { a: byField.incident_key, b: byLabel.incident_key },
    );
    expect(links).toEqual([
      {
        incident_key: byField.incident_key,
        deploy_key: fieldDeploy.deploy_key,
        basis: 'explicit',
        reference: fieldDeploy.sha.slice(0, 10),
      },
      {
        incident_key: byLabel.incident_key,
        deploy_key: labelDeploy.deploy_key,
        basis: 'explicit',
        reference: labelDeploy.sha.slice(0, 8),
      },
    ]);
  });
});
