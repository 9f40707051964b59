import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { type Allowed, shapeDifferences } from '../shape.ts';
import { gh, githubExample, type Json, repoOfKind, startGitHubSandbox, walk } from './helpers.ts';

/**
 * Every payload is compared with GitHub's published example of that endpoint: same keys, same value types.
 * The accepted differences are listed with their reason (they double as documentation).
 */
const REPO_ALLOWED: Allowed = {
  nullable: {
    mirror_url: 'no mirrors in the sandbox (GitHub: null unless the repo is a mirror)',
    homepage: 'no homepage set (GitHub: null when unset)',
    license: 'private service repos carry no license (GitHub: null)',
    language: 'the example repo has no detected language; sandbox repos have one',
  },
};

const PULL_ALLOWED: Allowed = {
  nullable: {
    milestone: 'pull requests carry no milestone in the sandbox',
    assignee: 'pull requests are unassigned in the sandbox',
    active_lock_reason: 'nothing is locked (GitHub: null when unlocked)',
    closed_at: 'open pull requests',
    merged_at: 'open or unmerged pull requests',
    'head.repo.mirror_url': REPO_ALLOWED.nullable!.mirror_url!,
    'head.repo.homepage': REPO_ALLOWED.nullable!.homepage!,
    'head.repo.license': REPO_ALLOWED.nullable!.license!,
    'head.repo.language': REPO_ALLOWED.nullable!.language!,
    'base.repo.language': REPO_ALLOWED.nullable!.language!,
    'base.repo.mirror_url': REPO_ALLOWED.nullable!.mirror_url!,
    'base.repo.homepage': REPO_ALLOWED.nullable!.homepage!,
    'base.repo.license': REPO_ALLOWED.nullable!.license!,
  },
};

/** Lists are compared item by item with the example's first item; allowances are written per item. */
function expectShape(example: Json, actual: Json, allowed: Allowed = {}): void {
  const items = Array.isArray(actual) ? actual : [actual];
  const model = Array.isArray(example) ? example[0] : example;
  expect(items.length).toBeGreaterThan(0);
  expect([...new Set(items.flatMap((item) => shapeDifferences(model, item, allowed)))]).toEqual([]);
}

