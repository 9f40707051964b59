import type { Sandbox } from './types.ts';

/** What `opsledger sandbox` prints: where to point a client, the token, and one request to try. */
export function describeSandbox(s: Sandbox): string {
  const since = new Date(s.clock.now().getTime() - 7 * 24 * 3600 * 1000).toISOString().slice(0, 19);
  return [
    `Sandbox running at ${s.url} (clock: ${s.clock.now().toISOString()})`,
    `  PagerDuty REST v2 API: ${s.pagerduty.apiUrl}`,
    `  PagerDuty API token:   ${s.pagerduty.token}`,
    '  Try:',
    `    curl -s -H 'Authorization: Token token=${s.pagerduty.token}' -H 'Accept: application/vnd.pagerduty+json;version=2' '${s.pagerduty.apiUrl}/incidents?since=${since}Z&limit=5'`,
    `  Jira Cloud REST v3:    JIRA_HOST=${s.jira.host} JIRA_EMAIL=${s.jira.email} JIRA_API_TOKEN=${s.jira.apiToken}`,
    '  Try:',
    `    curl -s -u '${s.jira.email}:${s.jira.apiToken}' '${s.jira.host}/rest/api/3/search/jql?jql=project%20%3D%20INC%20ORDER%20BY%20updated%20DESC&maxResults=5&fields=summary,status,updated'`,
    `  GitHub REST API:       GITHUB_API_URL=${s.github.apiUrl} GITHUB_TOKEN=${s.github.token} (org ${s.github.org}; Enterprise Server style: ${s.github.enterpriseApiUrl})`,
    '  Try:',
    `    curl -s -H 'Authorization: Bearer ${s.github.token}' -H 'X-GitHub-Api-Version: 2022-11-28' '${s.github.apiUrl}/orgs/${s.github.org}/repos?per_page=5'`,
  ].join('\n');
}
