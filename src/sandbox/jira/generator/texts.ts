/** Word lists for the generated Jira site. Plain data. */

export const CUSTOMER_REPORTS = [
  'Customers report failed card payments',
  'Checkout page times out for some users',
  'Password reset e-mails not arriving',
  'Search results missing recent items',
  'Mobile app shows a blank order history',
  'Invoices generated with the wrong currency',
  'Users logged out every few minutes',
  'Webhook deliveries delayed by hours',
  'Reports export stuck at 0%',
  'Duplicate notifications sent to customers',
] as const;

export const ACTION_ITEMS = [
  'Add alerting on {cause}',
  'Write a runbook for {cause}',
  'Add a regression test for {cause}',
  'Load-test the fix for {cause}',
  'Automate detection of {cause}',
  'Review dashboards after {cause}',
  'Add a circuit breaker for {cause}',
  'Document the rollback path for {cause}',
  'Reduce blast radius of {cause}',
  'Add capacity headroom against {cause}',
] as const;
