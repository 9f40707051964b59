import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { instant, type Json, jira, searchPath, startJiraSandbox } from './helpers.ts';

describe('Jira access: auth, rate limit, faults, missing resources', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startJiraSandbox({ jiraEmail: 'Sync.Bot@example.com', jiraApiToken: 'tok-123' });
  });
  afterAll(() => sandbox.close());

  it('uses the given e-mail and token, accepting the e-mail in any case', async () => {
    expect(sandbox.jira.email).toBe('Sync.Bot@example.com');
    expect(sandbox.jira.apiToken).toBe('tok-123');
    expect(sandbox.jira.host).toBe(`${sandbox.url}/jira`);
    const ok = await jira(sandbox, '/rest/api/3/myself', {
      auth: { email: 'sync.bot@EXAMPLE.com', token: 'tok-123' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.emailAddress).toBe('Sync.Bot@example.com');
  });

  it.each([
    ['no Authorization header', 'none' as const, /^Client must be authenticated/],
    [
      'a wrong token',
      { email: 'Sync.Bot@example.com', token: 'nope' },
      /^Basic authentication with passwords is deprecated/,
    ],
    ['a wrong e-mail', { email: 'someone@example.com', token: 'tok-123' }, /^Basic authentication/],
    ['a Bearer token', { header: 'Bearer tok-123' }, /^Client must be authenticated/],
    ['garbage', { header: 'Basic %%%' }, /^Client must be authenticated/],
  ])('answers %s with 401 before anything else', async (_name, auth, message) => {
    for (const path of [
      '/rest/api/3/search/jql?jql=project%3DINC',
      '/rest/api/3/search',
      '/rest/api/3/unknown',
    ]) {
      const answer = await jira(sandbox, path, { auth });
      expect(answer.status).toBe(401);
      expect(answer.body.errorMessages[0]).toMatch(message);
      expect(answer.text).not.toContain('tok-123');
    }
  });

  it('answers 404 for unknown issues and for issues the clock has not reached yet', async () => {
    const missing = await jira(sandbox, '/rest/api/3/issue/INC-99999');
    expect(missing.status).toBe(404);
    expect(missing.body.errorMessages).toEqual([
      'Issue does not exist or you do not have permission to see it.',
    ]);
    const count = sandbox.jira.truth().incidents.length;
    sandbox.clock.advance(10 * 24 * 3600 * 1000);
    const later = sandbox.jira.truth().incidents.length;
    sandbox.clock.set(new Date('2026-10-15T12:00:00Z'));
    expect(later).toBeGreaterThan(count);
    const future = `INC-${later}`;
    expect((await jira(sandbox, `/rest/api/3/issue/${future}`)).status).toBe(404);
    expect((await jira(sandbox, `/rest/api/3/issue/${future}/changelog`)).status).toBe(404);
  });

  it('serves one issue by key or id with all fields by default, or the fields asked for', async () => {
    const [first] = sandbox.jira.truth().incidents;
    const byKey = await jira(sandbox, `/rest/api/3/issue/${first!.key}`);
    expect(byKey.status).toBe(200);
    expect(instant(byKey.body.fields.created).getTime()).toBe(first!.createdAt.getTime());
    expect(Object.keys(byKey.body.fields)).toContain(sandbox.jira.truth().fieldIds.Severity);
    const byId = await jira(sandbox, `/rest/api/3/issue/${byKey.body.id}?fields=status&expand=changelog`);
    expect(byId.body.key).toBe(first!.key);
    expect(Object.keys(byId.body.fields)).toEqual(['status']);
    expect(byId.body.changelog.total).toBeGreaterThan(0);
  });

  it('serves projects (team = project name and category), link types, statuses and server info', async () => {
    const projects = await jira(sandbox, '/rest/api/3/project/search?expand=description');
    const byKey = Object.fromEntries(projects.body.values.map((p: Json) => [p.key, p]));
    expect(Object.keys(byKey).sort()).toEqual(['CHK', 'IDN', 'INC', 'PAY', 'PM', 'SRCH']);
    const teams = sandbox.pagerduty.truth().teams.map((t) => t.name);
    for (const key of ['PAY', 'CHK', 'IDN', 'SRCH']) {
      expect(teams).toContain(byKey[key].name);
      expect(byKey[key].projectCategory.name).toBe(byKey[key].name);
      expect(byKey[key].description).toContain(byKey[key].name);
    }
    const types = await jira(sandbox, '/rest/api/3/issueLinkType');
    const names = types.body.issueLinkTypes.map((t: Json) => [t.name, t.inward, t.outward]);
    expect(names).toContainEqual(['Postmortem', 'has postmortem', 'is postmortem of']);
    expect(names).toContainEqual(['Action Item', 'has action item', 'is action item of']);
    const statuses = await jira(sandbox, '/rest/api/3/status');
    expect(statuses.body.map((s: Json) => s.statusCategory.key)).toContain('indeterminate');
    expect((await jira(sandbox, '/rest/api/3/serverInfo')).body.deploymentType).toBe('Cloud');
    expect((await jira(sandbox, '/rest/api/3/project/NOPE')).status).toBe(404);
  });

  it('injects status faults by route relative to /jira, once by default', async () => {
    sandbox.faults.inject({ route: '/rest/api/3/search/jql', status: 503 });
    const path = searchPath({ jql: 'project = INC', maxResults: 1 });
    const failed = await jira(sandbox, path);
    expect(failed.status).toBe(503);
    expect(failed.body.errorMessages).toHaveLength(1);
    expect((await jira(sandbox, path)).status).toBe(200);
    sandbox.faults.inject({ route: /\/changelog$/, status: 429, headers: { 'retry-after': '2' }, times: 2 });
    const key = sandbox.jira.truth().incidents[0]!.key;
    const limited = await jira(sandbox, `/rest/api/3/issue/${key}/changelog`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await jira(sandbox, `/rest/api/3/issue/${key}/changelog`)).status).toBe(429);
    expect((await jira(sandbox, `/rest/api/3/issue/${key}/changelog`)).status).toBe(200);
  });

  it('corrupts fields.created of one issue in the next search answer (id kept), then answers cleanly', async () => {
    sandbox.faults.inject({ route: '/rest/api/3/search/jql', corruptRecord: true });
    const path = searchPath({
      jql: 'project = INC ORDER BY key ASC',
      fields: 'created,summary',
      maxResults: 9,
    });
    const corrupted = await jira(sandbox, path);
    const broken = corrupted.body.issues.filter((i: Json) => i.fields.created === 'not-a-date');
    expect(broken).toHaveLength(1);
    expect(broken[0].id).toMatch(/^\d+$/);
    expect(broken[0].fields.summary).toEqual(expect.any(String));
    const clean = await jira(sandbox, path);
    expect(clean.body.issues.filter((i: Json) => i.fields.created === 'not-a-date')).toHaveLength(0);
    sandbox.faults.inject({ route: /\/changelog$/, corruptRecord: true });
    const key = sandbox.jira.truth().incidents[0]!.key;
    const changelog = await jira(sandbox, `/rest/api/3/issue/${key}/changelog`);
    expect(changelog.body.values.filter((h: Json) => h.created === 'not-a-date')).toHaveLength(1);
  });
});

describe('Jira rate limit', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startJiraSandbox({ jiraRateLimitPerMinute: 3 });
  });
  afterAll(() => sandbox.close());

  it('answers 429 with Retry-After (seconds) once the per-minute budget is spent', async () => {
    for (let k = 0; k < 3; k++) expect((await jira(sandbox, '/rest/api/3/myself')).status).toBe(200);
    const limited = await jira(sandbox, '/rest/api/3/myself');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
    expect(limited.headers.get('ratelimit-reason')).toBe('jira-burst-based');
    expect(limited.body.errorMessages).toHaveLength(1);
    // PagerDuty keeps its own budget.
    const pd = await fetch(`${sandbox.pagerduty.apiUrl}/teams`, {
      headers: { Authorization: `Token token=${sandbox.pagerduty.token}` },
    });
    expect(pd.status).toBe(200);
  });

  it('refuses a rate limit that is not a positive integer', async () => {
    await expect(startJiraSandbox({ jiraRateLimitPerMinute: 0 })).rejects.toThrow(/jiraRateLimitPerMinute/);
    await expect(startJiraSandbox({ jiraRateLimitPerMinute: 1.5 })).rejects.toThrow(/jiraRateLimitPerMinute/);
  });
});
