/**
 * GitHub REST error bodies: `{"message", "documentation_url", "status"}` (the `basic-error` schema; `status` is
 * a string). Handlers throw GitHubError; the router turns it into the response.
 */
export class GitHubError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(String(body.message));
    this.name = 'GitHubError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

const DOCS = 'https://docs.github.com/rest';

export const basicError = (status: number, message: string, documentationUrl = DOCS) =>
  new GitHubError(status, { message, documentation_url: documentationUrl, status: String(status) });

export const badCredentials = () => basicError(401, 'Bad credentials');
export const notFound = (documentationUrl = DOCS) => basicError(404, 'Not Found', documentationUrl);
/** What a fine-grained token without the permission for a resource gets. */
export const notAccessible = (documentationUrl = DOCS) =>
  basicError(403, 'Resource not accessible by personal access token', documentationUrl);
/** 422 as GitHub answers a query parameter outside its enum or format. */
export const invalidParameter = (resource: string, field: string, value: string) =>
  new GitHubError(422, {
    message: 'Validation Failed',
    errors: [{ value: value.slice(0, 100), resource, field, code: 'invalid' }],
    documentation_url: DOCS,
    status: '422',
  });
export const badApiVersion = (version: string) =>
  basicError(
    400,
    `Invalid API version provided: ${version.slice(0, 40)}. Supported versions: 2022-11-28, 2026-03-10.`,
    `${DOCS}/about-the-rest-api/api-versions`,
  );

/**
 * The primary rate-limit body of GitHub's documentation (the vendor example, with its unrendered doc-site
 * variable replaced by the real address).
 */
export const PRIMARY_LIMIT_BODY = {
  message:
    "API rate limit exceeded for xxx.xxx.xxx.xxx. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
  documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
};

/** The secondary rate-limit body of GitHub's documentation (Octokit recognises it by "secondary rate"). */
export const SECONDARY_LIMIT_BODY = {
  message:
    'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
  documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#secondary-rate-limits',
};

/** Default body of an injected fault with no body of its own. */
export function defaultGitHubErrorBody(status: number): unknown {
  if (status === 401) return badCredentials().body;
  if (status === 403) return notAccessible().body;
  if (status === 404) return notFound().body;
  if (status === 429) return PRIMARY_LIMIT_BODY;
  if (status >= 500) return { message: 'Server Error' };
  return basicError(status, 'Error').body;
}
