/** A setting is missing or invalid: the user must fix configuration. `setting` names it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly setting?: string,
  ) {
    super(message);
  }
}
