import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { DAY_MS, gh, repoOfKind, startGitHubSandbox } from './helpers.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('ETag and conditional requests', () => {
  it('sends a weak ETag on every list page, stable while the data is unchanged', async () => {
    sandbox = await startGitHubSandbox();
    const repo = repoOfKind(sandbox, 'deployments');
    for (const path of [
      '/orgs/acme/repos',
      `/repos/${repo}`,
      `/repos/${repo}/deployments`,
      `/repos/${repo}/pulls?state=closed&sort=updated&direction=desc`,
      `/repos/${repo}/issues?labels=action-item&state=all`,
      `/repos/${repo}/milestones?state=all`,
      `/repos/${repoOfKind(sandbox, 'releases')}/releases`,
    ]) {
      const a = await gh(sandbox, path);
      const b = await gh(sandbox, path);
      expect(a.headers.get('etag'), path).toMatch(/^W\/"[0-9a-f]{64}"$/);
      expect(b.headers.get('etag'), path).toBe(a.headers.get('etag'));
    }
    const page1 = await gh(sandbox, `/repos/${repo}/deployments?per_page=10`);
    const page2 = await gh(sandbox, `/repos/${repo}/deployments?per_page=10&page=2`);
    expect(page2.headers.get('etag')).not.toBe(page1.headers.get('etag'));
  });

  it('answers If-None-Match with 304, no body and no rate-limit cost; a changed page gets 200 again', async () => {
    sandbox = await startGitHubSandbox({ githubRateLimit: 50 });
    const repo = repoOfKind(sandbox, 'deployments');
    const path = `/repos/${repo}/deployments?per_page=5`;
    const first = await gh(sandbox, path);
    const etag = first.headers.get('etag')!;
    const remaining = first.headers.get('x-ratelimit-remaining');
    expect(remaining).toBe('49');
    for (const sent of [etag, etag.replace(/^W\//, ''), `"other", ${etag}`, '*']) {
      const again = await gh(sandbox, path, { headers: { 'If-None-Match': sent } });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('x-ratelimit-remaining')).toBe(remaining);
      expect(again.headers.get('x-ratelimit-used')).toBe('1');
    }
    const stale = await gh(sandbox, path, { headers: { 'If-None-Match': 'W/"0000"' } });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-ratelimit-remaining')).toBe('48');
    // A day later new deployments head the newest-first list: the same validator no longer matches.
    sandbox.clock.advance(DAY_MS);
    const changed = await gh(sandbox, path, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const stats = sandbox.github.stats();
    expect(stats.notModified).toBe(4);
    expect(stats.byStatus).toEqual({ 200: 3, 304: 4 });
    expect(stats.requests).toBe(7);
    expect(stats.byRoute).toEqual({ 'GET /github/repos/{owner}/{repo}/deployments': 7 });
    sandbox.github.resetStats();
    expect(sandbox.github.stats()).toEqual({ requests: 0, notModified: 0, byRoute: {}, byStatus: {} });
  });

  it('keeps the ETag of a page whose items did not change when the clock moves', async () => {
    sandbox = await startGitHubSandbox();
    const repo = repoOfKind(sandbox, 'deployments');
    // The oldest deployments: their statuses (inactive long ago) no longer change.
    const oldest = sandbox.github
      .truth()
      .deploys.filter((d) => d.repo === repo)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0]!;
    const path = `/repos/${repo}/deployments/${oldest.id}/statuses`;
    const before = await gh(sandbox, path);
    sandbox.clock.advance(3 * DAY_MS);
    const after = await gh(sandbox, path, { headers: { 'If-None-Match': before.headers.get('etag')! } });
    expect(after.status).toBe(304);
  });
});
