import type { z } from 'zod';
import type { StreamBatch } from '../../stream.ts';
import type { GitHubClient } from '../client.ts';
import { listPages, type RequestSpec } from '../pages.ts';
import { later, type RepoProgress } from '../session.ts';
import { oldestOf } from './common.ts';

export interface NewestFirstSpec<S extends z.ZodType> extends RequestSpec<S> {
  /** The time the list is ordered by, newest first (`created_at`, or `updated_at` for sort=updated). */
  at(record: z.output<S>): string;
  /** The walk stops after the first page reaching before this instant (ms). */
  stopBefore: number;
  /** The repository's progress so far. */
  since: string | undefined;
  /** Sees each fresh page's records (the statuses stream collects deployments to poll). */
  onPage?(records: z.output<S>[]): void;
}

/**
 * One repository's newest-first list (deployments, releases, pull requests by update, issues by update): the
 * first page is asked conditionally, and a 304 means nothing was added or changed since, so the walk ends
 * there; otherwise pages are read until one reaches past `stopBefore`. Only the first page's validator is
 * kept: every later page shifts whenever a record is added.
 */
export async function* newestFirst<S extends z.ZodType>(
  client: GitHubClient,
  spec: NewestFirstSpec<S>,
  emit = true,
): AsyncGenerator<StreamBatch<z.output<S>>, RepoProgress> {
  let newest = spec.since;
  let first: RepoProgress['etags'][number] | undefined;
  let pageNumber = 0;
  for await (const page of listPages(client, spec)) {
    pageNumber += 1;
    // A 304 on the first page ends the walk: no next link to keep.
    if (pageNumber === 1 && page.validator) first = [page.validator[0], { ...page.validator[1], next: null }];
    if (!page.fresh) break;
    for (const record of page.records) newest = later(newest, spec.at(record));
    spec.onPage?.(page.records);
    if (emit && (page.records.length > 0 || page.rejects.length > 0))
      yield { records: page.records, rejects: page.rejects, cursor: null };
    if (page.records.length === 0 && page.rejects.length === 0) break;
    if (oldestOf(page.records, spec.at) < spec.stopBefore) break;
  }
  return { at: newest, etags: first ? [first] : [] };
}
