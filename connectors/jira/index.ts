import type { Stream } from '../stream.ts';
import type { JiraClient } from './client.ts';
import type { JiraStreamOptions } from './options.ts';
import { JiraSession } from './session.ts';
import { issueStream } from './streams/issues.ts';
import { liveIssuesStream } from './streams/live-issues.ts';
import { fieldsStream, statusesStream } from './streams/reference.ts';

export type { AnnotatedIssue, IssueAnnotation } from './annotate.ts';
export { createJiraClient, JiraClient, type JiraClientOptions } from './client.ts';
export { adfText, fieldFlag, fieldText } from './field-values.ts';
export { closeNames, type FieldMap, resolveFields } from './fields.ts';
export { jqlString, scopeJql, updatedBetweenJql } from './jql.ts';
export {
  DEFAULT_JIRA_OVERLAP_MS,
  defaultFieldNames,
  type FieldRole,
  fieldRoles,
  type IssueStreamName,
  type JiraScope,
  type JiraStreamOptions,
  streamNames,
} from './options.ts';
export { issueSchema, type JiraIssue } from './schemas.ts';
export { JiraSession } from './session.ts';

/**
 * The Jira streams in dependency order: the field list (it also checks the credentials) and the workflow
 * statuses, then incidents, postmortems and action items (incremental by `updated`), then the list of live
 * issue ids per scope that marks deleted issues.
 */
export function createJiraStreams(client: JiraClient, options: JiraStreamOptions): Array<Stream<unknown>> {
  const session = new JiraSession(client, options);
  return [
    fieldsStream(session),
    statusesStream(session),
    issueStream(session, 'incidents'),
    issueStream(session, 'postmortems'),
    issueStream(session, 'action_items'),
    liveIssuesStream(session),
  ] as Array<Stream<unknown>>;
}
