import { ConfigError } from '../../src/errors/index.ts';
import type { IssueStreamName, JiraScope } from './options.ts';
import { scopeSettingKeys } from './options.ts';

/** A JQL string literal: double-quoted, with backslashes and quotes escaped. */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const list = (values: readonly string[]) => values.map(jqlString).join(', ');

/** The filter that selects one stream's issues, without time bounds or ORDER BY. */
export function scopeJql(stream: IssueStreamName, scope: JiraScope): string {
  const key = scopeSettingKeys[stream];
  if (scope.jql !== undefined) {
    if (/\border\s+by\b/i.test(scope.jql))
      throw new ConfigError(
        `${key}.jql: leave out ORDER BY; opsledger orders by updated itself (got ${JSON.stringify(scope.jql)})`,
        `${key}.jql`,
      );
    return `(${scope.jql})`;
  }
  const clauses: string[] = [];
  if (scope.projects.length > 0) clauses.push(`project in (${list(scope.projects)})`);
  if (scope.issueTypes.length > 0) clauses.push(`issuetype in (${list(scope.issueTypes)})`);
  if (scope.labels.length > 0) clauses.push(`labels in (${list(scope.labels)})`);
  if (clauses.length === 0)
    throw new ConfigError(
      `${key}: set jql, or at least one of projects, issue_types and labels (an unbounded search would read every issue on the site)`,
      key,
    );
  return clauses.join(' AND ');
}

/**
 * Issues of a scope updated in [from, to], oldest update first. Times are epoch milliseconds: a date string
 * (`"2024/01/15 10:23"`) has minute precision and is read in the API user's time zone, so a UTC cursor
 * sent that way would skip or repeat hours.
 */
export function updatedBetweenJql(scope: string, from: Date, to: Date): string {
  return `${scope} AND updated >= ${from.getTime()} AND updated <= ${to.getTime()} ORDER BY updated ASC, key ASC`;
}
