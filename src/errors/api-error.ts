/** A non-retryable answer from a source API that is not about credentials (400, 404, 422...). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly source: string,
    readonly status: number,
    readonly code?: number | string,
  ) {
    super(message);
  }
}
