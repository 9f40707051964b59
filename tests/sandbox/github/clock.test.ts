import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { DAY_MS, gh, HOUR_MS, type Json, NOW, repoOfKind, startGitHubSandbox, walk } from './helpers.ts';

describe('the sandbox clock on the GitHub organisation', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startGitHubSandbox({ seed: 11 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('shows only what happened by now, and change as the clock moves; setting it back restores everything', async () => {
    const repo = repoOfKind(sandbox, 'deployments');
    const releasesRepo = repoOfKind(sandbox, 'releases');
    const mergesRepo = repoOfKind(sandbox, 'merges');
    const before = sandbox.github.truth();
    const deploymentsBefore = (await gh(sandbox, `/repos/${repo}/deployments?per_page=100`)).text;
    expect(before.deploys.every((d) => d.createdAt.getTime() <= NOW.getTime())).toBe(true);

    // A deployment in progress right now.
    const running = before.deploys.find((d) => d.repo === repo && d.status === 'in_progress')!;
    expect(running.finishedAt).toBeNull();
    const previous = before.deploys
      .filter((d) => d.repo === repo && d.environment === 'production' && d.status === 'success')
      .at(-1)!;
    const runningStatuses = await gh(sandbox, `/repos/${repo}/deployments/${running.id}/statuses`);
    expect(runningStatuses.body.map((s: Json) => s.state)).toEqual(['in_progress', 'pending']);
    // A draft release and an open pull request that get published / merged soon.
    const drafts = (await walk(sandbox, `/repos/${releasesRepo}/releases?per_page=100`)).items.filter(
      (r) => r.draft,
    );
    const openPulls = (await walk(sandbox, `/repos/${mergesRepo}/pulls?state=open&per_page=100`)).items;

    sandbox.clock.advance(15 * 60_000);
    const soon = sandbox.github.truth();
    const finished = soon.deploys.find((d) => d.id === running.id)!;
    expect(['success', 'inactive']).toContain(finished.status);
    expect(finished.finishedAt!.getTime()).toBeGreaterThan(NOW.getTime());
    // GitHub's auto_inactive: the next successful production deploy marks the previous one inactive.
    const successor = soon.deploys
      .filter((d) => d.repo === repo && d.environment === 'production' && d.finishedAt !== null)
      .filter(
        (d) =>
          d.finishedAt!.getTime() > previous.finishedAt!.getTime() &&
          d.status !== 'failure' &&
          d.status !== 'error',
      )
      .sort((a, b) => a.finishedAt!.getTime() - b.finishedAt!.getTime())[0]!;
    expect(soon.deploys.find((d) => d.id === previous.id)!.status).toBe('inactive');
    const inactive = await gh(sandbox, `/repos/${repo}/deployments/${previous.id}/statuses`);
    expect(inactive.body[0].state).toBe('inactive');
    expect(Date.parse(inactive.body[0].created_at)).toBe(successor.finishedAt!.getTime());

    sandbox.clock.advance(2 * HOUR_MS);
    const later = sandbox.github.truth();
    const releasesLater = (await walk(sandbox, `/repos/${releasesRepo}/releases?per_page=100`)).items;
    const published = drafts.filter((d) => releasesLater.find((r) => r.id === d.id)!.draft === false);
    expect(published.length).toBeGreaterThan(0);
    const pullsLater = (await walk(sandbox, `/repos/${mergesRepo}/pulls?state=all&per_page=100`)).items;
    const merged = openPulls.filter((p) => pullsLater.find((x) => x.number === p.number)!.merged_at !== null);
    expect(merged.length).toBeGreaterThan(0);
    expect(later.deploys.filter((d) => d.repo === mergesRepo).length).toBeGreaterThan(
      before.deploys.filter((d) => d.repo === mergesRepo).length,
    );

    sandbox.clock.advance(7 * DAY_MS);
    const week = sandbox.github.truth();
    expect(week.deploys.length).toBeGreaterThan(later.deploys.length);
    expect(week.pulls.length).toBeGreaterThan(later.pulls.length);
    const newest = await gh(sandbox, `/repos/${repo}/deployments?per_page=1`);
    expect(Date.parse(newest.body[0].created_at)).toBeGreaterThan(NOW.getTime());

    sandbox.clock.set(NOW);
    expect(sandbox.github.truth()).toEqual(before);
    expect((await gh(sandbox, `/repos/${repo}/deployments?per_page=100`)).text).toBe(deploymentsBefore);
  });

  it('links only incidents that exist by now to deploys that finished by then', () => {
    const now = sandbox.clock.now().getTime();
    const incidents = new Map(sandbox.pagerduty.truth().incidents.map((i) => [i.id, i]));
    const truth = sandbox.github.truth();
    const deploys = new Map(truth.deploys.map((d) => [d.id, d]));
    for (const link of truth.incidentDeployLinks) {
      const incident = incidents.get(link.incidentId)!;
      const deploy = deploys.get(link.deployId)!;
      expect(incident.createdAt.getTime()).toBeLessThanOrEqual(now);
      expect(deploy.environment).toBe('production');
      expect(['success', 'inactive']).toContain(deploy.status);
      const lag = incident.createdAt.getTime() - deploy.finishedAt!.getTime();
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThanOrEqual(DAY_MS);
    }
  });
});
