import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { gh, nextLink, repoOfKind, startGitHubSandbox, walk } from './helpers.ts';

const LINK_PART = /^<(http:\/\/[^<>]+)>; rel="(prev|next|last|first)"$/;

function rels(header: string | null): Array<[string, string]> {
  if (header === null) return [];
  return header.split(', ').map((part) => {
    const m = LINK_PART.exec(part);
    if (!m) throw new Error(`not a GitHub Link part: ${part}`);
    return [m[2]!, m[1]!];
  });
}

const pageOf = (url: string) => Number(new URL(url).searchParams.get('page'));

describe('Link pagination', () => {
  let sandbox: Sandbox;
  let repo: string;
  beforeAll(async () => {
    sandbox = await startGitHubSandbox();
    repo = repoOfKind(sandbox, 'deployments');
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('walks every deployment exactly once, newest first, following rel="next"', async () => {
    const { items, pages } = await walk(sandbox, `/repos/${repo}/deployments?per_page=7`);
    const truth = sandbox.github.truth().deploys.filter((d) => d.repo === repo);
    expect(items.map((d) => String(d.id)).sort()).toEqual(truth.map((d) => d.id).sort());
    expect(new Set(items.map((d) => d.id)).size).toBe(items.length);
    const ids = items.map((d) => d.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(pages.length).toBe(Math.ceil(truth.length / 7));
    expect(pages.every((p, k) => p.body.length === (k < pages.length - 1 ? 7 : truth.length - 7 * k))).toBe(
      true,
    );
  });

  it('formats Link as GitHub: prev, next, last, first; absolute URLs on the request host; params kept', async () => {
    const first = await gh(sandbox, `/repos/${repo}/deployments?environment=production&per_page=5`);
    const firstRels = rels(first.headers.get('link'));
    expect(firstRels.map(([rel]) => rel)).toEqual(['next', 'last']);
    const last = firstRels[1]![1];
    expect(last.startsWith(`${sandbox.github.apiUrl}/repositories/`)).toBe(true);
    expect(new URL(last).searchParams.get('environment')).toBe('production');
    expect(new URL(last).searchParams.get('per_page')).toBe('5');
    const lastPage = pageOf(last);
    expect(lastPage).toBeGreaterThan(2);

    const middle = await gh(sandbox, nextLink(first)!);
    expect(rels(middle.headers.get('link')).map(([rel, url]) => [rel, pageOf(url)])).toEqual([
      ['prev', 1],
      ['next', 3],
      ['last', lastPage],
      ['first', 1],
    ]);
    const end = await gh(sandbox, last);
    expect(rels(end.headers.get('link')).map(([rel, url]) => [rel, pageOf(url)])).toEqual([
      ['prev', lastPage - 1],
      ['first', 1],
    ]);
    const beyond = await gh(
      sandbox,
      `/repos/${repo}/deployments?environment=production&per_page=5&page=${lastPage + 3}`,
    );
    expect(beyond.status).toBe(200);
    expect(beyond.body).toEqual([]);
  });

  it('sends no Link when everything fits on one page', async () => {
    const answer = await gh(sandbox, '/orgs/acme/repos?per_page=100');
    expect(answer.body.length).toBe(sandbox.github.truth().repos.length);
    expect(answer.headers.get('link')).toBeNull();
  });

  it('defaults per_page to 30, caps it at 100, and reads bad values as GitHub does', async () => {
    const big = await startGitHubSandbox({ githubScale: { repos: 2, deploysPerRepo: 150, pullsTotal: 10 } });
    try {
      const path = `/repos/${repoOfKind(big, 'deployments')}/deployments?`;
      const total = (await walk(big, `${path}per_page=100`)).items.length;
      expect(total).toBeGreaterThan(100);
      expect((await gh(big, path)).body).toHaveLength(30);
      expect((await gh(big, `${path}per_page=500`)).body).toHaveLength(100);
      expect((await gh(big, `${path}per_page=0`)).body).toHaveLength(30);
      expect((await gh(big, `${path}per_page=-4`)).body).toHaveLength(30);
      expect((await gh(big, `${path}per_page=abc`)).body).toHaveLength(30);
      expect((await gh(big, `${path}per_page=12abc`)).body).toHaveLength(12);
      const pageZero = await gh(big, `${path}page=0`);
      expect(pageZero.body).toEqual((await gh(big, `${path}page=1`)).body);
    } finally {
      await big.close();
    }
  });

  it('keeps the Enterprise Server prefix in Link URLs', async () => {
    const first = await gh(sandbox, `/repos/${repo}/pulls?state=all&per_page=10`, { enterprise: true });
    const next = nextLink(first)!;
    expect(next.startsWith(`${sandbox.github.enterpriseApiUrl}/repositories/`)).toBe(true);
    const { items } = await walk(sandbox, `/repos/${repo}/pulls?state=all&per_page=10`, { enterprise: true });
    const plain = await walk(sandbox, `/repos/${repo}/pulls?state=all&per_page=100`);
    expect(items.map((p) => p.number)).toEqual(plain.items.map((p) => p.number));
  });
});
