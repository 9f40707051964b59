import { toInstant } from '../../transforms/timestamps.ts';
import type { StreamBatch, StreamContext } from '../stream.ts';
import { type CatalogRepo, RepositoryCatalog } from './catalog.ts';
import type { GitHubClient } from './client.ts';
import type { EtagEntry } from './conditional.ts';
import { GitHubCursor } from './cursor.ts';
import type { GitHubStreamOptions } from './options.ts';
import { RepositoryUnavailableError } from './responses.ts';

/** What one repository's read leaves for the next: its progress and the validators of repeated requests. */
export interface RepoProgress {
  at: string | undefined;
  etags: ReadonlyArray<readonly [string, EtagEntry]>;
  since?: string;
}

/** `repo:owner/name` entries of `ctx.refreshIds`: the repositories the warehouse holds (see the adapter). */
export const REPO_PREFIX = 'repo:';

/**
 * What the GitHub streams of one run share in-process: the client (and its ETag cache) and the repositories
 * the repositories stream resolved. Every stream also works alone (a queued worker runs one stream per job):
 * it then takes the repositories from `ctx.refreshIds`, or lists them itself.
 */
export class GitHubSession {
  readonly client: GitHubClient;
  readonly options: GitHubStreamOptions;
  readonly catalog: RepositoryCatalog;
  /** Repositories that answered 404/403 in an earlier stream of this run: named once, then left alone. */
  readonly unavailable = new Set<string>();

  constructor(client: GitHubClient, options: GitHubStreamOptions) {
    this.client = client;
    this.options = options;
    this.catalog = new RepositoryCatalog(client, options);
  }

  /**
   * Starts a stream's read: a read without cursor (first or `--full`) asks everything unconditionally;
   * otherwise the validators kept in the cursor are loaded into the cache.
   */
  begin(ctx: StreamContext, stream: string): { full: boolean; cursor: GitHubCursor } {
    const full = ctx.cursor === null;
    const cursor = GitHubCursor.parse(ctx.cursor, stream, ctx.log);
    this.client.cache.enabled = !full;
    for (const repo of cursor.repos.keys())
      for (const [key, entry] of cursor.etags(repo)) this.client.cache.put(key, entry);
    return { full, cursor };
  }

  /** The repositories to read, those a filter keeps (deploy kind), without any that failed earlier this run. */
  async repos(
    ctx: StreamContext,
    filter: (repo: CatalogRepo) => boolean = () => true,
  ): Promise<CatalogRepo[]> {
    const known = (ctx.refreshIds ?? [])
      .filter((id) => id.startsWith(REPO_PREFIX))
      .map((id) => id.slice(REPO_PREFIX.length));
    const all =
      this.catalog.resolved ??
      (known.length > 0 ? this.catalog.select(known) : await this.catalog.resolve(ctx));
    return all.filter((r) => !this.unavailable.has(r.fullName) && filter(r));
  }
}

/**
 * Runs `work` for each repository in turn and, after each, hands over the stream's cursor with that
 * repository's new progress (after its records, so a run killed in between reads them again). A repository
 * that 404s/403s is named once in the log, keeps its old progress and is reported at the end as the stream's
 * error (the stream is recorded as failed); every other repository is read. Any other error stops the stream.
 */
export async function* eachRepo<T>(
  session: GitHubSession,
  ctx: StreamContext,
  cursor: GitHubCursor,
  repos: readonly CatalogRepo[],
  work: (repo: CatalogRepo) => AsyncGenerator<StreamBatch<T>, RepoProgress>,
): AsyncGenerator<StreamBatch<T>> {
  const failures: RepositoryUnavailableError[] = [];
  const fallback = ctx.now.toISOString();
  for (const repo of repos) {
    try {
      const progress = yield* work(repo);
      cursor.set(repo.fullName, progress.at, progress.etags, progress.since);
      yield { records: [], rejects: [], cursor: cursor.format(fallback) };
    } catch (error) {
      if (!(error instanceof RepositoryUnavailableError)) throw error;
      session.unavailable.add(repo.fullName);
      ctx.log.warn(`${error.message}; it is skipped, the other repositories are synced`);
      failures.push(error);
    }
  }
  cursor.keepOnly(new Set([...repos.map((r) => r.fullName), ...session.unavailable]));
  yield { records: [], rejects: [], cursor: cursor.format(fallback) };
  throwFailures(failures);
}

export function throwFailures(failures: readonly RepositoryUnavailableError[]): void {
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1)
    throw new RepositoryUnavailableError(
      `${failures.length} repositories could not be read: ${failures.map((f) => f.message).join('; ')}`,
      failures[0]!.status,
      failures.map((f) => f.repo).join(', '),
    );
}

/** The later of two ISO instants (either may be absent). */
export function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return toInstant(a).getTime() >= toInstant(b).getTime() ? a : b;
}
