/** A record that failed validation; it is quarantined in dq_rejects and the run goes on. */
export class DataError extends Error {
  override name = 'DataError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
