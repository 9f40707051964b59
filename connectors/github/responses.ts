import { ApiError, AuthError, TransientApiError } from '../../src/errors/index.ts';
import { redact } from '../../src/logger.ts';

export const SOURCE = 'github';

/** Where a request went, for messages: method, path (no query) and host, and the repository it concerns. */
export interface RequestLabel {
  method: string;
  path: string;
  host: string;
  repo?: string;
}

/** A repository answered 404 (deleted, renamed, or invisible to the token) or 403 (no access): only it is skipped. */
export class RepositoryUnavailableError extends ApiError {
  override name = 'RepositoryUnavailableError';
  constructor(
    message: string,
    status: number,
    readonly repo: string,
  ) {
    super(message, SOURCE, status);
  }
}

type Headers = Record<string, string | number | undefined>;

/** What Octokit throws for an HTTP answer it does not return (`HttpError`, named HttpError); 304 included. */
export interface HttpError extends Error {
  status: number;
  response?: { headers: Headers; data?: unknown; url?: string };
}

/** Recognised by shape: `@octokit/request-error` is not a direct dependency, so no instanceof. */
export function isHttpError(error: unknown): error is HttpError {
  return (
    error instanceof Error && error.name === 'HttpError' && typeof Reflect.get(error, 'status') === 'number'
  );
}

function header(headers: Headers | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** GitHub's `{message, documentation_url}` body, without the URL (noise in a one-line message). */
function githubMessage(error: HttpError): string {
  const data: unknown = error.response?.data;
  if (typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string')
    return redact(data.message);
  return redact(error.message.split(' - ')[0] ?? '');
}

/** Primary (x-ratelimit-remaining: 0) or secondary ("secondary rate limit", retry-after) limit answers. */
export function isRateLimited(error: HttpError): boolean {
  if (error.status !== 403 && error.status !== 429) return false;
  const headers = error.response?.headers as Headers | undefined;
  return (
    error.status === 429 ||
    header(headers, 'x-ratelimit-remaining') === '0' ||
    header(headers, 'retry-after') !== undefined ||
    /rate limit/i.test(githubMessage(error))
  );
}

/** How long GitHub asked us to wait, in ms: `retry-after` seconds, else until `x-ratelimit-reset` (epoch s). */
export function rateLimitWaitMs(error: HttpError, now = Date.now()): number | null {
  const headers = error.response?.headers as Headers | undefined;
  const retryAfter = Number(header(headers, 'retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter >= 0 && header(headers, 'retry-after') !== undefined)
    return retryAfter * 1000;
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : null;
}

/**
 * Maps a failed GitHub request to the project's errors: 401 → AuthError naming GITHUB_TOKEN; a repository
 * that 404s/403s → RepositoryUnavailableError naming it (the rest of the sync goes on); rate limits the
 * throttling plugin gave up on, 5xx and network failures → TransientApiError; any other 4xx → ApiError.
 */
export function errorFor(error: unknown, at: RequestLabel): Error {
  if (!isHttpError(error)) return error instanceof Error ? error : new Error(String(error));
  const where = `${at.method} ${at.path}`;
  const said = githubMessage(error);
  const status = error.status;
  if (status === 401) {
    return new AuthError(
      `GitHub at ${at.host} rejected the token (HTTP 401${said ? `: ${said}` : ''}): check GITHUB_TOKEN ` +
        '(a token with read access to the repositories; the URL is set by GITHUB_API_URL)',
      SOURCE,
      status,
    );
  }
  if (isRateLimited(error)) {
    const wait = rateLimitWaitMs(error);
    return new TransientApiError(
      `GitHub ${where} at ${at.host} is rate limited (HTTP ${status}${said ? `: ${said}` : ''})` +
        (wait !== null ? `; the limit resets in ${Math.ceil(wait / 1000)} s` : ''),
      SOURCE,
      status,
      wait,
    );
  }
  if ((status === 404 || status === 403) && at.repo) {
    const why =
      status === 404
        ? 'was not found: it was deleted or renamed, or GITHUB_TOKEN cannot see it'
        : 'refused access: GITHUB_TOKEN has no read access to it';
    return new RepositoryUnavailableError(
      `GitHub repository ${at.repo} ${why} (HTTP ${status} on ${where} at ${at.host}${said ? `: ${said}` : ''})`,
      status,
      at.repo,
    );
  }
  if (status === 403) {
    return new AuthError(
      `GitHub at ${at.host} refused ${where} (HTTP 403${said ? `: ${said}` : ''}): check that GITHUB_TOKEN may read it`,
      SOURCE,
      status,
    );
  }
  if (status >= 500 || status === 408) {
    return new TransientApiError(
      `GitHub ${where} at ${at.host} failed (HTTP ${status}${said ? `: ${said}` : ''})`,
      SOURCE,
      status,
    );
  }
  return new ApiError(
    `GitHub ${where} at ${at.host} failed with HTTP ${status}${said ? `: ${said}` : ''}`,
    SOURCE,
    status,
  );
}
