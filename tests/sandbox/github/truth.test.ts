import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubTruth, Sandbox } from '../../../src/sandbox/index.ts';
import { DAY_MS, gh, type Json, ms, NOW, startGitHubSandbox, time, walk } from './helpers.ts';

/** A successful production change as the API renders it: when it reached production, and its id. */
interface RenderedChange {
  repo: string;
  id: string;
  finishedAt: number;
}

/** Reads every production change of a repo from the API, by the repo's deploy kind. */
async function renderedChanges(
  sandbox: Sandbox,
  repo: GitHubTruth['repos'][number],
): Promise<RenderedChange[]> {
  const name = repo.fullName;
  if (repo.deployKind === 'deployments') {
    const { items } = await walk(sandbox, `/repos/${name}/deployments?environment=production&per_page=100`);
    const out: RenderedChange[] = [];
    for (const d of items) {
      const statuses = (await gh(sandbox, `/repos/${name}/deployments/${d.id}/statuses`)).body as Json[];
      const success = statuses.find((s) => s.state === 'success');
      if (success) out.push({ repo: name, id: String(d.id), finishedAt: Date.parse(success.created_at) });
    }
    return out;
  }
  if (repo.deployKind === 'releases') {
    const { items } = await walk(sandbox, `/repos/${name}/releases?per_page=100`);
    return items
      .filter((r) => !r.draft && !r.prerelease)
      .map((r) => ({ repo: name, id: String(r.id), finishedAt: Date.parse(r.published_at) }));
  }
  const { items } = await walk(sandbox, `/repos/${name}/pulls?state=closed&base=main&per_page=100`);
  return items
    .filter((p) => p.merged_at !== null)
    .map((p) => ({ repo: name, id: p.merge_commit_sha, finishedAt: Date.parse(p.merged_at) }));
}

