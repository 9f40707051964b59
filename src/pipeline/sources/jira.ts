import type { JiraStreamOptions } from '../../../connectors/jira/index.ts';
import type { Config } from '../../config/index.ts';
import type { SourceAdapter } from './source.ts';

const day = 86_400_000;

/** The connector's options from the `jira` section of the configuration. */
export function jiraStreamOptions(config: Config, now: Date): JiraStreamOptions {
  const jira = config.jira;
  return {
    scopes: { incidents: jira.incidents, postmortems: jira.postmortems, action_items: jira.actionItems },
    fields: jira.fields,
    pagerdutyLabelPrefix: jira.pagerdutyLabelPrefix,
    externalLabels: jira.externalLabels,
    pageSize: jira.pageSize,
    startDate: new Date(now.getTime() - jira.historyDays * day),
    overlapMs: jira.overlapMinutes * 60_000,
  };
}

function missingSettings(config: Config): string[] {
  const missing: string[] = [];
  if (!config.jira.host) missing.push('JIRA_HOST');
  if (!config.jira.email) missing.push('JIRA_EMAIL');
  if (!config.jira.apiToken) missing.push('JIRA_API_TOKEN');
  return missing;
}

export const jiraSource: SourceAdapter = {
  name: 'jira',
  skipReason(config) {
    const missing = missingSettings(config);
    if (missing.length === 0) return null;
    return `jira: skipped, ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set (set JIRA_HOST, JIRA_EMAIL and JIRA_API_TOKEN to sync Jira)`;
  },
  async open(config, log, now) {
    const { createJiraClient, createJiraStreams } = await import('../../../connectors/jira/index.ts');
    const client = createJiraClient({
      host: config.jira.host ?? '',
      email: config.jira.email ?? '',
      apiToken: config.jira.apiToken ?? '',
      log,
    });
    const streams = createJiraStreams(client, jiraStreamOptions(config, now));
    return { streams, requestCount: () => client.requestCount() };
  },
};
