import { randomUUID } from 'node:crypto';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { githubSecondaryRateLimitFault, type Sandbox } from '../../../src/sandbox/index.ts';
import { repoOfKind, startGitHubSandbox, time } from './helpers.ts';

const Client = Octokit.plugin(throttling, retry);

interface Limits {
  primary: number[];
  secondary: number[];
}

/** The real SDK as the connector uses it: throttling (own limiter id) and retry (429 not retried by it). */
function client(
  sandbox: Sandbox,
  baseUrl = sandbox.github.apiUrl,
  limits: Limits = { primary: [], secondary: [] },
) {
  return new Client({
    auth: sandbox.github.token,
    baseUrl,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: { headers: { 'x-github-api-version': '2022-11-28' } },
    retry: { doNotRetry: [400, 401, 403, 404, 422, 429] },
    throttle: {
      id: randomUUID(),
      onRateLimit: (retryAfter: number) => {
        limits.primary.push(retryAfter);
        return limits.primary.length <= 3;
      },
      onSecondaryRateLimit: (retryAfter: number) => {
        limits.secondary.push(retryAfter);
        return limits.secondary.length <= 3;
      },
    },
  });
}

function splitRepo(fullName: string) {
  const [owner = '', repo = ''] = fullName.split('/');
  return { owner, repo };
}

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('the real Octokit against the sandbox', () => {
  it('paginate.iterator walks every deployment; statuses come newest first and agree with the truth', async () => {
    sandbox = await startGitHubSandbox();
    const octokit = client(sandbox);
    const fullName = repoOfKind(sandbox, 'deployments');
    const seen: Array<{ id: number; environment: string }> = [];
    let pages = 0;
    for await (const page of octokit.paginate.iterator(octokit.rest.repos.listDeployments, {
      ...splitRepo(fullName),
      per_page: 100,
    })) {
      pages += 1;
      seen.push(...page.data.map((d) => ({ id: d.id, environment: d.environment })));
    }
    const truth = sandbox.github.truth().deploys.filter((d) => d.repo === fullName);
    expect(pages).toBe(Math.ceil(truth.length / 100));
    expect(seen.map((d) => String(d.id)).sort()).toEqual(truth.map((d) => d.id).sort());
    const byId = new Map(truth.map((d) => [d.id, d]));
    for (const { id } of seen.slice(0, 25)) {
      const { data } = await octokit.rest.repos.listDeploymentStatuses({
        ...splitRepo(fullName),
        deployment_id: id,
      });
      const times = data.map((s) => Date.parse(s.created_at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(data[0]?.state).toBe(byId.get(String(id))!.status);
    }
  });

  it('reads action items (pull requests filtered out) and merged pull requests as the truth has them', async () => {
    sandbox = await startGitHubSandbox();
    const octokit = client(sandbox, sandbox.github.enterpriseApiUrl);
    const truth = sandbox.github.truth();
    for (const { fullName } of truth.repos) {
      const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...splitRepo(fullName),
        labels: 'action-item',
        state: 'all',
        per_page: 100,
      });
      const items = issues.filter((i) => !i.pull_request);
      const expected = truth.actionItems.filter((a) => a.repo === fullName);
      expect(items.map((i) => i.number).sort((a, b) => a - b)).toEqual(
        expected.map((a) => a.number).sort((a, b) => a - b),
      );
      for (const item of items) {
        const t = expected.find((a) => a.number === item.number)!;
        expect(item.milestone?.due_on ? Date.parse(item.milestone.due_on) : null).toBe(time(t.dueOn));
        expect(item.assignee?.login ?? null).toBe(t.assignee);
        expect(item.closed_at ? Date.parse(item.closed_at) : null).toBe(time(t.closedAt));
      }
      const pulls = await octokit.paginate(octokit.rest.pulls.list, {
        ...splitRepo(fullName),
        state: 'closed',
        sort: 'updated',
        direction: 'desc',
        per_page: 100,
      });
      const updated = pulls.map((p) => Date.parse(p.updated_at));
      expect(updated).toEqual([...updated].sort((a, b) => b - a));
      const merged = truth.pulls.filter((p) => p.repo === fullName && p.mergedAt !== null);
      expect(
        pulls
          .filter((p) => p.merged_at)
          .map((p) => p.number)
          .sort((a, b) => a - b),
      ).toEqual(merged.map((p) => p.number).sort((a, b) => a - b));
    }
  });

  it('throws RequestError 304 on a conditional request that matches', async () => {
    sandbox = await startGitHubSandbox();
    const octokit = client(sandbox);
    const params = { ...splitRepo(repoOfKind(sandbox, 'releases')), per_page: 10 };
    const first = await octokit.rest.repos.listReleases(params);
    const etag = first.headers.etag!;
    await expect(
      octokit.rest.repos.listReleases({ ...params, headers: { 'if-none-match': etag } }),
    ).rejects.toMatchObject({
      status: 304,
    });
    expect(sandbox.github.stats().notModified).toBe(1);
  });

  it('the throttling plugin recognises the secondary limit and retries after retry-after', async () => {
    sandbox = await startGitHubSandbox();
    const limits: Limits = { primary: [], secondary: [] };
    const octokit = client(sandbox, sandbox.github.apiUrl, limits);
    sandbox.faults.inject(githubSecondaryRateLimitFault({ retryAfterSeconds: 1 }));
    const { data } = await octokit.rest.repos.listForOrg({ org: sandbox.github.org });
    expect(data.length).toBe(sandbox.github.truth().repos.length);
    expect(limits).toEqual({ primary: [], secondary: [1] });
    expect(sandbox.github.stats().byStatus).toEqual({ 200: 1, 403: 1 });
  });

  it('the throttling plugin waits for x-ratelimit-reset once the primary limit is spent, then goes on', async () => {
    sandbox = await startGitHubSandbox({ githubRateLimit: 2, githubRateLimitWindowSeconds: 1 });
    const limits: Limits = { primary: [], secondary: [] };
    const octokit = client(sandbox, sandbox.github.apiUrl, limits);
    for (let k = 0; k < 3; k++) await octokit.rest.repos.listForOrg({ org: 'acme' });
    expect(limits.primary).toHaveLength(1);
    expect(limits.secondary).toEqual([]);
    expect(sandbox.github.stats().byStatus).toEqual({ 200: 3, 403: 1 });
  });

  it('surfaces 404 and 403 for a repository that disappeared or is forbidden', async () => {
    sandbox = await startGitHubSandbox();
    const octokit = client(sandbox);
    const gone = repoOfKind(sandbox, 'deployments');
    const locked = repoOfKind(sandbox, 'releases');
    sandbox.github.setRepoAccess(gone, 'missing');
    sandbox.github.setRepoAccess(locked, 'forbidden');
    await expect(octokit.rest.repos.listDeployments(splitRepo(gone))).rejects.toMatchObject({ status: 404 });
    await expect(octokit.rest.repos.listReleases(splitRepo(locked))).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible'),
    });
  });
});
