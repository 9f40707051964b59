import { SITE } from './catalog.ts';

/**
 * Jira's ErrorCollection body, `{"errorMessages": [...], "errors": {...}}` (vendor example
 * error_response.json). Handlers throw JiraError; the router turns it into the response.
 */
export class JiraError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, messages: string[], headers: Record<string, string> = {}, body?: unknown) {
    super(messages.join(' '));
    this.name = 'JiraError';
    this.status = status;
    this.body = body ?? { errorMessages: messages, errors: {} };
    this.headers = headers;
  }
}

export const badRequest = (...messages: string[]) => new JiraError(400, messages);

/** No credentials at all. Real Jira answers this text as text/plain; the sandbox wraps it (JSON only). */
export const notAuthenticated = () =>
  new JiraError(401, ['Client must be authenticated to access this resource.'], {
    'www-authenticate': 'Basic realm="protected-by-api-token"',
  });

/**
 * Wrong e-mail or API token. Jira Cloud answers a wrong API token with the same message as a password, which
 * misleads people; the sandbox keeps that message (wrapped in an ErrorCollection) and the login-reason header.
 */
export const badCredentials = () =>
  new JiraError(
    401,
    [
      'Basic authentication with passwords is deprecated. For more information, see: https://developer.atlassian.com/cloud/confluence/deprecation-notice-basic-auth/',
    ],
    {
      'x-seraph-loginreason': 'AUTHENTICATED_FAILED',
      'www-authenticate': 'Basic realm="protected-by-api-token"',
    },
  );

/** What Atlassian answers on the removed `GET /rest/api/{2,3}/search` since CHANGE-2046. */
export const searchRemoved = () =>
  new JiraError(410, [
    'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  ]);

export const issueNotFound = () =>
  new JiraError(404, ['Issue does not exist or you do not have permission to see it.']);

/** Unknown REST resources get Jira's JAX-RS body, not an ErrorCollection. */
export const resourceNotFound = (path: string) =>
  new JiraError(404, [], {}, { message: `null for uri: ${SITE}${path}`, 'status-code': 404 });

export const methodNotAllowed = () =>
  new JiraError(405, [
    'The sandbox answers GET requests only (request bodies are not read): use the GET variant of this resource.',
  ]);

export const rateLimited = (headers: Record<string, string>) =>
  new JiraError(429, ['Rate limit exceeded.'], headers);

/** Default body of an injected fault with no body of its own. */
export function defaultErrorBody(status: number): unknown {
  if (status === 401) return badCredentials().body;
  if (status === 404) return issueNotFound().body;
  if (status === 410) return searchRemoved().body;
  if (status === 429) return rateLimited({}).body;
  if (status >= 500) return { errorMessages: ['Internal server error'], errors: {} };
  return { errorMessages: ['Injected fault'], errors: {} };
}
