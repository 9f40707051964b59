/** The Jira Cloud part of the sandbox: what `src/sandbox/index.ts` wires in. See docs/sandbox-jira.md. */
export { DEFAULT_JIRA_API_TOKEN, DEFAULT_JIRA_EMAIL, JIRA_PREFIX } from './catalog.ts';
export { generateJiraWorld } from './generator/index.ts';
export type { JiraWorld } from './model.ts';
export { createJiraMount } from './router.ts';
export type {
  JiraTruth,
  JiraTruthActionItem,
  JiraTruthIncident,
  JiraTruthPostmortem,
} from './truth.ts';
export { computeJiraTruth } from './truth.ts';
