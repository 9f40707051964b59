import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { gh, type Json, NOW, repoOfKind, startGitHubSandbox, walk } from './helpers.ts';

const times = (items: Json[], key: string) => items.map((i) => Date.parse(i[key]));
const ascending = (xs: number[]) => xs.every((x, k) => k === 0 || xs[k - 1]! <= x);
const descending = (xs: number[]) => xs.every((x, k) => k === 0 || xs[k - 1]! >= x);

describe('query parameters', () => {
  let sandbox: Sandbox;
  let repo: string;
  let mergesRepo: string;
  beforeAll(async () => {
    sandbox = await startGitHubSandbox({ githubRateLimit: null });
    repo = repoOfKind(sandbox, 'deployments');
    mergesRepo = repoOfKind(sandbox, 'merges');
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('deployments: environment, sha, ref and task filter exactly', async () => {
    const all = (await walk(sandbox, `/repos/${repo}/deployments?per_page=100`)).items;
    const staging = (await walk(sandbox, `/repos/${repo}/deployments?environment=staging&per_page=100`))
      .items;
    expect(staging.length).toBe(all.filter((d) => d.environment === 'staging').length);
    expect(staging.every((d) => d.environment === 'staging' && d.production_environment === false)).toBe(
      true,
    );
    const sha = staging[0].sha;
    const bySha = (await gh(sandbox, `/repos/${repo}/deployments?sha=${sha}`)).body;
    expect(bySha.map((d: Json) => d.id).sort()).toEqual(
      all
        .filter((d) => d.sha === sha)
        .map((d) => d.id)
        .sort(),
    );
    const rollbacks = all.filter((d) => d.ref !== 'main');
    expect(rollbacks.length).toBeGreaterThan(0);
    expect(
      (await gh(sandbox, `/repos/${repo}/deployments?ref=${rollbacks[0].ref}`)).body.length,
    ).toBeGreaterThan(0);
    expect((await gh(sandbox, `/repos/${repo}/deployments?task=deploy&per_page=100`)).body.length).toBe(
      Math.min(100, all.length),
    );
    expect((await gh(sandbox, `/repos/${repo}/deployments?task=migrate`)).body).toEqual([]);
    expect(
      (await gh(sandbox, `/repos/${repo}/deployments?since=2026-01-01T00:00:00Z&per_page=100`)).body.length,
    ).toBe(Math.min(100, all.length));
  });

  it('pulls: state open by default; sort=updated without direction is oldest first; base and head filter', async () => {
    const open = (await walk(sandbox, `/repos/${mergesRepo}/pulls?per_page=100`)).items;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((p) => p.state === 'open')).toBe(true);
    const created = (await walk(sandbox, `/repos/${mergesRepo}/pulls?state=all&per_page=100`)).items;
    expect(descending(times(created, 'created_at'))).toBe(true);
    const updatedDefault = (
      await walk(sandbox, `/repos/${mergesRepo}/pulls?state=closed&sort=updated&per_page=100`)
    ).items;
    expect(ascending(times(updatedDefault, 'updated_at'))).toBe(true);
    const updatedDesc = (
      await walk(sandbox, `/repos/${mergesRepo}/pulls?state=closed&sort=updated&direction=desc&per_page=100`)
    ).items;
    expect(descending(times(updatedDesc, 'updated_at'))).toBe(true);
    expect(updatedDesc.some((p) => Date.parse(p.updated_at) > Date.parse(p.closed_at))).toBe(true);
    const other = created.find((p) => p.base.ref !== 'main')!;
    const byBase = (
      await gh(sandbox, `/repos/${mergesRepo}/pulls?state=all&base=${encodeURIComponent(other.base.ref)}`)
    ).body;
    expect(byBase.map((p: Json) => p.number)).toContain(other.number);
    expect(byBase.every((p: Json) => p.base.ref === other.base.ref)).toBe(true);
    const byHead = (
      await gh(
        sandbox,
        `/repos/${mergesRepo}/pulls?state=all&head=acme:${encodeURIComponent(other.head.ref)}`,
      )
    ).body;
    expect(byHead.map((p: Json) => p.number)).toContain(other.number);
  });

  it('issues: open by default, pull requests included, labels all-of, since, milestone, assignee, sort', async () => {
    const open = (await walk(sandbox, `/repos/${repo}/issues?per_page=100`)).items;
    expect(open.every((i) => i.state === 'open')).toBe(true);
    const all = (await walk(sandbox, `/repos/${repo}/issues?state=all&per_page=100`)).items;
    expect(all.some((i) => 'pull_request' in i)).toBe(true);
    expect(descending(times(all, 'created_at'))).toBe(true);
    const both = (
      await walk(sandbox, `/repos/${repo}/issues?state=all&labels=action-item,Postmortem&per_page=100`)
    ).items;
    expect(both.length).toBeGreaterThan(0);
    const names = (i: Json) => i.labels.map((l: Json) => l.name);
    expect(both.every((i) => names(i).includes('action-item') && names(i).includes('postmortem'))).toBe(true);
    expect(both.length).toBe(
      all.filter((i) => names(i).includes('action-item') && names(i).includes('postmortem')).length,
    );
    // Pull requests that fix an action item carry its label: a label filter alone does not drop them.
    let labelledPulls = 0;
    for (const { fullName } of sandbox.github.truth().repos) {
      const items = (
        await walk(sandbox, `/repos/${fullName}/issues?state=all&labels=action-item&per_page=100`)
      ).items;
      labelledPulls += items.filter((i) => 'pull_request' in i).length;
    }
    expect(labelledPulls).toBeGreaterThan(0);
    const since = new Date(NOW.getTime() - 30 * 24 * 3600 * 1000).toISOString().replace('.000', '');
    const recent = (
      await walk(
        sandbox,
        `/repos/${repo}/issues?state=all&since=${since}&sort=updated&direction=asc&per_page=100`,
      )
    ).items;
    expect(recent.length).toBe(all.filter((i) => Date.parse(i.updated_at) >= Date.parse(since)).length);
    expect(ascending(times(recent, 'updated_at'))).toBe(true);
    const withMilestone = all.find((i) => i.milestone !== null)!;
    const byMilestone = (
      await walk(
        sandbox,
        `/repos/${repo}/issues?state=all&milestone=${withMilestone.milestone.number}&per_page=100`,
      )
    ).items;
    expect(byMilestone.every((i) => i.milestone?.number === withMilestone.milestone.number)).toBe(true);
    const none = (await walk(sandbox, `/repos/${repo}/issues?state=all&milestone=none&per_page=100`)).items;
    expect(none.length + all.filter((i) => i.milestone !== null).length).toBe(all.length);
    const assigned = all.find((i) => i.assignee !== null)!;
    const byAssignee = (
      await walk(sandbox, `/repos/${repo}/issues?state=all&assignee=${assigned.assignee.login}&per_page=100`)
    ).items;
    expect(byAssignee.every((i) => i.assignee?.login === assigned.assignee.login)).toBe(true);
  });

  it('milestones: open by default, due_on ascending; state=closed and all', async () => {
    const open = (await walk(sandbox, `/repos/${repo}/milestones?per_page=100`)).items;
    expect(open.every((m) => m.state === 'open')).toBe(true);
    expect(ascending(times(open, 'due_on'))).toBe(true);
    const closed = (await walk(sandbox, `/repos/${repo}/milestones?state=closed&direction=desc&per_page=100`))
      .items;
    expect(closed.every((m) => m.state === 'closed' && m.closed_at !== null)).toBe(true);
    expect(descending(times(closed, 'due_on'))).toBe(true);
    const all = (await walk(sandbox, `/repos/${repo}/milestones?state=all&per_page=100`)).items;
    expect(all.length).toBe(open.length + closed.length);
    expect(all.every((m) => Date.parse(m.created_at) <= NOW.getTime())).toBe(true);
  });

  it('org repos: created newest first by default, full_name ascending, type filter', async () => {
    const byName = (await gh(sandbox, '/orgs/acme/repos?sort=full_name')).body.map((r: Json) => r.full_name);
    expect(byName).toEqual([...byName].sort());
    const created = (await gh(sandbox, '/orgs/acme/repos')).body;
    expect(descending(times(created, 'created_at'))).toBe(true);
    expect((await gh(sandbox, '/orgs/acme/repos?type=public')).body).toEqual([]);
    expect((await gh(sandbox, '/orgs/acme/repos?type=private')).body.length).toBe(created.length);
  });

  it('answers 422 Validation Failed to values outside an enum and to an unreadable since', async () => {
    for (const path of [
      `/repos/${repo}/pulls?state=merged`,
      `/repos/${repo}/pulls?sort=newest`,
      `/repos/${repo}/pulls?direction=down`,
      `/repos/${repo}/issues?state=done`,
      `/repos/${repo}/issues?since=yesterday`,
      `/repos/${repo}/milestones?sort=title`,
      '/orgs/acme/repos?type=secret',
    ]) {
      const answer = await gh(sandbox, path);
      expect(answer.status, path).toBe(422);
      expect(answer.body.message).toBe('Validation Failed');
      expect(answer.body.errors[0].code).toBe('invalid');
    }
  });
});
