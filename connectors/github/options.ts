export type DeployKind = 'deployments' | 'releases' | 'merges';

/** One repository entry of the configuration (`github.repositories`), owner already resolved. */
export interface RepositoryEntry {
  name: string;
  deployKind?: DeployKind;
  environment?: string;
  service?: string;
}

/** What the GitHub streams need from the configuration. */
export interface GitHubStreamOptions {
  org?: string;
  include: readonly string[];
  exclude: readonly string[];
  repositories: readonly RepositoryEntry[];
  deployKind: DeployKind;
  environment: string;
  actionItemLabel: string;
  /** How far back a first or full read goes. */
  historyDays: number;
  /** Pull requests and issues are re-read from this long before the cursor. */
  overlapMs: number;
  /** Statuses of deployments created this long before a repository's newest one are re-polled. */
  statusLookbackMs: number;
  /** Parallel deployment-status requests. */
  concurrency: number;
}

const day = 86_400_000;

export const defaultStreamOptions: GitHubStreamOptions = {
  include: ['*'],
  exclude: [],
  repositories: [],
  deployKind: 'deployments',
  environment: 'production',
  actionItemLabel: 'action-item',
  historyDays: 365,
  overlapMs: 3_600_000,
  statusLookbackMs: 7 * day,
  concurrency: 4,
};

/** `*` any run of characters, `?` one; the whole name must match. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** A pattern with a `/` is matched against owner/name, otherwise against the name alone. */
export function matchesAny(patterns: readonly string[], fullName: string): boolean {
  const name = fullName.split('/')[1] ?? fullName;
  return patterns.some((p) => globToRegExp(p).test(p.includes('/') ? fullName : name));
}
