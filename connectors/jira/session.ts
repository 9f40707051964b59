import { ApiError } from '../../src/errors/index.ts';
import type { JiraClient } from './client.ts';
import { type FieldMap, resolveFields } from './fields.ts';
import type { JiraStreamOptions } from './options.ts';
import { fieldSchema, type JiraField, myselfSchema } from './schemas.ts';

/**
 * What the streams of one run share: the API user (read first: it checks the credentials and says which
 * zone Jira reads JQL dates in) and the field list with the configured fields resolved. Each is fetched once
 * per run, whichever stream asks first.
 */
export class JiraSession {
  #myself: Promise<{ accountId: string; timeZone: string | null }> | undefined;
  #fields: Promise<{ raw: unknown[]; fields: JiraField[] }> | undefined;
  #fieldMap: Promise<FieldMap> | undefined;

  constructor(
    readonly client: JiraClient,
    readonly options: JiraStreamOptions,
  ) {}

  myself(signal?: AbortSignal): Promise<{ accountId: string; timeZone: string | null }> {
    this.#myself ??= this.client.myself(signal).then((body) => {
      const parsed = myselfSchema.safeParse(body);
      if (!parsed.success)
        throw new ApiError(
          `Jira GET /rest/api/3/myself at ${this.client.host} answered without an accountId`,
          'jira',
          200,
        );
      const timeZone = parsed.data.timeZone ?? null;
      this.client.log.info(
        `  jira: reading as account ${parsed.data.accountId} (time zone ${timeZone ?? 'unknown'}); JQL times are sent as epoch milliseconds, which no zone changes`,
      );
      return { accountId: parsed.data.accountId, timeZone };
    });
    this.#myself.catch(() => undefined);
    return this.#myself;
  }

  /** The site's field list as received, and the entries that passed validation. */
  fieldList(signal?: AbortSignal): Promise<{ raw: unknown[]; fields: JiraField[] }> {
    this.#fields ??= this.client.fields(signal).then((body) => {
      if (!Array.isArray(body))
        throw new ApiError(
          `Jira GET /rest/api/3/field at ${this.client.host} did not answer a list`,
          'jira',
          200,
        );
      const fields = body.flatMap((f) => {
        const parsed = fieldSchema.safeParse(f);
        return parsed.success ? [parsed.data] : [];
      });
      return { raw: body, fields };
    });
    this.#fields.catch(() => undefined);
    return this.#fields;
  }

  /** The configured fields resolved to this site's ids; a ConfigError names the setting to fix. */
  fieldMap(signal?: AbortSignal): Promise<FieldMap> {
    this.#fieldMap ??= this.fieldList(signal).then(({ fields }) =>
      resolveFields(this.options.fields, fields, this.client.log),
    );
    this.#fieldMap.catch(() => undefined);
    return this.#fieldMap;
  }
}
