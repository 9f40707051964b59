import type { SourceName } from '../../../connectors/stream.ts';
import { gitHubSource } from './github.ts';
import { jiraSource } from './jira.ts';
import { pagerDutySource } from './pagerduty.ts';
import type { SourceAdapter } from './source.ts';

export type { SourceAdapter } from './source.ts';

/** Every source the product can sync; Jira and GitHub join here. */
export const sourceAdapters: Record<string, SourceAdapter> = {
  pagerduty: pagerDutySource,
  jira: jiraSource,
  github: gitHubSource,
};

export const knownSources = Object.keys(sourceAdapters) as SourceName[];
