/**
 * PagerDuty REST v2 error bodies: `{"error": {"message", "code", "errors"?}}` (PagerDuty docs, "Errors").
 * Handlers throw PagerDutyError; the router turns it into the response.
 */
export class PagerDutyError extends Error {
  readonly status: number;
  readonly body: { error: { message: string; code: number; errors?: string[] } };

  constructor(status: number, message: string, code: number, errors?: string[]) {
    super(message);
    this.name = 'PagerDutyError';
    this.status = status;
    this.body = { error: errors ? { message, code, errors } : { message, code } };
  }
}

/** 400 ArgumentError as PagerDuty answers invalid parameters. */
export const invalidInput = (...errors: string[]) =>
  new PagerDutyError(400, 'Invalid Input Provided', 2001, errors);

/**
 * The classic-pagination ceiling. PagerDuty answers exactly this (code 2002, the explanation in `errors`), as
 * seen in client logs: "Arguments Caused Error (code: 2002): Offset+limit exceeds maximum allowed value of
 * 10000. Please try to refine your search ...".
 */
export const paginationCapExceeded = (cap: number) =>
  new PagerDutyError(400, 'Arguments Caused Error', 2002, [
    `Offset+limit exceeds maximum allowed value of ${cap}. Please try to refine your search to reduce the returned set of records below this number, like adding a date range.`,
  ]);

export const unauthorized = () => new PagerDutyError(401, 'Unauthorized', 2006);
export const notFound = () => new PagerDutyError(404, 'Not Found', 2100);
export const methodNotAllowed = () => new PagerDutyError(405, 'Method Not Allowed', 2100);
export const rateLimitExceeded = () => new PagerDutyError(429, 'Rate Limit Exceeded', 2020);

/** Default body of an injected fault with no body of its own. */
export function defaultErrorBody(status: number): unknown {
  if (status === 429) return rateLimitExceeded().body;
  if (status === 401) return unauthorized().body;
  if (status === 404) return notFound().body;
  if (status === 400) return invalidInput('Injected fault').body;
  if (status >= 500)
    return {
      error: { message: 'An internal error has occurred. PagerDuty team has been notified.', code: 2000 },
    };
  return { error: { message: 'Error', code: 2000 } };
}
