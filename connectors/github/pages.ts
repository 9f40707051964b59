import type { z } from 'zod';
import { ApiError } from '../../src/errors/index.ts';
import type { RejectedRecord } from '../stream.ts';
import type { GitHubClient } from './client.ts';
import { type EtagEntry, isNotModified } from './conditional.ts';
import { errorFor, type RequestLabel, SOURCE } from './responses.ts';
import { checkRecords } from './validate.ts';

export interface Page<T> {
  /** False when GitHub answered 304 Not Modified: no records, the remembered validator stands. */
  fresh: boolean;
  records: T[];
  rejects: RejectedRecord[];
  /** Key and validator to keep for asking this page again next time (absent when GitHub sent no ETag). */
  validator: readonly [string, EtagEntry] | undefined;
  /** The ETag header of a fresh answer, as sent. */
  etag: string | null;
}

export interface RequestSpec<S extends z.ZodType> {
  stream: string;
  /** `owner/name`, or '' for requests outside a repository (the organisation listing). */
  repo: string;
  /** Path template such as `/repos/{owner}/{repo}/deployments`. */
  path: string;
  params: Record<string, string | number>;
  schema: S;
  /** Field naming a record in rejects (`id`, or `number` for pulls and issues). */
  idField?: 'id' | 'number';
  /** Drops items before validation (issues lists carry pull requests). */
  keep?: (raw: unknown) => boolean;
  signal?: AbortSignal;
}

/** `{owner, repo}` for a repository's endpoints; nothing for others (unused parameters become query text). */
function repoParams(repo: string): Record<string, string> {
  const [owner = '', name = ''] = repo.split('/');
  return repo ? { owner, repo: name } : {};
}

function labelOf(client: GitHubClient, spec: RequestSpec<z.ZodType>): RequestLabel {
  const values: Record<string, string | number> = { ...spec.params, ...repoParams(spec.repo) };
  const path = spec.path.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
  return { method: 'GET', path, host: client.host, repo: spec.repo || undefined };
}

type Answer = { status: number; headers: Record<string, unknown>; data: unknown };

function pageOf<S extends z.ZodType>(
  client: GitHubClient,
  spec: RequestSpec<S>,
  response: Answer,
  items: unknown[],
): Page<z.output<S>> {
  const validator = client.cache.validatorOf(response);
  if (isNotModified(response)) return { fresh: false, records: [], rejects: [], validator, etag: null };
  const kept = spec.keep ? items.filter(spec.keep) : items;
  const checked = checkRecords(spec.stream, spec.repo, spec.schema, kept, spec.idField);
  const etag = typeof response.headers.etag === 'string' ? response.headers.etag : null;
  return { fresh: true, ...checked, validator, etag };
}

/**
 * Every page of a GitHub list through `paginate.iterator` (which follows the `Link` header), validated, with
 * conditional requests (see ConditionalCache). Errors come out as the project's errors, naming the repository.
 */
export async function* listPages<S extends z.ZodType>(
  client: GitHubClient,
  spec: RequestSpec<S>,
): AsyncGenerator<Page<z.output<S>>> {
  const label = labelOf(client, spec);
  const pages = client.octokit.paginate.iterator(`GET ${spec.path}`, {
    ...spec.params,
    ...repoParams(spec.repo),
    per_page: client.pageSize,
    request: { signal: spec.signal },
  });
  const iterator = pages[Symbol.asyncIterator]();
  while (true) {
    let step: IteratorResult<Answer>;
    try {
      step = await iterator.next();
    } catch (error) {
      throw errorFor(error, label);
    }
    if (step.done) return;
    const response = step.value;
    if (!isNotModified(response) && !Array.isArray(response.data))
      throw new ApiError(
        `GitHub GET ${label.path} at ${label.host} did not answer a JSON array`,
        SOURCE,
        response.status,
      );
    yield pageOf(client, spec, response, Array.isArray(response.data) ? response.data : []);
  }
}

/** One object (`GET /repos/{owner}/{repo}`), conditionally. */
export async function getOne<S extends z.ZodType>(
  client: GitHubClient,
  spec: Omit<RequestSpec<S>, 'keep'>,
): Promise<Page<z.output<S>>> {
  const label = labelOf(client, spec);
  let response: Answer;
  try {
    response = await client.octokit.request(`GET ${spec.path}`, {
      ...spec.params,
      ...repoParams(spec.repo),
      request: { signal: spec.signal },
    });
  } catch (error) {
    throw errorFor(error, label);
  }
  return pageOf(client, spec, response, isNotModified(response) ? [] : [response.data]);
}

/** The cache key of the first page of a list, as `listPages` will request it (to load a kept validator). */
export function firstPageKey(
  client: GitHubClient,
  path: string,
  repo: string,
  params: Record<string, string | number>,
): string {
  const options = client.octokit.request.endpoint({
    method: 'GET',
    url: path,
    ...params,
    ...repoParams(repo),
    per_page: client.pageSize,
  });
  return client.cache.keyOf(options.url);
}
