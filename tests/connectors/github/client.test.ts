import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGitHubClient, RepositoryUnavailableError } from '../../../connectors/github/index.ts';
import { getOne, listPages } from '../../../connectors/github/pages.ts';
import { repositorySchema } from '../../../connectors/github/schemas/repository.ts';
import { AuthError, ConfigError, TransientApiError } from '../../../src/errors/index.ts';
import { createLogger } from '../../../src/logger.ts';
import {
  githubPrimaryRateLimitFault,
  githubSecondaryRateLimitFault,
  type Sandbox,
} from '../../../src/sandbox/index.ts';
import { startTestSandbox } from '../../helpers/world.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const small = { repos: 4, deploysPerRepo: 12, pullsTotal: 40 };

function clientFor(
  s: Sandbox,
  lines: string[] = [],
  options: { token?: string; apiUrl?: string; secondMs?: number } = {},
) {
  return createGitHubClient({
    apiUrl: options.apiUrl ?? s.github.apiUrl,
    token: options.token ?? s.github.token,
    log: createLogger('debug', (l) => lines.push(l)),
    // One "second" of backoff and of GitHub's retry-after is 5 ms here: the waits happen, quickly.
    secondMs: options.secondMs ?? 5,
  });
}

const repo = (s: Sandbox) => s.github.truth().repos[0]!.fullName;

function getRepo(client: ReturnType<typeof clientFor>, fullName: string) {
  return getOne(client, {
    stream: 'repositories',
    repo: fullName,
    path: '/repos/{owner}/{repo}',
    params: {},
    schema: repositorySchema,
  });
}

