import { afterEach, describe, expect, it } from 'vitest';
import {
  githubPrimaryRateLimitFault,
  githubSecondaryRateLimitFault,
  type Sandbox,
} from '../../../src/sandbox/index.ts';
import { gh, githubExample, repoOfKind, startGitHubSandbox } from './helpers.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('authentication', () => {
  it('accepts `Bearer` and `token` schemes; 401 Bad credentials otherwise, never echoing what was sent', async () => {
    sandbox = await startGitHubSandbox({ githubToken: 'ghp_right_123' });
    expect((await gh(sandbox, '/orgs/acme/repos', { scheme: 'Bearer' })).status).toBe(200);
    expect((await gh(sandbox, '/orgs/acme/repos', { scheme: 'token' })).status).toBe(200);
    expect(
      (
        await gh(sandbox, '/orgs/acme/repos', {
          token: null,
          headers: { Authorization: 'TOKEN ghp_right_123' },
        })
      ).status,
    ).toBe(200);
    const refused = [
      await gh(sandbox, '/orgs/acme/repos', { token: null }),
      await gh(sandbox, '/orgs/acme/repos', { token: 'ghp_wrong_456' }),
      await gh(sandbox, '/orgs/acme/repos', {
        token: null,
        headers: { Authorization: 'Basic Z2hwOmdocA==' },
      }),
      await gh(sandbox, '/repos/acme/payments-api/deployments', { token: 'ghp_wrong_456', enterprise: true }),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
      expect(answer.text).not.toContain('ghp_wrong_456');
      expect(answer.headers.get('x-ratelimit-remaining')).toBeNull();
    }
    expect(sandbox.github.stats().byStatus).toEqual({ 200: 3, 401: 4 });
  });

  it('answers 400 to an unsupported X-GitHub-Api-Version and selects the default without one', async () => {
    sandbox = await startGitHubSandbox();
    const bad = await gh(sandbox, '/orgs/acme/repos', { headers: { 'X-GitHub-Api-Version': '2021-01-01' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('2021-01-01');
    const plain = await gh(sandbox, '/orgs/acme/repos');
    expect(plain.headers.get('x-github-api-version-selected')).toBe('2022-11-28');
  });
});

describe('Enterprise Server prefix', () => {
  it('serves the same data under /api/v3, with API links on that prefix', async () => {
    sandbox = await startGitHubSandbox();
    const repo = repoOfKind(sandbox, 'deployments');
    const cloud = await gh(sandbox, `/repos/${repo}/deployments?per_page=100`);
    const ghes = await gh(sandbox, `/repos/${repo}/deployments?per_page=100`, { enterprise: true });
    expect(ghes.status).toBe(200);
    expect(ghes.text.replaceAll(sandbox.github.enterpriseApiUrl, sandbox.github.apiUrl)).toBe(cloud.text);
    expect(ghes.body[0].url.startsWith(`${sandbox.github.enterpriseApiUrl}/repos/${repo}/deployments/`)).toBe(
      true,
    );
    expect(Object.keys(sandbox.github.stats().byRoute)).toEqual([
      'GET /github/api/v3/repos/{owner}/{repo}/deployments',
      'GET /github/repos/{owner}/{repo}/deployments',
    ]);
  });
});

describe('repositories that disappear or are forbidden', () => {
  it('404s a missing repository everywhere and drops it from the org list; 403s lists of a forbidden one', async () => {
    sandbox = await startGitHubSandbox();
    const gone = repoOfKind(sandbox, 'deployments');
    const locked = repoOfKind(sandbox, 'merges');
    sandbox.github.setRepoAccess(gone, 'missing');
    sandbox.github.setRepoAccess(locked.split('/')[1]!, 'forbidden');
    for (const path of [`/repos/${gone}`, `/repos/${gone}/deployments`, `/repos/${gone}/issues`]) {
      const answer = await gh(sandbox, path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.message).toBe('Not Found');
    }
    const repos = (await gh(sandbox, '/orgs/acme/repos?per_page=100')).body.map(
      (r: { full_name: string }) => r.full_name,
    );
    expect(repos).not.toContain(gone);
    expect(repos).toContain(locked);
    expect((await gh(sandbox, `/repos/${locked}`)).status).toBe(200);
    const forbidden = await gh(sandbox, `/repos/${locked}/pulls?state=closed`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({
      message: 'Resource not accessible by personal access token',
      status: '403',
    });
    expect(forbidden.headers.get('x-ratelimit-remaining')).not.toBe('0');
    expect(forbidden.headers.get('retry-after')).toBeNull();
    sandbox.github.setRepoAccess(gone, 'ok');
    expect((await gh(sandbox, `/repos/${gone}/deployments`)).status).toBe(200);
    expect(() => sandbox!.github.setRepoAccess('acme/does-not-exist', 'missing')).toThrow(/does-not-exist/);
  });

  it('404s unknown owners, repositories, deployments, routes and write methods', async () => {
    sandbox = await startGitHubSandbox();
    const repo = repoOfKind(sandbox, 'deployments');
    const other = repoOfKind(sandbox, 'merges');
    const otherDeployment = sandbox.github.truth().deploys.find((d) => d.repo === repo)!;
    for (const path of [
      '/orgs/other-org/repos',
      '/repos/other-org/payments-api',
      '/repos/acme/nope/pulls',
      `/repos/${other}/deployments/${otherDeployment.id}/statuses`,
      `/repos/${repo}/deployments/not-a-number/statuses`,
      `/repos/${repo}/branches`,
      '/user',
    ]) {
      expect((await gh(sandbox, path)).status, path).toBe(404);
    }
    expect((await gh(sandbox, `/repos/${repo}/deployments`, { method: 'POST' })).status).toBe(404);
    expect((await gh(sandbox, `/repos/${repo.toUpperCase()}/deployments`)).status).toBe(200);
  });
});

describe('primary rate limit', () => {
  it('counts down x-ratelimit-* and answers 403 with remaining 0 once spent; /rate_limit is free', async () => {
    sandbox = await startGitHubSandbox({ githubRateLimit: 3 });
    for (let k = 1; k <= 3; k++) {
      const ok = await gh(sandbox, '/orgs/acme/repos');
      expect(ok.headers.get('x-ratelimit-limit')).toBe('3');
      expect(ok.headers.get('x-ratelimit-used')).toBe(String(k));
      expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(3 - k));
      expect(ok.headers.get('x-ratelimit-resource')).toBe('core');
      expect(Number(ok.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    }
    const over = await gh(sandbox, '/orgs/acme/repos');
    expect(over.status).toBe(403);
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(over.body.message).toBe(githubExample('rate_limit_error').message);
    const status = await gh(sandbox, '/rate_limit');
    expect(status.status).toBe(200);
    expect(status.body.resources.core).toMatchObject({ limit: 3, used: 3, remaining: 0 });
    expect((await gh(sandbox, '/rate_limit')).body.resources.core.used).toBe(3);
  });

  it('sends no rate-limit headers and 404s /rate_limit when the limit is off (GHES with limits disabled)', async () => {
    sandbox = await startGitHubSandbox({ githubRateLimit: null });
    expect((await gh(sandbox, '/orgs/acme/repos')).headers.get('x-ratelimit-limit')).toBeNull();
    const status = await gh(sandbox, '/rate_limit');
    expect(status.status).toBe(404);
    expect(status.body.message).toBe('Rate limiting is not enabled.');
  });

  it('rejects bad options', async () => {
    await expect(startGitHubSandbox({ githubRateLimit: 0 })).rejects.toThrow(/githubRateLimit/);
    await expect(startGitHubSandbox({ githubRateLimitWindowSeconds: -1 })).rejects.toThrow(/Window/);
    await expect(
      startGitHubSandbox({ githubScale: { repos: 0, deploysPerRepo: 5, pullsTotal: 5 } }),
    ).rejects.toThrow(/githubScale.repos/);
    await expect(
      startGitHubSandbox({ githubScale: { repos: 2, deploysPerRepo: 1.5, pullsTotal: 5 } }),
    ).rejects.toThrow(/deploysPerRepo/);
    await expect(
      startGitHubSandbox({ githubScale: { repos: 2, deploysPerRepo: 5, pullsTotal: -1 } }),
    ).rejects.toThrow(/pullsTotal/);
  });
});

describe('faults', () => {
  it('secondary limit: 403 with retry-after and the documented body, on /github and /github/api/v3 alike', async () => {
    sandbox = await startGitHubSandbox();
    sandbox.faults.inject(githubSecondaryRateLimitFault({ times: 2, retryAfterSeconds: 7 }));
    const repo = repoOfKind(sandbox, 'deployments');
    const first = await gh(sandbox, `/repos/${repo}/deployments`);
    const second = await gh(sandbox, `/repos/${repo}/deployments`, { enterprise: true });
    for (const answer of [first, second]) {
      expect(answer.status).toBe(403);
      expect(answer.headers.get('retry-after')).toBe('7');
      const example = githubExample('secondary_rate_limit_error');
      expect(Object.keys(answer.body)).toEqual(Object.keys(example));
      expect(answer.body.message).toBe(example.message);
    }
    expect((await gh(sandbox, `/repos/${repo}/deployments`)).status).toBe(200);
  });

  it('primary-limit fault (429 variant), status faults by route, and a corrupted record', async () => {
    sandbox = await startGitHubSandbox();
    const repo = repoOfKind(sandbox, 'deployments');
    sandbox.faults.inject(githubPrimaryRateLimitFault({ status: 429, resetInSeconds: 30 }));
    const limited = await gh(sandbox, '/orgs/acme/repos');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    sandbox.faults.inject({ route: `/repos/${repo}/pulls`, status: 502 });
    expect((await gh(sandbox, `/repos/${repo}/issues`)).status).toBe(200);
    const bad = await gh(sandbox, `/repos/${repo}/pulls`);
    expect(bad.status).toBe(502);
    expect(bad.body).toEqual({ message: 'Server Error' });
    sandbox.faults.inject({ route: /\/deployments$/, corruptRecord: true });
    const corrupted = await gh(sandbox, `/repos/${repo}/deployments`);
    const broken = corrupted.body.filter((d: { created_at: string }) => d.created_at === 'not-a-date');
    expect(broken).toHaveLength(1);
    expect(typeof broken[0].id).toBe('number');
    const clean = await gh(sandbox, `/repos/${repo}/deployments`);
    expect(clean.body.every((d: { created_at: string }) => d.created_at !== 'not-a-date')).toBe(true);
  });
});
