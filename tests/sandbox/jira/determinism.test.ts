import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { jira, searchPath, startJiraSandbox } from './helpers.ts';

const PATHS = [
  searchPath({ jql: 'project = INC ORDER BY key ASC', fields: '*all', expand: 'changelog', maxResults: 100 }),
  searchPath({ jql: 'labels = action-item ORDER BY updated DESC', fields: '*all', maxResults: 100 }),
  searchPath({ jql: 'project = PM', maxResults: 5000 }),
  '/rest/api/3/field',
  '/rest/api/3/myself',
  '/rest/api/3/project/search',
  '/rest/api/3/issue/INC-7/changelog',
];

describe('Jira determinism', () => {
  let a: Sandbox;
  let b: Sandbox;
  let other: Sandbox;
  beforeAll(async () => {
    [a, b, other] = await Promise.all([
      startJiraSandbox({ seed: 5 }),
      startJiraSandbox({ seed: 5 }),
      startJiraSandbox({ seed: 6 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close(), other.close()]);
  });

  it('answers byte-identically for the same seed and clock, page tokens included', async () => {
    for (const path of PATHS) {
      const [x, y] = await Promise.all([jira(a, path), jira(b, path)]);
      expect(x.status, path).toBe(200);
      expect(x.text, path).toBe(y.text);
    }
    const first = await jira(a, searchPath({ jql: 'project = INC', maxResults: 10 }));
    const next = searchPath({
      jql: 'project = INC',
      maxResults: 10,
      nextPageToken: first.body.nextPageToken,
    });
    expect((await jira(a, next)).text).toBe((await jira(b, next)).text);
    expect(a.jira.truth()).toEqual(b.jira.truth());
  });

  it('draws another site for another seed', async () => {
    const [x, y] = await Promise.all([jira(a, PATHS[0]!), jira(other, PATHS[0]!)]);
    expect(x.text).not.toBe(y.text);
    expect(a.jira.truth().fieldIds).not.toEqual(other.jira.truth().fieldIds);
  });

  it('leaves the PagerDuty side untouched by generating the Jira site', async () => {
    const fresh = await startJiraSandbox({ seed: 5 });
    try {
      const path = '/incidents?date_range=all&limit=100&offset=100';
      const headers = { Authorization: `Token token=${a.pagerduty.token}` };
      const [x, y] = await Promise.all([
        fetch(`${a.pagerduty.apiUrl}${path}`, { headers }).then((r) => r.text()),
        fetch(`${fresh.pagerduty.apiUrl}${path}`, { headers }).then((r) => r.text()),
      ]);
      expect(x).toBe(y);
      expect(a.pagerduty.truth()).toEqual(fresh.pagerduty.truth());
    } finally {
      await fresh.close();
    }
  });
});
