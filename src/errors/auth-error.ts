/** The source refused our credentials (401/403): the user must check the named token. Never retried. */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    message: string,
    readonly source: string,
    readonly status: number,
  ) {
    super(message);
  }
}
