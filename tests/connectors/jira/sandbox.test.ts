import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnotatedIssue } from '../../../connectors/jira/annotate.ts';
import { createJiraClient, type JiraClient } from '../../../connectors/jira/client.ts';
import type { IssueStreamName, JiraStreamOptions } from '../../../connectors/jira/options.ts';
import { JiraSession } from '../../../connectors/jira/session.ts';
import { issueStream } from '../../../connectors/jira/streams/issues.ts';
import type { StreamBatch } from '../../../connectors/stream.ts';
import { AuthError, ConfigError } from '../../../src/errors/index.ts';
import { createLogger, type Logger, silentLogger } from '../../../src/logger.ts';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { sandboxNow, startTestSandbox } from '../../helpers/world.ts';

const day = 86_400_000;

function options(overrides: Partial<JiraStreamOptions> = {}): JiraStreamOptions {
  return {
    scopes: {
      incidents: { projects: ['INC'], issueTypes: ['Incident'], labels: [] },
      postmortems: { projects: ['PM'], issueTypes: ['Postmortem'], labels: [] },
      action_items: { projects: [], issueTypes: ['Task'], labels: ['action-item'] },
    },
    fields: {},
    pagerdutyLabelPrefix: 'pagerduty-',
    externalLabels: [],
    pageSize: 100,
    startDate: new Date(sandboxNow.getTime() - 400 * day),
    overlapMs: 3_600_000,
    ...overrides,
  };
}

function client(sandbox: Sandbox, log: Logger = silentLogger, token = sandbox.jira.apiToken): JiraClient {
  return createJiraClient({
    host: sandbox.jira.host,
    email: sandbox.jira.email,
    apiToken: token,
    log,
    baseDelayMs: 10,
  });
}

async function readAll(
  jira: JiraClient,
  name: IssueStreamName,
  sandbox: Sandbox,
  opts = options(),
  cursor: string | null = null,
) {
  const batches: StreamBatch<AnnotatedIssue>[] = [];
  const stream = issueStream(new JiraSession(jira, opts), name);
  for await (const batch of stream.read({ cursor, now: sandbox.clock.now(), log: silentLogger }))
    batches.push(batch);
  return batches;
}

const statusChanges = (issue: AnnotatedIssue) =>
  (issue.changelog?.histories ?? []).flatMap((h) => h.items.filter((i) => i.field === 'status')).length;

