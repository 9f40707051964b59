import { afterEach, describe, expect, it } from 'vitest';
import {
  createGitHubClient,
  createGitHubStreams,
  type DeploymentStatusList,
  defaultStreamOptions,
  GitHubSession,
  type GitHubStreamOptions,
  RepositoryUnavailableError,
} from '../../../connectors/github/index.ts';
import type { RejectedRecord, Stream, StreamBatch } from '../../../connectors/stream.ts';
import { createLogger, type Logger, silentLogger } from '../../../src/logger.ts';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { startTestSandbox } from '../../helpers/world.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const scale = { repos: 5, deploysPerRepo: 30, pullsTotal: 90 };

function sessionFor(
  s: Sandbox,
  options: Partial<GitHubStreamOptions> = {},
  log: Logger = silentLogger,
  pageSize = 100,
) {
  const truth = s.github.truth();
  const client = createGitHubClient({
    apiUrl: s.github.apiUrl,
    token: s.github.token,
    log,
    pageSize,
    secondMs: 5,
  });
  return new GitHubSession(client, {
    ...defaultStreamOptions,
    org: s.github.org,
    repositories: truth.repos
      .filter((r) => r.deployKind !== 'deployments')
      .map((r) => ({ name: r.fullName, deployKind: r.deployKind })),
    ...options,
  });
}

interface Read {
  records: unknown[];
  rejects: RejectedRecord[];
  cursor: string | null;
  error?: unknown;
}

async function readAll(
  stream: Stream<unknown>,
  s: Sandbox,
  cursor: string | null = null,
  refreshIds?: string[],
  log: Logger = silentLogger,
): Promise<Read> {
  const out: Read = { records: [], rejects: [], cursor };
  try {
    const batches: AsyncGenerator<StreamBatch<unknown>> = stream.read({
      cursor,
      now: s.clock.now(),
      log,
      refreshIds,
    });
    for await (const batch of batches) {
      out.records.push(...batch.records);
      out.rejects.push(...batch.rejects);
      if (batch.cursor !== null) out.cursor = batch.cursor;
    }
  } catch (error) {
    out.error = error;
  }
  return out;
}

async function readStreams(session: GitHubSession, s: Sandbox) {
  const result = new Map<string, Read>();
  for (const stream of createGitHubStreams(session)) result.set(stream.name, await readAll(stream, s));
  return result;
}

