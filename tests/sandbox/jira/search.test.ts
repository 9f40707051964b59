import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { fullChangelog, type Json, jira, searchAll, searchPath, startJiraSandbox } from './helpers.ts';

const ALL = 'issuetype in (Incident, Postmortem, Task)';

describe('Jira enhanced search (/rest/api/3/search/jql)', () => {
  let sandbox: Sandbox;
  let total: number;
  beforeAll(async () => {
    sandbox = await startJiraSandbox();
    const truth = sandbox.jira.truth();
    total = truth.incidents.length + truth.postmortems.length + truth.actionItems.length;
  });
  afterAll(() => sandbox.close());

  it('walks every issue exactly once by nextPageToken, and only the last page lacks a token', async () => {
    const { issues, pages } = await searchAll(sandbox, {
      jql: `${ALL} ORDER BY updated ASC`,
      fields: 'summary',
      maxResults: 37,
    });
    const keys = issues.map((i: Json) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(total);
    expect(pages.length).toBe(Math.ceil(total / 37));
    for (const [k, page] of pages.entries()) {
      const last = k === pages.length - 1;
      expect(page.body.isLast).toBe(last);
      expect('nextPageToken' in page.body).toBe(!last);
      expect(page.body).not.toHaveProperty('total');
      expect(page.body).not.toHaveProperty('startAt');
    }
  });

  it('returns {id} objects only unless fields are asked for', async () => {
    const answer = await jira(sandbox, searchPath({ jql: 'project = INC', maxResults: 3 }));
    expect(answer.body.issues).toHaveLength(3);
    for (const issue of answer.body.issues) expect(Object.keys(issue)).toEqual(['id']);
    const withKey = await jira(sandbox, searchPath({ jql: 'project = INC', maxResults: 1, fields: 'id' }));
    expect(Object.keys(withKey.body.issues[0])).toEqual(['id']);
  });

  it('defaults to 50 per page, caps pages with fields at 100 and ids-only pages at 5000', async () => {
    const byDefault = await jira(sandbox, searchPath({ jql: ALL, fields: 'summary' }));
    expect(byDefault.body.issues).toHaveLength(50);
    const withFields = await jira(sandbox, searchPath({ jql: ALL, fields: 'summary', maxResults: 1000 }));
    expect(withFields.body.issues).toHaveLength(100);
    expect(withFields.body.isLast).toBe(false);
    const withChangelog = await jira(
      sandbox,
      searchPath({ jql: ALL, expand: 'changelog', maxResults: 1000 }),
    );
    expect(withChangelog.body.issues).toHaveLength(100);
    const idsOnly = await jira(sandbox, searchPath({ jql: ALL, maxResults: 6000 }));
    expect(idsOnly.body.issues).toHaveLength(total);
    expect(idsOnly.body.isLast).toBe(true);
    expect(idsOnly.body).not.toHaveProperty('nextPageToken');
  });

  it('honours fields: explicit ids, *all, *navigable and -exclusions', async () => {
    const fieldIds = sandbox.jira.truth().fieldIds;
    const explicit = await jira(
      sandbox,
      searchPath({ jql: 'project = INC', maxResults: 2, fields: `summary,status,${fieldIds.Severity}` }),
    );
    for (const issue of explicit.body.issues) {
      expect(Object.keys(issue.fields).sort()).toEqual([fieldIds.Severity, 'status', 'summary'].sort());
      expect(Object.keys(issue)).toEqual(['expand', 'id', 'self', 'key', 'fields']);
    }
    const all = await jira(
      sandbox,
      searchPath({ jql: 'project = INC', maxResults: 1, fields: '*all,-labels' }),
    );
    const fields = all.body.issues[0].fields;
    for (const id of Object.values(fieldIds)) expect(fields).toHaveProperty(id);
    expect(fields).not.toHaveProperty('labels');
    expect(fields).toHaveProperty('created');
    const navigable = await jira(
      sandbox,
      searchPath({ jql: 'project = INC', maxResults: 1, fields: '*navigable' }),
    );
    expect(Object.keys(navigable.body.issues[0].fields)).toContain('labels');
  });

  it('embeds at most the 40 newest histories; the changelog endpoint has the rest, oldest first', async () => {
    const { issues } = await searchAll(sandbox, {
      jql: 'project = INC ORDER BY key ASC',
      fields: 'summary',
      expand: 'changelog',
      maxResults: 100,
    });
    const long = issues.filter((i: Json) => i.changelog.total > 40);
    expect(long.length).toBeGreaterThanOrEqual(3);
    for (const issue of issues) {
      expect(issue.changelog.histories.length).toBe(Math.min(40, issue.changelog.total));
      expect(issue.changelog.maxResults).toBe(issue.changelog.histories.length);
      expect(issue.changelog.startAt).toBe(0);
    }
    for (const issue of long) {
      const full = await fullChangelog(sandbox, issue.key, 17);
      expect(full).toHaveLength(issue.changelog.total);
      const ids = full.map((h: Json) => Number(h.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const embedded = issue.changelog.histories.map((h: Json) => h.id);
      expect(embedded).toEqual(
        full
          .slice(-40)
          .reverse()
          .map((h: Json) => h.id),
      );
      // The first transition of a long-running ticket is only in the part search leaves out.
      const firstStatus = full.find((h: Json) => h.items.some((it: Json) => it.field === 'status'));
      expect(embedded).not.toContain(firstStatus.id);
    }
  });

  it('pages the changelog endpoint by startAt, capped at 100', async () => {
    const [first] = (
      await searchAll(sandbox, {
        jql: 'project = INC',
        expand: 'changelog',
        fields: 'summary',
        maxResults: 100,
      })
    ).issues.filter((i: Json) => i.changelog.total > 40);
    const page = await jira(sandbox, `/rest/api/3/issue/${first.key}/changelog?startAt=10&maxResults=500`);
    expect(page.body.maxResults).toBe(100);
    expect(page.body.startAt).toBe(10);
    expect(page.body.values).toHaveLength(first.changelog.total - 10);
    expect(page.body.isLast).toBe(true);
    expect(page.body).not.toHaveProperty('nextPage');
    const partial = await jira(sandbox, `/rest/api/3/issue/${first.key}/changelog?maxResults=5`);
    expect(partial.body.isLast).toBe(false);
    expect(partial.body.nextPage).toMatch(/startAt=5&maxResults=5$/);
  });

  it('refuses unknown, tampered and foreign page tokens with 400', async () => {
    const first = await jira(sandbox, searchPath({ jql: 'project = INC', maxResults: 5 }));
    const token: string = first.body.nextPageToken;
    for (const bad of ['abc', `${token.slice(0, -2)}xx`, Buffer.from('["x",1]').toString('base64url')]) {
      const answer = await jira(sandbox, searchPath({ jql: 'project = INC', nextPageToken: bad }));
      expect(answer.status).toBe(400);
      expect(answer.body.errorMessages[0]).toMatch(/next page token/);
    }
    const foreign = await jira(sandbox, searchPath({ jql: 'project = PM', nextPageToken: token }));
    expect(foreign.status).toBe(400);
  });

  it('answers the removed /rest/api/3/search (and v2) with 410 Gone', async () => {
    for (const path of [
      '/rest/api/3/search?jql=project%20%3D%20INC',
      '/rest/api/2/search?jql=project%3DINC',
    ]) {
      const answer = await jira(sandbox, path);
      expect(answer.status).toBe(410);
      expect(answer.body.errorMessages[0]).toMatch(/Please migrate to the \/rest\/api\/3\/search\/jql API/);
    }
  });

  it.each([
    ['project INC', /^Error in the JQL Query: Expecting operator but got 'INC'.*\(line 1, character 9\)$/],
    ['project = INC AND', /^Error in the JQL Query: Expecting a field name but reached the end/],
    ['project = INC ORDER updated', /^Error in the JQL Query: Expecting 'by'/],
    ['(project = INC', /^Error in the JQL Query: Expecting '\)' but reached the end/],
    ['summary ~ "disk', /^Error in the JQL Query: The quoted string 'disk' has not been completed/],
    ['nosuchfield = 1', /^Field 'nosuchfield' does not exist/],
    ['project = NOPE', /^The value 'NOPE' does not exist for the field 'project'\.$/],
    ['issuetype = Epic', /^The value 'Epic' does not exist for the field 'issuetype'\.$/],
    ['project > INC', /^The operator '>' is not supported by the 'project' field\.$/],
    ['updated >= "2026/13/01"', /^Date value '2026\/13\/01' for field 'updated' is invalid/],
    ['updated >= "2026-01-01 10:00:00"', /^Date value .* is invalid/],
    ['key = INC-999999', /^An issue with key 'INC-999999' does not exist/],
    ['"Root Cause" = x', /^Error in the JQL Query: the sandbox does not support searching by 'Root Cause'/],
    ['', /^Unbounded JQL queries are not allowed here/],
    ['ORDER BY created', /^Unbounded JQL queries are not allowed here/],
    ['project = INC ORDER BY summary', /^Error in the JQL Query: .*sort/],
  ])('answers bad JQL %j with 400 and an ErrorCollection', async (jql, message) => {
    const answer = await jira(sandbox, searchPath({ jql }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual({});
    expect(answer.body.errorMessages).toHaveLength(1);
    expect(answer.body.errorMessages[0]).toMatch(message);
  });

  it('answers a bad maxResults with 400 and a POST (the sandbox reads no bodies) with 405', async () => {
    for (const value of ['abc', '-1', '0']) {
      const answer = await jira(sandbox, `/rest/api/3/search/jql?jql=project%3DINC&maxResults=${value}`);
      expect(answer.status).toBe(400);
    }
    const post = await jira(sandbox, '/rest/api/3/search/jql', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.body.errorMessages[0]).toMatch(/GET/);
  });
});
