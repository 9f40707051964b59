import type { Stream } from '../../../connectors/stream.ts';
import { coalesceBatches } from '../coalesce-batches.ts';
import type { SourceAdapter } from './source.ts';

const day = 86_400_000;

export const pagerDutySource: SourceAdapter = {
  name: 'pagerduty',
  skipReason: (config) =>
    config.pagerduty.token
      ? null
      : 'pagerduty: skipped, PAGERDUTY_TOKEN is not set (set it to sync PagerDuty)',
  async open(config, log, now) {
    const { createPagerDutyClient, createPagerDutyStreams } = await import(
      '../../../connectors/pagerduty/index.ts'
    );
    const client = createPagerDutyClient({
      apiUrl: config.pagerduty.apiUrl,
      token: config.pagerduty.token ?? '',
      log,
    });
    const streams = createPagerDutyStreams(client, {
      startDate: new Date(now.getTime() - config.pagerduty.historyDays * day),
      overlapMs: config.pagerduty.overlapMinutes * 60_000,
    }).map((stream) => coalesceBatches(stream as Stream<unknown>, config.loadBatchRecords));
    return { streams, requestCount: () => client.requestCount() };
  },
  async refreshIds(warehouse, stream) {
    if (stream !== 'incidents') return undefined;
    const rows = await warehouse.all<{ id: string }>(
      "SELECT source_id AS id FROM raw_pagerduty__incidents WHERE payload ->> 'status' <> 'resolved' ORDER BY 1",
    );
    return rows.map((r) => r.id);
  },
};