describe('GitHub streams against the sandbox', () => {
  it('read every page of every stream: production deployments and their statuses, releases, merged pulls, action items', async () => {
    sandbox = await startTestSandbox({ githubScale: scale });
    const truth = sandbox.github.truth();
    // A small page size makes every list walk several Link pages.
    const read = await readStreams(sessionFor(sandbox, {}, silentLogger, 10), sandbox);
    for (const [name, r] of read) {
      expect(r.error, name).toBeUndefined();
      expect(r.rejects, name).toEqual([]);
      expect(r.cursor, name).not.toBeNull();
    }
    const kindOf = new Map(truth.repos.map((r) => [r.fullName, r.deployKind]));
    const production = truth.deploys.filter(
      (d) => kindOf.get(d.repo) === 'deployments' && d.environment === 'production',
    );
    expect(read.get('repositories')!.records).toHaveLength(truth.repos.length);
    expect(read.get('deployments')!.records).toHaveLength(production.length);
    const lists = read.get('deployment_statuses')!.records as DeploymentStatusList[];
    expect(lists.map((l) => `${l.repository}#${l.deployment_id}`).sort()).toEqual(
      production.map((d) => `${d.repo}#${d.id}`).sort(),
    );
    for (const list of lists) {
      const deploy = production.find((d) => d.id === String(list.deployment_id))!;
      // Newest first: the first status is the deployment's state now.
      expect(list.statuses[0]?.state ?? 'pending', deploy.id).toBe(deploy.status);
      expect(list.etag).toMatch(/^W\/"/);
    }
    expect(read.get('releases')!.records).toHaveLength(
      truth.deploys.filter((d) => kindOf.get(d.repo) === 'releases').length,
    );
    expect(read.get('pulls')!.records).toHaveLength(truth.pulls.filter((p) => p.closedAt !== null).length);
    expect(read.get('issues')!.records).toHaveLength(truth.actionItems.length);
  });

  it('keeps per-repository progress and ETags in the cursor: a read from it with nothing changed costs only 304s', async () => {
    sandbox = await startTestSandbox({ githubScale: scale });
    const first = await readStreams(sessionFor(sandbox), sandbox);
    const cursor = JSON.parse(first.get('deployments')!.cursor!) as {
      at: string;
      repos: Record<string, { at: string; etags: object }>;
    };
    expect(Object.keys(cursor.repos).sort()).toEqual(
      sandbox.github
        .truth()
        .repos.filter((r) => r.deployKind === 'deployments')
        .map((r) => r.fullName)
        .sort(),
    );
    expect(Object.values(cursor.repos).every((r) => r.at && Object.keys(r.etags).length === 1)).toBe(true);
    sandbox.github.resetStats();
    const session = sessionFor(sandbox);
    // What the pipeline hands every stream: the repositories the warehouse holds.
    const known = sandbox.github.truth().repos.map((r) => `repo:${r.fullName}`);
    for (const stream of createGitHubStreams(session)) {
      if (stream.name === 'deployment_statuses') continue; // its re-polls come from the warehouse (pipeline tests)
      const again = await readAll(stream, sandbox, first.get(stream.name)!.cursor, known);
      expect(again.records, stream.name).toEqual([]);
      expect(again.cursor, stream.name).toBe(first.get(stream.name)!.cursor);
    }
    const stats = sandbox.github.stats();
    expect(stats.requests).toBeGreaterThan(0);
    expect(stats.notModified).toBe(stats.requests);
  });

  it('reads only what is new after the clock moves on, stopping the newest-first walks at the cursor', async () => {
    sandbox = await startTestSandbox({ githubScale: scale });
    // Five deployments a page: a walk of the whole history takes many pages.
    const session = sessionFor(sandbox, {}, silentLogger, 5);
    const deployments = createGitHubStreams(session).find((s) => s.name === 'deployments')!;
    const first = await readAll(deployments, sandbox);
    const fullWalk = sandbox.github.stats().byRoute['GET /github/repos/{owner}/{repo}/deployments']!;
    sandbox.clock.advance(12 * 86_400_000);
    sandbox.github.resetStats();
    const later = await readAll(deployments, sandbox, first.cursor);
    const known = new Set(first.records.map((d) => (d as { id: number }).id));
    const fresh = later.records.filter((d) => !known.has((d as { id: number }).id));
    const truth = sandbox.github.truth();
    const kindOf = new Map(truth.repos.map((r) => [r.fullName, r.deployKind]));
    const expected = truth.deploys.filter(
      (d) =>
        kindOf.get(d.repo) === 'deployments' && d.environment === 'production' && !known.has(Number(d.id)),
    );
    expect(fresh.length).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(0);
    // A page or two per repository: nothing much older than the cursor was asked for.
    const repos = truth.repos.filter((r) => r.deployKind === 'deployments').length;
    const walked = sandbox.github.stats().byRoute['GET /github/repos/{owner}/{repo}/deployments']!;
    expect(walked).toBeLessThanOrEqual(2 * repos);
    expect(walked).toBeLessThan(fullWalk);
  });

  it('quarantines a record that fails its schema, naming the field, and keeps the rest of the page', async () => {
    sandbox = await startTestSandbox({ githubScale: scale });
    const repo = sandbox.github.truth().repos[0]!.fullName;
    sandbox.faults.inject({ route: `/repos/${repo}/deployments`, corruptRecord: true });
    const session = sessionFor(sandbox);
    const read = await readAll(createGitHubStreams(session).find((s) => s.name === 'deployments')!, sandbox);
    expect(read.error).toBeUndefined();
    expect(read.rejects).toHaveLength(1);
    expect(read.rejects[0]!.reason).toMatch(/created_at: expected an ISO-8601 instant/);
    expect(read.rejects[0]!.sourceId).toMatch(new RegExp(`^${repo}#\\d+$`));
  });

  it('leaves pull requests out of the issues list', async () => {
    sandbox = await startTestSandbox({ githubScale: scale });
    // Revert pull requests carry the `revert` label: asked for it, the issues list answers only pull requests.
    const session = sessionFor(sandbox, { actionItemLabel: 'revert' });
    const read = await readAll(createGitHubStreams(session).find((s) => s.name === 'issues')!, sandbox);
    expect(read.error).toBeUndefined();
    expect(read.records).toEqual([]);
    expect(sandbox.github.stats().byRoute['GET /github/repos/{owner}/{repo}/issues']).toBeGreaterThan(0);
  });

  it('names a listed repository that is gone, once, and resolves the others', async () => {
    sandbox = await startTestSandbox({ githubScale: scale });
    const truth = sandbox.github.truth();
    const gone = truth.repos[1]!.fullName;
    sandbox.github.setRepoAccess(gone, 'missing');
    const lines: string[] = [];
    const log = createLogger('warn', (l) => lines.push(l));
    const session = sessionFor(
      sandbox,
      {
        org: undefined,
        repositories: truth.repos.map((r) => ({ name: r.fullName, deployKind: r.deployKind })),
      },
      log,
    );
    const repos = await readAll(createGitHubStreams(session)[0]!, sandbox, null, undefined, log);
    expect(repos.error).toBeInstanceOf(RepositoryUnavailableError);
    expect((repos.error as Error).message).toMatch(new RegExp(`${gone} was not found`));
    expect(repos.records).toHaveLength(truth.repos.length - 1);
    expect(lines.filter((l) => l.includes(gone))).toHaveLength(1);
    const pulls = await readAll(
      createGitHubStreams(session).find((s) => s.name === 'pulls')!,
      sandbox,
      null,
      undefined,
      log,
    );
    expect(pulls.error).toBeUndefined();
    expect(lines.filter((l) => l.includes(gone))).toHaveLength(1);
  });

  it('reads from the start, with a warning, when the stored cursor is not one it wrote', async () => {
    sandbox = await startTestSandbox({ githubScale: scale });
    const lines: string[] = [];
    const log = createLogger('warn', (l) => lines.push(l));
    const session = sessionFor(sandbox, {}, log);
    const read = await readAll(
      createGitHubStreams(session).find((s) => s.name === 'pulls')!,
      sandbox,
      '2026-01-01T00:00:00Z',
      undefined,
      log,
    );
    expect(read.error).toBeUndefined();
    expect(read.records.length).toBeGreaterThan(0);
    expect(lines.some((l) => /github\.pulls: the stored cursor is not one this version wrote/.test(l))).toBe(
      true,
    );
  });
});
