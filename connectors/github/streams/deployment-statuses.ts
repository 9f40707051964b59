import { z } from 'zod';
import type { Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { firstPageKey, listPages } from '../pages.ts';
import { RepositoryUnavailableError } from '../responses.ts';
import {
  type Deployment,
  type DeploymentStatusList,
  deploymentSchema,
  deploymentStatusListSchema,
} from '../schemas/deployment.ts';
import { eachRepo, type GitHubSession } from '../session.ts';
import { checkRecords } from '../validate.ts';
import { horizon, ms } from './common.ts';
import { newestFirst } from './newest-first.ts';

/** `poll:owner/repo#123<TAB>etag` entries of `ctx.refreshIds` (see the adapter). */
export const POLL_PREFIX = 'poll:';

/** Deployments whose statuses are fetched between two writes. */
const CHUNK = 100;

/** Deployment id → kept ETag (or null), per repository, from `ctx.refreshIds`. */
function pollsByRepo(ids: readonly string[] | undefined): Map<string, Map<string, string | null>> {
  const out = new Map<string, Map<string, string | null>>();
  for (const entry of ids ?? []) {
    if (!entry.startsWith(POLL_PREFIX)) continue;
    const [key = '', etag] = entry.slice(POLL_PREFIX.length).split('\t');
    const at = key.lastIndexOf('#');
    if (at <= 0) continue;
    const repo = key.slice(0, at);
    const polls = out.get(repo) ?? new Map<string, string | null>();
    polls.set(key.slice(at + 1), etag || null);
    out.set(repo, polls);
  }
  return out;
}

async function mapConcurrent<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The statuses of deployments, one record per deployment. Which deployments: those this stream's own walk of
 * the deployments list finds created since the repository's cursor minus the lookback (all of them on a first
 * read; the walk costs one conditional request when nothing was deployed), plus those the warehouse says can
 * still change (`ctx.refreshIds`: created within the lookback, latest state pending, queued or in progress, or
 * the latest successful one, which the next deploy may turn inactive), each asked with its kept ETag.
 */
export function deploymentStatusesStream(session: GitHubSession): Stream<DeploymentStatusList> {
  return {
    source: 'github',
    name: 'deployment_statuses',
    primaryKey: (list) => `${list.repository}#${list.deployment_id}`,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<DeploymentStatusList>> {
      const { full, cursor } = session.begin(ctx, 'deployment_statuses');
      const oldest = horizon(ctx, session.options.historyDays);
      const kept = pollsByRepo(ctx.refreshIds);
      const repos = await session.repos(ctx, (r) => r.deployKind === 'deployments');
      yield* eachRepo(session, ctx, cursor, repos, async function* (repo) {
        const since = full ? undefined : cursor.at(repo.fullName);
        const stopBefore = since ? ms(since) - session.options.statusLookbackMs : oldest;
        const polls = new Map<string, string | null>();
        const walk = newestFirst(
          session.client,
          {
            stream: 'deployment_statuses',
            repo: repo.fullName,
            path: '/repos/{owner}/{repo}/deployments',
            params: { environment: repo.environment },
            schema: deploymentSchema,
            at: (d: Deployment) => d.created_at,
            since,
            stopBefore,
            onPage: (records: Deployment[]) => {
              // New deployments and those within the lookback; older ones on the page are settled.
              for (const d of records) if (ms(d.created_at) >= stopBefore) polls.set(String(d.id), null);
            },
            signal: ctx.signal,
          },
          false,
        );
        let step = await walk.next();
        while (!step.done) step = await walk.next();
        const progress = step.value;
        for (const [id, etag] of full ? [] : (kept.get(repo.fullName) ?? [])) polls.set(id, etag);
        const ids = [...polls.keys()].sort((a, b) => Number(a) - Number(b));
        let gone = 0;
        for (let i = 0; i < ids.length; i += CHUNK) {
          const lists = await mapConcurrent(ids.slice(i, i + CHUNK), session.options.concurrency, (id) =>
            statusesOf(session, repo.fullName, id, polls.get(id) ?? null, ctx.signal).catch(
              (error: unknown) => {
                // A deployment deleted since it was listed: skip it, not the repository.
                if (!(error instanceof RepositoryUnavailableError) || error.status !== 404) throw error;
                gone += 1;
                return undefined;
              },
            ),
          );
          const raw = lists.filter((l) => l !== undefined);
          const checked = checkRecords('deployment_statuses', repo.fullName, deploymentStatusListSchema, raw);
          if (checked.records.length > 0 || checked.rejects.length > 0)
            yield { records: checked.records, rejects: checked.rejects, cursor: null };
        }
        if (gone > 0)
          ctx.log.warn(`github ${repo.fullName}: ${gone} deployment(s) no longer exist (HTTP 404); skipped`);
        return progress;
      });
    },
  };
}

/**
 * All statuses of one deployment as one raw record, or undefined when GitHub answers 304 to the kept ETag
 * (nothing new: statuses are listed newest first, so a change always shows on the first page).
 */
async function statusesOf(
  session: GitHubSession,
  repo: string,
  id: string,
  etag: string | null,
  signal?: AbortSignal,
): Promise<unknown> {
  const spec = {
    stream: 'deployment_statuses',
    repo,
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    params: { deployment_id: id },
    // Validated as one record (deploymentStatusListSchema) once every page is in.
    schema: z.unknown(),
    signal,
  };
  if (etag)
    session.client.cache.put(firstPageKey(session.client, spec.path, repo, spec.params), {
      etag,
      next: null,
    });
  const statuses: unknown[] = [];
  let firstEtag: string | null = null;
  let first = true;
  for await (const page of listPages(session.client, spec)) {
    if (first && !page.fresh) return undefined;
    if (first) firstEtag = page.etag;
    first = false;
    statuses.push(...page.records);
  }
  return { repository: repo, deployment_id: Number(id), etag: firstEtag, statuses };
}
