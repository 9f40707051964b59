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
  ].join('\n');
}