describe('GitHub client against the sandbox', () => {
  it('reads through api.github.com-style and Enterprise Server (/api/v3) URLs, with API version 2022-11-28', async () => {
    sandbox = await startTestSandbox({ githubScale: small });
    for (const apiUrl of [sandbox.github.apiUrl, sandbox.github.enterpriseApiUrl]) {
      const client = clientFor(sandbox, [], { apiUrl });
      const page = await getRepo(client, repo(sandbox));
      expect(page.records[0]?.full_name).toBe(repo(sandbox));
      const response = await client.octokit.request('GET /repos/{owner}/{repo}', {
        owner: sandbox.github.org,
        repo: repo(sandbox).split('/')[1]!,
      });
      expect(response.headers['x-github-api-version-selected']).toBe('2022-11-28');
    }
  });

  it('asks again with If-None-Match and takes the 304 as "unchanged" (counted by the sandbox)', async () => {
    sandbox = await startTestSandbox({ githubScale: small });
    const client = clientFor(sandbox);
    const first = await getRepo(client, repo(sandbox));
    expect(first.fresh).toBe(true);
    const [key, entry] = first.validator!;
    client.cache.put(key, entry);
    sandbox.github.resetStats();
    const second = await getRepo(client, repo(sandbox));
    expect(second.fresh).toBe(false);
    expect(second.records).toEqual([]);
    expect(sandbox.github.stats()).toMatchObject({ requests: 1, notModified: 1 });
    expect(client.cache.notModified).toBe(1);
  });

  it('follows Link headers page by page', async () => {
    sandbox = await startTestSandbox({ githubScale: small });
    const client = createGitHubClient({
      apiUrl: sandbox.github.apiUrl,
      token: sandbox.github.token,
      log: createLogger('silent'),
      pageSize: 2,
    });
    const seen: string[] = [];
    for await (const page of listPages(client, {
      stream: 'repositories',
      repo: '',
      path: '/orgs/{org}/repos',
      params: { org: 'acme' },
      schema: repositorySchema,
    }))
      seen.push(...page.records.map((r) => r.full_name));
    expect(seen.sort()).toEqual(
      sandbox.github
        .truth()
        .repos.map((r) => r.fullName)
        .sort(),
    );
    expect(client.requestCount()).toBe(Math.ceil(seen.length / 2));
  });

  it('turns a rejected token into an AuthError naming GITHUB_TOKEN, never the token', async () => {
    sandbox = await startTestSandbox({ githubScale: small });
    const lines: string[] = [];
    const badToken = 'ghp_wrongtoken0123456789';
    const client = clientFor(sandbox, lines, { token: badToken });
    const error = await getRepo(client, repo(sandbox)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/GITHUB_TOKEN/);
    expect([(error as Error).message, ...lines].join('\n')).not.toContain(badToken);
  });

  it('waits out a secondary rate limit (retry-after) and a primary one (403 or 429 until x-ratelimit-reset)', async () => {
    sandbox = await startTestSandbox({ githubScale: small });
    const lines: string[] = [];
    const client = clientFor(sandbox, lines);
    sandbox.faults.inject(githubSecondaryRateLimitFault({ retryAfterSeconds: 2 }));
    expect((await getRepo(client, repo(sandbox))).records).toHaveLength(1);
    sandbox.faults.inject(githubPrimaryRateLimitFault({ resetInSeconds: 1 }));
    expect((await getRepo(client, repo(sandbox))).records).toHaveLength(1);
    sandbox.faults.inject(githubPrimaryRateLimitFault({ status: 429, resetInSeconds: 1 }));
    expect((await getRepo(client, repo(sandbox))).records).toHaveLength(1);
    expect(lines.filter((l) => /secondary rate limit .* waiting 2 s/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /primary rate limit .* waiting \d+ s/.test(l))).toHaveLength(2);
    expect(sandbox.github.stats().byStatus).toMatchObject({ 200: 3, 403: 2, 429: 1 });
  });

  it('honours the real primary limit: waits for the window to reset instead of failing', async () => {
    sandbox = await startTestSandbox({
      githubScale: small,
      githubRateLimit: 3,
      githubRateLimitWindowSeconds: 1,
    });
    const lines: string[] = [];
    // Real seconds here: the sandbox's window runs on the wall clock.
    const client = clientFor(sandbox, lines, { secondMs: 1000 });
    for (let i = 0; i < 5; i++) expect((await getRepo(client, repo(sandbox))).records).toHaveLength(1);
    expect(lines.some((l) => /primary rate limit/.test(l))).toBe(true);
    expect(sandbox.github.stats().byStatus[200]).toBe(5);
  });

  it('retries 5xx (plugin-retry) but not a bare 429 (left to the throttling plugin), then reports a TransientApiError', async () => {
    sandbox = await startTestSandbox({ githubScale: small });
    const client = clientFor(sandbox);
    const path = `/repos/${repo(sandbox)}`;
    sandbox.faults.inject({ route: path, status: 502, times: 2 });
    expect((await getRepo(client, repo(sandbox))).records).toHaveLength(1);
    sandbox.github.resetStats();
    sandbox.faults.inject({ route: path, status: 429, times: 1, body: { message: 'Too many' } });
    const error = await getRepo(client, repo(sandbox)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientApiError);
    expect(sandbox.github.stats().requests).toBe(1);
    sandbox.faults.inject({ route: path, status: 503, times: 10 });
    const gaveUp = await getRepo(client, repo(sandbox)).catch((e: unknown) => e);
    expect(gaveUp).toBeInstanceOf(TransientApiError);
    expect((gaveUp as Error).message).toMatch(/HTTP 503/);
  });

  it('names the repository that disappeared (404) or that the token cannot read (403)', async () => {
    sandbox = await startTestSandbox({ githubScale: small });
    const client = clientFor(sandbox);
    const [gone, hidden] = sandbox.github.truth().repos.map((r) => r.fullName);
    sandbox.github.setRepoAccess(gone!, 'missing');
    sandbox.github.setRepoAccess(hidden!, 'forbidden');
    const missing = await getRepo(client, gone!).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RepositoryUnavailableError);
    expect((missing as Error).message).toMatch(new RegExp(`repository ${gone} was not found.*GITHUB_TOKEN`));
    const pages = listPages(client, {
      stream: 'pulls',
      repo: hidden!,
      path: '/repos/{owner}/{repo}/pulls',
      params: {},
      schema: z.unknown(),
    });
    const forbidden = await pages.next().catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(RepositoryUnavailableError);
    expect((forbidden as Error).message).toMatch(new RegExp(`repository ${hidden} refused access.*HTTP 403`));
  });

  it('refuses a GITHUB_API_URL that is not an http(s) URL', () => {
    expect(() =>
      createGitHubClient({ apiUrl: 'not a url', token: 'x', log: createLogger('silent') }),
    ).toThrow(ConfigError);
  });

  it('counts every HTTP request it sends, retries included', async () => {
    sandbox = await startTestSandbox({ githubScale: small });
    const client = clientFor(sandbox);
    sandbox.faults.inject({ route: `/repos/${repo(sandbox)}`, status: 500, times: 1 });
    await getRepo(client, repo(sandbox));
    await getRepo(client, repo(sandbox));
    expect(client.requestCount()).toBe(3);
    expect(sandbox.github.stats().requests).toBe(3);
  });
});
