import { z } from 'zod';
import type { Logger } from '../../src/logger.ts';
import { toInstant } from '../../transforms/timestamps.ts';
import type { EtagEntry } from './conditional.ts';

const entrySchema = z.tuple([z.string().min(1), z.string().nullable()]);
const repoStateSchema = z.object({
  /** The repository's own progress: the newest record read. */
  at: z.string().optional(),
  /** A `since` the stream keeps sending unchanged (issues), so the same URL can answer 304. */
  since: z.string().optional(),
  /** Validators of the requests the next read will make again, by URL key. */
  etags: z.record(z.string(), entrySchema).optional(),
});
const cursorSchema = z.object({
  at: z.string().optional(),
  repos: z.record(z.string(), repoStateSchema),
});

export type RepoState = z.infer<typeof repoStateSchema>;

/**
 * A GitHub stream's cursor: one stream reads many repositories, so it holds each repository's progress and
 * the ETags of the requests it will repeat, written in the same transaction as the records they cover (which
 * is why they live here: no other state survives a run in a queued worker). `at` is the newest of all.
 */
export class GitHubCursor {
  readonly repos: Map<string, RepoState>;

  private constructor(repos: Map<string, RepoState>) {
    this.repos = repos;
  }

  /** A read without cursor (first or `--full`) or with one this version cannot read starts from nothing. */
  static parse(text: string | null, stream: string, log: Logger): GitHubCursor {
    if (text === null) return new GitHubCursor(new Map());
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = cursorSchema.safeParse(json);
    if (!parsed.success) {
      log.warn(`github.${stream}: the stored cursor is not one this version wrote; reading from the start`);
      return new GitHubCursor(new Map());
    }
    return new GitHubCursor(new Map(Object.entries(parsed.data.repos)));
  }

  at(repo: string): string | undefined {
    return this.repos.get(repo)?.at;
  }

  since(repo: string): string | undefined {
    return this.repos.get(repo)?.since;
  }

  etags(repo: string): Array<[string, EtagEntry]> {
    return Object.entries(this.repos.get(repo)?.etags ?? {}).map(([key, [etag, next]]) => [
      key,
      { etag, next },
    ]);
  }

  /** Replaces a repository's state after everything read for it was handed over. */
  set(
    repo: string,
    at: string | undefined,
    etags: ReadonlyArray<readonly [string, EtagEntry]>,
    since?: string,
  ): void {
    const state: RepoState = {};
    if (at !== undefined) state.at = at;
    if (since !== undefined) state.since = since;
    if (etags.length > 0) state.etags = Object.fromEntries(etags.map(([k, e]) => [k, [e.etag, e.next]]));
    this.repos.set(repo, state);
  }

  /** Repositories no longer synced are dropped, so the cursor does not grow forever. */
  keepOnly(repos: ReadonlySet<string>): void {
    for (const repo of [...this.repos.keys()]) if (!repos.has(repo)) this.repos.delete(repo);
  }

  format(fallbackAt: string): string {
    let at: string | undefined;
    for (const state of this.repos.values())
      if (state.at && (!at || toInstant(state.at).getTime() > toInstant(at).getTime())) at = state.at;
    const repos = Object.fromEntries([...this.repos].sort(([a], [b]) => a.localeCompare(b)));
    return JSON.stringify({ at: at ?? fallbackAt, repos });
  }
}