describe('payload shapes against the vendor examples', () => {
  let sandbox: Sandbox;
  let deploymentsRepo: string;
  beforeAll(async () => {
    sandbox = await startGitHubSandbox();
    deploymentsRepo = repoOfKind(sandbox, 'deployments');
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('deployments and deployment statuses', async () => {
    const deployments = await gh(sandbox, `/repos/${deploymentsRepo}/deployments?per_page=100`);
    expect(deployments.status).toBe(200);
    expectShape(githubExample('deployments'), deployments.body);
    const statuses = await gh(
      sandbox,
      `/repos/${deploymentsRepo}/deployments/${deployments.body[5].id}/statuses`,
    );
    expectShape(githubExample('deployment_statuses'), statuses.body);
  });

  it('releases (drafts have null published_at and tarball links)', async () => {
    const { items } = await walk(sandbox, `/repos/${repoOfKind(sandbox, 'releases')}/releases?per_page=100`);
    expectShape(githubExample('releases'), items, {
      nullable: {
        published_at: 'drafts are not published yet',
        tarball_url: 'drafts have no tag yet (GitHub: null)',
        zipball_url: 'drafts have no tag yet (GitHub: null)',
      },
    });
    expect(items.some((r) => r.draft && r.published_at === null)).toBe(true);
    expect(items.some((r) => r.prerelease)).toBe(true);
  });

  it('pull requests (the simple list shape; the repository embedded in head and base)', async () => {
    const { items } = await walk(
      sandbox,
      `/repos/${repoOfKind(sandbox, 'merges')}/pulls?state=all&per_page=100`,
    );
    expectShape(githubExample('pulls'), items, {
      ...PULL_ALLOWED,
      freeForm: { labels: 'most pull requests have no labels; labels are checked on issues' },
      extraKeys: {},
    });
    expect(
      shapeDifferences(
        githubExample('pulls')[0].labels[0],
        items.find((p) => p.labels.length > 0)?.labels[0],
      ),
    ).toEqual([]);
  });

  it('issues, with pull requests carrying a pull_request key, and milestones', async () => {
    const { items } = await walk(sandbox, `/repos/${deploymentsRepo}/issues?state=all&per_page=100`);
    const example = githubExample('issues');
    const issues = items.filter((i) => !('pull_request' in i));
    const pulls = items.filter((i) => 'pull_request' in i);
    expect(pulls.length).toBeGreaterThan(0);
    const issueAllowed: Allowed = {
      nullable: {
        assignee: 'unassigned issues',
        milestone: 'issues without a milestone',
        active_lock_reason: 'nothing is locked',
        closed_at: 'open issues',
        closed_by: 'open issues',
        state_reason: 'open issues',
        'milestone.closed_at': 'open milestones',
      },
      missingKeys: { pull_request: 'only pull requests carry it, as on GitHub' },
    };
    expectShape(example, issues, issueAllowed);
    expectShape(example, pulls, issueAllowed);
    expect(issues.some((i) => i.milestone !== null)).toBe(true);
    const milestones = await gh(sandbox, `/repos/${deploymentsRepo}/milestones?state=all&per_page=100`);
    expectShape(githubExample('milestones'), milestones.body, { nullable: { closed_at: 'open milestones' } });
  });

  it('the organisation repositories and a repository have the full repository shape', async () => {
    const example = githubExample('pulls')[0].base.repo;
    const repos = await gh(sandbox, '/orgs/acme/repos?per_page=100');
    expectShape(example, repos.body, REPO_ALLOWED);
    const one = await gh(sandbox, `/repos/${deploymentsRepo}`);
    expectShape(example, one.body, REPO_ALLOWED);
    expect(one.body.full_name).toBe(deploymentsRepo);
  });

  it('rate_limit', async () => {
    const answer = await gh(sandbox, '/rate_limit');
    expectShape(githubExample('rate_limit'), answer.body);
    expect(answer.body.rate).toEqual(answer.body.resources.core);
    const v2026 = await gh(sandbox, '/rate_limit', { headers: { 'X-GitHub-Api-Version': '2026-03-10' } });
    expect(Object.keys(v2026.body)).toEqual(['resources']);
  });

  it('API version 2026-03-10 drops merge_commit_sha and assignee from pull requests', async () => {
    const path = `/repos/${deploymentsRepo}/pulls?state=closed`;
    const before = await gh(sandbox, path);
    const after = await gh(sandbox, path, { headers: { 'X-GitHub-Api-Version': '2026-03-10' } });
    expect(before.body[0]).toHaveProperty('merge_commit_sha');
    expect(after.body[0]).not.toHaveProperty('merge_commit_sha');
    expect(after.body[0]).not.toHaveProperty('assignee');
    expect(after.headers.get('x-github-api-version-selected')).toBe('2026-03-10');
  });

  it('error bodies: 401, 404, and the documented rate-limit bodies', async () => {
    const unauthorized = await gh(sandbox, '/orgs/acme/repos', { token: null });
    expect(unauthorized.body).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
    const missing = await gh(sandbox, '/repos/acme/no-such-repo/deployments');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ message: 'Not Found', status: '404' });
    expect(typeof missing.body.documentation_url).toBe('string');
    const limited = await startGitHubSandbox({ githubRateLimit: 1 });
    try {
      await gh(limited, '/orgs/acme/repos');
      const over = await gh(limited, '/orgs/acme/repos');
      expect(over.status).toBe(403);
      const example = githubExample('rate_limit_error');
      expect(Object.keys(over.body)).toEqual(Object.keys(example));
      expect(over.body.message).toBe(example.message);
    } finally {
      await limited.close();
    }
  });
});
