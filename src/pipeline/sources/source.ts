import type { SourceName, Stream } from '../../../connectors/stream.ts';
import type { Config } from '../../config/index.ts';
import type { Logger } from '../../logger.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';

export interface SourceSession {
  streams: Array<Stream<unknown>>;
  /** HTTP requests made so far through this session's client. */
  requestCount(): number;
}

export interface SourceAdapter {
  name: SourceName;
  /** Why the source cannot run (credentials absent), or null when it can. */
  skipReason(config: Config): string | null;
  /**
   * The source's client and streams for one run, in dependency order. Asynchronous because the connector (and
   * its SDK) is loaded only when the source runs: a PagerDuty-only sync never loads jira.js or Octokit.
   */
  open(config: Config, log: Logger, now: Date): Promise<SourceSession>;
  /** Ids of records the warehouse holds open that the stream should re-poll. */
  refreshIds?(warehouse: Warehouse, stream: string): Promise<string[] | undefined>;
}
