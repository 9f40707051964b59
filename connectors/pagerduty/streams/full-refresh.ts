import type { z } from 'zod';
import { ApiError } from '../../../src/errors/index.ts';
import type { Stream, StreamBatch, StreamContext } from '../../stream.ts';
import { checkRecords } from '../../validate.ts';
import type { PagerDutyClient, Query } from '../client.ts';

export interface FullRefreshSpec<S extends z.ZodType> {
  name: string;
  path: string;
  /** Key of the list in the page envelope. */
  key: string;
  schema: S;
  primaryKey(record: z.output<S>): string;
  query?: Query;
  /** The list is a plan feature (teams): a 402/404 means "not on this account", not an error. */
  optionalFeature?: boolean;
}

/**
 * A small list read whole on every run (services, teams, users, escalation policies): one batch per page, the
 * cursor never moves. Records deleted in PagerDuty simply stop being refreshed.
 */
export function fullRefreshStream<S extends z.ZodType>(
  client: PagerDutyClient,
  spec: FullRefreshSpec<S>,
): Stream<z.output<S>> {
  return {
    source: 'pagerduty',
    name: spec.name,
    primaryKey: spec.primaryKey,
    async *read(ctx: StreamContext): AsyncGenerator<StreamBatch<z.output<S>>> {
      try {
        for await (const page of client.pages(spec.path, spec.key, spec.query ?? {}, ctx.signal)) {
          yield { ...checkRecords(spec.name, spec.schema, page.items), cursor: null };
        }
      } catch (error) {
        if (
          spec.optionalFeature &&
          error instanceof ApiError &&
          (error.status === 402 || error.status === 404)
        ) {
          ctx.log.info(
            `pagerduty ${spec.path} is not available on this account (HTTP ${error.status}); skipping ${spec.name}`,
          );
          return;
        }
        throw error;
      }
    },
  };
}