describe('Jira streams against the sandbox, through jira.js', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 7 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('reads every incident ticket by nextPageToken, one search request per page', async () => {
    const jira = client(sandbox);
    sandbox.stats.reset();
    const batches = await readAll(jira, 'incidents', sandbox);
    const truth = sandbox.jira.truth();
    const keys = batches.flatMap((b) => b.records.map((r) => r.key));
    expect(keys.sort()).toEqual(truth.incidents.map((i) => i.key).sort());
    expect(batches.flatMap((b) => b.rejects)).toEqual([]);
    const routes = sandbox.stats.byRoute();
    // 100 issues per page; the only per-issue calls are for changelogs the search truncated.
    expect(routes['GET /jira/rest/api/3/search/jql']).toBe(Math.ceil(truth.incidents.length / 100));
    const truncated = truth.incidents.filter((i) => i.statusChanges > 40).length;
    expect(truncated).toBeGreaterThan(0);
    expect(routes['GET /jira/rest/api/3/issue/{key}/changelog']).toBeGreaterThanOrEqual(truncated);
    // Cursors move forward page by page and end at the read's end.
    const cursors = batches.map((b) => b.cursor);
    expect(cursors.at(-1)).toBe(sandbox.clock.now().toISOString());
    expect([...cursors].sort()).toEqual(cursors);
    jira.close();
  });

  it('completes changelogs longer than the 40 histories the search embeds', async () => {
    const jira = client(sandbox);
    const records = (await readAll(jira, 'incidents', sandbox)).flatMap((b) => b.records);
    const byKey = new Map(records.map((r) => [r.key, r]));
    const truth = sandbox.jira.truth();
    const long = truth.incidents.filter((i) => i.statusChanges > 40);
    for (const incident of truth.incidents) {
      const record = byKey.get(incident.key)!;
      expect(statusChanges(record), incident.key).toBe(incident.statusChanges);
    }
    for (const incident of long) {
      const record = byKey.get(incident.key)!;
      expect(record.changelog!.histories.length).toBe(record.changelog!.total);
      expect(record.changelog!.histories.length).toBeGreaterThan(40);
    }
    jira.close();
  });

  it('reads the configured fields and the PagerDuty reference into the annotation', async () => {
    const jira = client(sandbox);
    const records = (await readAll(jira, 'incidents', sandbox)).flatMap((b) => b.records);
    const truth = sandbox.jira.truth();
    const byKey = new Map(records.map((r) => [r.key, r]));
    for (const incident of truth.incidents) {
      const note = byKey.get(incident.key)!.opsledger;
      expect(note.pagerduty_incident_id, incident.key).toBe(incident.pagerdutyIncidentId);
      expect(note.pagerduty_link_basis, incident.key).toBe(incident.linkBasis);
      expect(note.severity, incident.key).toBe(incident.severity);
      expect(note.team, incident.key).toBe(incident.teamName);
      expect(note.is_external, incident.key).toBe(incident.isExternal);
      expect(note.impact_started_at, incident.key).toBe(incident.impactStartedAt?.toISOString() ?? null);
      expect(note.mitigated_at, incident.key).toBe(incident.mitigatedAt?.toISOString() ?? null);
    }
    expect(records[0]!.opsledger.field_ids.severity).toBe(truth.fieldIds.Severity);
    jira.close();
  });

  it('reads incrementally from the cursor minus the overlap, by updated time', async () => {
    const jira = client(sandbox);
    const cursor = new Date(sandbox.clock.now().getTime() - 10 * day).toISOString();
    const batches = await readAll(jira, 'incidents', sandbox, options(), cursor);
    const records = batches.flatMap((b) => b.records);
    const from = Date.parse(cursor) - 3_600_000;
    for (const record of records) expect(Date.parse(record.fields.updated)).toBeGreaterThanOrEqual(from);
    expect(records.length).toBeLessThan(sandbox.jira.truth().incidents.length);
    expect(batches.at(-1)!.cursor).toBe(sandbox.clock.now().toISOString());
    jira.close();
  });

  it('honours Retry-After on 429 and retries 5xx, then completes', async () => {
    const lines: string[] = [];
    const jira = client(
      sandbox,
      createLogger('warn', (l) => lines.push(l)),
    );
    sandbox.faults.inject({
      route: '/rest/api/3/search/jql',
      status: 429,
      times: 1,
      headers: { 'retry-after': '1' },
    });
    sandbox.faults.inject({ route: '/rest/api/3/search/jql', status: 503, times: 1 });
    const records = (await readAll(jira, 'postmortems', sandbox)).flatMap((b) => b.records);
    expect(records.length).toBe(sandbox.jira.truth().postmortems.length);
    expect(lines.some((l) => /HTTP 429.*retrying in 1\.\d s/.test(l))).toBe(true);
    expect(lines.some((l) => /HTTP 503/.test(l))).toBe(true);
    jira.close();
  });

  it('quarantines an issue whose created time is broken and keeps the rest', async () => {
    const jira = client(sandbox);
    sandbox.faults.inject({ route: '/rest/api/3/search/jql', corruptRecord: true });
    const batches = await readAll(jira, 'postmortems', sandbox);
    const rejects = batches.flatMap((b) => b.rejects);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.stream).toBe('postmortems');
    expect(rejects[0]!.reason).toMatch(/^PM-\d+: fields\.created: invalid timestamp "not-a-date"/);
    expect(rejects[0]!.sourceId).toMatch(/^\d+$/);
    expect(batches.flatMap((b) => b.records).length).toBe(sandbox.jira.truth().postmortems.length - 1);
    jira.close();
  });

  it('refuses a wrong token with an AuthError naming JIRA_API_TOKEN, never the token', async () => {
    const bad = 'not-the-jira-token-0123';
    const lines: string[] = [];
    const jira = client(
      sandbox,
      createLogger('debug', (l) => lines.push(l)),
      bad,
    );
    const error = await readAll(jira, 'incidents', sandbox).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toMatch(/JIRA_API_TOKEN/);
    expect((error as AuthError).message).toMatch(/HTTP 401/);
    expect(`${(error as Error).message}\n${(error as Error).stack}\n${lines.join('\n')}`).not.toContain(bad);
    jira.close();
  });

  it('turns an unknown issue type into a ConfigError naming the scope setting', async () => {
    const jira = client(sandbox);
    const opts = options();
    opts.scopes.incidents = { projects: ['INC'], issueTypes: ['Incidnt'], labels: [] };
    const error = await readAll(jira, 'incidents', sandbox, opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^jira\.incidents: Jira refused the search .*Incidnt/);
    expect((error as ConfigError).setting).toBe('jira.incidents');
    jira.close();
  });

  it('turns a configured custom field the site lacks into a ConfigError with close names', async () => {
    const jira = client(sandbox);
    const error = await readAll(
      jira,
      'incidents',
      sandbox,
      options({ fields: { rootCause: 'Root Causes' } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(
      /jira\.fields\.root_cause: this Jira site has no field named "Root Causes"; close names: Root Cause \(customfield_\d+\)/,
    );
    jira.close();
  });
});