describe('ground truth agrees with what the API renders', () => {
  let sandbox: Sandbox;
  let truth: GitHubTruth;
  beforeAll(async () => {
    sandbox = await startGitHubSandbox({ seed: 3, githubRateLimit: null });
    truth = sandbox.github.truth();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('maps repos to PagerDuty services by slugified name, one repo without a service, one per deploy kind', () => {
    const services = new Map(sandbox.pagerduty.truth().services.map((s) => [s.id, s]));
    expect(truth.org).toBe('acme');
    expect(truth.repos.map((r) => r.deployKind)).toEqual([
      'deployments',
      'releases',
      'merges',
      'deployments',
      'deployments',
      'deployments',
    ]);
    for (const repo of truth.repos) {
      if (repo.serviceId === null) continue;
      const service = services.get(repo.serviceId)!;
      expect(repo.serviceName).toBe(service.name);
      expect(repo.teamId).toBe(service.teamId);
      expect(repo.fullName).toBe(`acme/${service.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
    }
    expect(truth.repos.filter((r) => r.serviceId === null)).toHaveLength(1);
  });

  it('every link follows the 24-hour rule, recomputed from the rendered deployments, releases and merges', async () => {
    const incidents = sandbox.pagerduty.truth().incidents;
    const expected: GitHubTruth['incidentDeployLinks'] = [];
    for (const repo of truth.repos.filter((r) => r.serviceId !== null)) {
      const changes = await renderedChanges(sandbox, repo);
      for (const incident of incidents.filter((i) => i.serviceId === repo.serviceId)) {
        const detected = incident.createdAt.getTime();
        const candidates = changes.filter(
          (c) => c.finishedAt <= detected && c.finishedAt >= detected - DAY_MS,
        );
        const latest = candidates.sort((a, b) => b.finishedAt - a.finishedAt)[0];
        if (latest)
          expected.push({
            incidentId: incident.id,
            repo: repo.fullName,
            deployId: latest.id,
            basis: 'window',
          });
      }
    }
    const key = (l: GitHubTruth['incidentDeployLinks'][number]) => `${l.incidentId}|${l.repo}|${l.deployId}`;
    expect(truth.incidentDeployLinks.map(key).sort()).toEqual(expected.map(key).sort());
    // Change failures exist for every deploy kind, and most deploys caused nothing.
    const linkedRepos = new Set(truth.incidentDeployLinks.map((l) => l.repo));
    expect(truth.repos.filter((r) => r.serviceId !== null).every((r) => linkedRepos.has(r.fullName))).toBe(
      true,
    );
    const failed = new Set(truth.incidentDeployLinks.map((l) => l.deployId));
    const production = truth.deploys.filter((d) => d.environment === 'production' && d.finishedAt !== null);
    expect(failed.size).toBeLessThan(production.length / 2);
  });

  it('deploy statuses, times and rollbacks in the truth match the rendered deployments', async () => {
    for (const repo of truth.repos.filter((r) => r.deployKind === 'deployments')) {
      const { items } = await walk(sandbox, `/repos/${repo.fullName}/deployments?per_page=100`);
      const rendered = new Map<string, Json>(items.map((d) => [String(d.id), d]));
      const deploys = truth.deploys.filter((d) => d.repo === repo.fullName);
      expect(rendered.size).toBe(deploys.length);
      const ordered = [...deploys].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      for (const d of deploys) {
        const r = rendered.get(d.id);
        expect(r.sha).toBe(d.sha);
        expect(r.environment).toBe(d.environment);
        expect(Date.parse(r.created_at)).toBe(d.createdAt.getTime());
        if (!d.rolledBack) continue;
        // A rollback is the next production deploy, redeploying a sha that ran before this one.
        const later = ordered.filter((x) => x.environment === 'production' && x.createdAt > d.createdAt)[0]!;
        expect(rendered.get(later.id).description).toMatch(/^Rollback to /);
        expect(ordered.some((x) => x.sha === later.sha && x.createdAt < d.createdAt)).toBe(true);
      }
    }
  });

  it('action items match the issues API (label filter, pull requests dropped) with milestone due dates', async () => {
    for (const repo of truth.repos) {
      const { items } = await walk(
        sandbox,
        `/repos/${repo.fullName}/issues?labels=action-item&state=all&per_page=100`,
      );
      const issues = items.filter((i) => !('pull_request' in i));
      const expected = truth.actionItems.filter((a) => a.repo === repo.fullName);
      expect(issues.map((i) => i.number).sort((a, b) => a - b)).toEqual(
        expected.map((a) => a.number).sort((a, b) => a - b),
      );
      for (const a of expected) {
        const i = issues.find((x) => x.number === a.number)!;
        expect(i.title).toBe(a.title);
        expect(Date.parse(i.created_at)).toBe(a.createdAt.getTime());
        expect(ms(i.closed_at)).toBe(time(a.closedAt));
        expect(i.milestone?.title ?? null).toBe(a.milestone);
        expect(ms(i.milestone?.due_on ?? null)).toBe(time(a.dueOn));
        expect(i.labels.map((l: Json) => l.name)).toEqual(a.labels);
        expect(i.body).toContain(a.incidentId);
      }
    }
  });

  it('covers what a connector must handle', () => {
    const deploys = truth.deploys;
    for (const status of ['success', 'failure', 'error', 'inactive', 'in_progress', 'pending'] as const) {
      expect(
        deploys.some((d) => d.status === status),
        status,
      ).toBe(true);
    }
    expect(deploys.some((d) => d.environment === 'staging')).toBe(true);
    expect(deploys.some((d) => d.environment === 'prerelease')).toBe(true);
    expect(deploys.some((d) => d.rolledBack && d.id.length === 40)).toBe(true);
    expect(deploys.some((d) => d.rolledBack && /^\d+$/.test(d.id))).toBe(true);
    const items = truth.actionItems;
    const now = NOW.getTime();
    expect(items.some((a) => a.dueOn === null)).toBe(true);
    expect(items.some((a) => a.assignee === null)).toBe(true);
    expect(items.some((a) => a.closedAt === null && a.dueOn !== null && a.dueOn.getTime() < now)).toBe(true);
    expect(items.some((a) => a.closedAt === null && a.dueOn !== null && a.dueOn.getTime() > now)).toBe(true);
    expect(
      items.some(
        (a) => a.closedAt !== null && a.dueOn !== null && a.closedAt.getTime() > a.dueOn.getTime() + DAY_MS,
      ),
    ).toBe(true);
    // Due dates are midnight Pacific, as GitHub stores them.
    expect(items.every((a) => a.dueOn === null || [7, 8].includes(a.dueOn.getUTCHours()))).toBe(true);
    const pulls = truth.pulls;
    expect(pulls.some((p) => p.closedAt !== null && p.mergedAt === null)).toBe(true);
    expect(pulls.some((p) => p.closedAt === null)).toBe(true);
    expect(pulls.some((p) => p.mergedAt !== null && p.baseRef !== 'main')).toBe(true);
  });
});
