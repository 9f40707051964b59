import { z } from 'zod';
import { ApiError, AuthError, TransientApiError } from '../../src/errors/index.ts';
import { redact } from '../../src/logger.ts';

export const SOURCE = 'jira';

/** Where an answer came from, for messages: operation and host. Never a header, never the token. */
export interface RequestLabel {
  what: string;
  host: string;
}

/** Jira's ErrorCollection: `{"errorMessages": [...], "errors": {"field": "message"}}` (an int `status` is allowed). */
const errorCollection = z.looseObject({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.unknown()).optional(),
});

function describeBody(body: unknown): string {
  const parsed = errorCollection.safeParse(body);
  if (!parsed.success) return '';
  const messages = [...(parsed.data.errorMessages ?? [])];
  for (const [field, message] of Object.entries(parsed.data.errors ?? {}))
    messages.push(`${field}: ${typeof message === 'string' ? message : JSON.stringify(message)}`);
  const text = messages.join('; ');
  if (!text) return '';
  // Bodies can be long (a JQL echo): keep the message to what a person reads.
  return `: ${redact(text.length > 400 ? `${text.slice(0, 397)}...` : text)}`;
}

/** `Retry-After` in seconds or as an HTTP date, in ms; null when absent or unusable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The parts of a failed answer the mapping needs, read from jira.js's HttpException or axios's error. */
export interface FailedAnswer {
  status: number | null;
  body: unknown;
  retryAfter: string | undefined;
  /** Network-level code (ECONNREFUSED, ETIMEDOUT...) when nothing answered. */
  code: string | undefined;
}

const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function header(headers: unknown, name: string): string | undefined {
  if (!record(headers)) return undefined;
  const getter = headers.get;
  const value = typeof getter === 'function' ? Reflect.apply(getter, headers, [name]) : headers[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * jira.js rethrows an answered request as `HttpException` {status, response: {data, ...}, cause: AxiosError}
 * and an unanswered one as the AxiosError itself. Both carry the request config, Authorization header
 * included, so only these fields are ever read from them.
 */
export function readFailure(error: unknown): FailedAnswer {
  if (!record(error)) return { status: null, body: undefined, retryAfter: undefined, code: undefined };
  const cause = record(error.cause) ? error.cause : undefined;
  const axiosResponse = record(cause?.response)
    ? cause.response
    : record(error.response)
      ? error.response
      : undefined;
  const status =
    typeof error.status === 'number'
      ? error.status
      : typeof axiosResponse?.status === 'number'
        ? axiosResponse.status
        : null;
  const response = record(error.response) ? error.response : undefined;
  return {
    status,
    body: response && 'data' in response ? response.data : axiosResponse?.data,
    retryAfter: header(axiosResponse?.headers, 'retry-after'),
    code: typeof error.code === 'string' ? error.code : undefined,
  };
}

/**
 * Maps a failed call to the project's errors: 401/403 → AuthError naming JIRA_EMAIL and JIRA_API_TOKEN,
 * 429/5xx/408 and network failures → TransientApiError (retried), other 4xx → ApiError with Jira's messages.
 */
export function errorFor(failure: FailedAnswer, at: RequestLabel): Error {
  const { status } = failure;
  if (status === null) {
    return new TransientApiError(
      `could not reach Jira at ${at.host} (${at.what}): ${failure.code ?? 'no answer'}`,
      SOURCE,
      null,
    );
  }
  const said = describeBody(failure.body);
  if (status === 401 || status === 403) {
    const what = status === 401 ? 'rejected the credentials' : 'refused access with these credentials';
    return new AuthError(
      `Jira at ${at.host} ${what} (HTTP ${status}${said}): check JIRA_EMAIL and JIRA_API_TOKEN ` +
        '(an Atlassian API token of that user, with browse access to the configured projects; the site is JIRA_HOST)',
      SOURCE,
      status,
    );
  }
  if (status === 429 || status === 408 || status >= 500) {
    return new TransientApiError(
      `Jira ${at.what} at ${at.host} answered HTTP ${status}${said}`,
      SOURCE,
      status,
      retryAfterMs(failure.retryAfter),
    );
  }
  return new ApiError(`Jira ${at.what} at ${at.host} failed with HTTP ${status}${said}`, SOURCE, status);
}
