import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { gh, startGitHubSandbox } from './helpers.ts';

/** Payload URLs follow the request's host; everything else must be byte-identical for one seed. */
async function bodies(sandbox: Sandbox): Promise<string[]> {
  const out: string[] = [];
  for (const { fullName } of sandbox.github.truth().repos) {
    for (const list of [
      'deployments',
      'releases',
      'pulls?state=all',
      'issues?state=all',
      'milestones?state=all',
    ]) {
      const answer = await gh(
        sandbox,
        `/repos/${fullName}/${list}${list.includes('?') ? '&' : '?'}per_page=100`,
      );
      out.push(
        `${answer.headers.get('etag') === null ? '' : 'etag '}${answer.text.replaceAll(sandbox.github.apiUrl, 'API')}`,
      );
    }
  }
  return out;
}

describe('determinism', () => {
  it('answers byte for byte the same for the same seed, and differently for another seed', async () => {
    const a = await startGitHubSandbox({ seed: 5 });
    const b = await startGitHubSandbox({ seed: 5 });
    const c = await startGitHubSandbox({ seed: 6 });
    try {
      expect(a.github.truth()).toEqual(b.github.truth());
      expect(await bodies(a)).toEqual(await bodies(b));
      const ids = (s: Sandbox) => s.github.truth().deploys.map((d) => `${d.id}@${d.createdAt.toISOString()}`);
      expect(ids(c)).not.toEqual(ids(a));
      // The repo names and deploy kinds depend on the scale only, so configs written for one seed keep working.
      expect(c.github.truth().repos.map((r) => [r.fullName, r.deployKind])).toEqual(
        a.github.truth().repos.map((r) => [r.fullName, r.deployKind]),
      );
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
