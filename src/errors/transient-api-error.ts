/** A failure worth retrying (429, 5xx, network). Carries the status and how long the source asked us to wait. */
export class TransientApiError extends Error {
  override name = 'TransientApiError';
  constructor(
    message: string,
    readonly source: string,
    readonly status: number | null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}
