/** Word lists for pull requests and issues. Plain data. */

export const PR_VERBS = [
  'Add',
  'Fix',
  'Refactor',
  'Remove',
  'Speed up',
  'Harden',
  'Document',
  'Upgrade',
] as const;

export const PR_OBJECTS = [
  'retry logic in the upstream client',
  'request validation',
  'connection pool settings',
  'cache invalidation',
  'feature flag for the new checkout flow',
  'metrics for queue depth',
  'database migration for audit columns',
  'rate limiter',
  'graceful shutdown',
  'health check endpoint',
  'structured logging',
  'timeout handling',
  'batch export job',
  'TLS configuration',
  'dependency versions',
] as const;

/** `{svc}` is the service name. */
export const ACTION_ITEM_TITLES = [
  'Add an alert on {svc} error budget burn',
  'Write a runbook for {svc} failover',
  'Add a canary stage to the {svc} deploy pipeline',
  'Load-test {svc} at twice the peak traffic',
  'Add a circuit breaker between {svc} and its database',
  'Automate rollback for {svc} when health checks fail',
  'Reduce {svc} alert noise: tune thresholds',
  'Add dashboards for {svc} saturation metrics',
  'Fix the missing timeout in {svc} upstream calls',
  'Document the {svc} on-call escalation path',
] as const;

export const OTHER_ISSUE_TITLES = [
  'Typo in the README',
  'Flaky integration test on CI',
  'Support pagination in the list endpoint',
  'Slow response on large accounts',
  'Upgrade the base image',
  'Error message is unclear when the token expires',
  'Add dark mode to the admin page',
  'Export fails for reports over 10 MB',
] as const;
