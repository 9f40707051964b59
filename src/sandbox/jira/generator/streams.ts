/**
 * Sub-seed streams of the Jira generator (passed to deriveSeed / namespaceKey). They start at 100 so they
 * never coincide with the PagerDuty generator's streams: the Jira site is drawn from the same seed without
 * shifting a single PagerDuty value.
 */
export const JiraStream = {
  users: 101,
  site: 102,
  incidents: 103,
  jiraOnly: 104,
  postmortems: 105,
  actionItems: 106,
  flapping: 107,
} as const;
