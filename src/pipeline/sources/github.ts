// The constants come from their own modules, not the connector's index: that one loads Octokit.
import { qualifyRepository } from '../../../connectors/github/catalog.ts';
import type { GitHubStreamOptions } from '../../../connectors/github/index.ts';
import { REPO_PREFIX } from '../../../connectors/github/session.ts';
import { POLL_PREFIX } from '../../../connectors/github/streams/deployment-statuses.ts';
import type { Config } from '../../config/index.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { SourceAdapter } from './source.ts';

const day = 86_400_000;

/** The GitHub streams' options from the configuration. */
export function gitHubStreamOptions(config: Config): GitHubStreamOptions {
  const gh = config.github;
  return {
    org: gh.org,
    include: gh.include,
    exclude: gh.exclude,
    repositories: gh.repositories,
    deployKind: gh.deployKind,
    environment: gh.environment,
    actionItemLabel: gh.actionItems.label,
    historyDays: gh.historyDays,
    overlapMs: gh.overlapMinutes * 60_000,
    statusLookbackMs: gh.statusLookbackDays * day,
    concurrency: gh.concurrency,
  };
}

/** The settings the GitHub models read, recorded with each run (see settings.ts). */
export function gitHubMetricSettings(config: Config) {
  const gh = config.github;
  return {
    github_repositories: { org: gh.org, include: gh.include, exclude: gh.exclude, listed: gh.repositories },
    github_deploy_kind: gh.deployKind,
    github_environment: gh.environment,
    github_action_items: gh.actionItems,
    github_linking: gh.linking,
    github_history_days: gh.historyDays,
    github_status_lookback_days: gh.statusLookbackDays,
  };
}

/** Writes the `settings` rows and the per-repository settings table the GitHub models read. */
export async function writeGitHubSettings(warehouse: Warehouse, config: Config): Promise<void> {
  const gh = config.github;
  const rows: Array<[string, string]> = [
    ['github_deploy_kind', gh.deployKind],
    ['github_environment', gh.environment],
    ['github_due_date', gh.actionItems.dueDate],
    ['github_due_label_prefix', gh.actionItems.dueLabelPrefix],
    ['github_due_days', String(gh.actionItems.dueDays)],
    ['github_link_window_hours', String(gh.linking.windowHours)],
    ['github_explicit_link_fields', gh.linking.pagerdutyFields.join(',')],
    ['github_status_lookback_days', String(gh.statusLookbackDays)],
  ];
  for (const [key, value] of rows)
    await warehouse.run('INSERT OR REPLACE INTO settings VALUES ($key, $value)', { key, value });
  await warehouse.run('DELETE FROM github_repository_settings');
  for (const entry of gh.repositories) {
    // A bare name without github.org is reported when the source opens; nothing to record for it here.
    if (!entry.name.includes('/') && !gh.org) continue;
    await warehouse.run(
      'INSERT OR REPLACE INTO github_repository_settings VALUES ($name, $kind, $environment, $service)',
      {
        name: qualifyRepository(entry.name, gh.org),
        kind: entry.deployKind ?? null,
        environment: entry.environment ?? null,
        service: entry.service ?? null,
      },
    );
  }
}

/** github.status_lookback_days as the run recorded it (refreshIds gets no configuration). */
async function lookbackDays(warehouse: Warehouse): Promise<number> {
  const row = await warehouse.one<{ value: string }>(
    "SELECT value FROM settings WHERE key = 'github_status_lookback_days'",
  );
  const days = Number(row?.value);
  return Number.isFinite(days) && days >= 0 ? days : 7;
}

/**
 * What the warehouse tells a GitHub stream before it reads (`refreshIds`, computed in-process right before the
 * stream, or when a queued run is planned): `repo:owner/name` for each repository held, so a stream run alone
 * need not list them; and, for deployment_statuses, `poll:owner/name#id<TAB>etag` for each deployment whose
 * statuses can still change, with the ETag of their last answer.
 */
async function refreshIds(warehouse: Warehouse, stream: string): Promise<string[] | undefined> {
  const repos = await warehouse.all<{ repo: string }>(
    "SELECT payload ->> 'full_name' AS repo FROM raw_github__repositories ORDER BY 1",
  );
  const out = repos.map((r) => `${REPO_PREFIX}${r.repo}`);
  if (stream === 'deployment_statuses') {
    const polls = await warehouse.all<{ key: string; etag: string | null }>(
      `WITH deployments AS (
         SELECT regexp_extract(j.url, '/repos/([^/]+/[^/]+)/', 1) AS repo, j.id AS deployment_id,
           CAST(j.created_at AS TIMESTAMPTZ) AS created_at
         FROM (SELECT json_transform(payload, '{"url": "VARCHAR", "id": "BIGINT", "created_at": "VARCHAR"}') AS j
               FROM raw_github__deployments)
       ),
       recent AS (SELECT *, max(created_at) OVER (PARTITION BY repo) AS newest FROM deployments),
       -- One parse per payload, of the fields used (statuses carry a full creator each).
       states AS (
         SELECT j.repository AS repo, j.deployment_id, j.etag, j.statuses[1].state AS state
         FROM (SELECT json_transform(payload,
                 '{"repository": "VARCHAR", "deployment_id": "BIGINT", "etag": "VARCHAR", "statuses": [{"state": "VARCHAR"}]}') AS j
               FROM raw_github__deployment_statuses)
       ),
       -- The latest successful deployment of a repository is the one the next deploy turns inactive.
       last_success AS (SELECT repo, max(deployment_id) AS deployment_id FROM states WHERE state = 'success' GROUP BY repo)
       SELECT r.repo || '#' || r.deployment_id AS key, s.etag
       FROM recent AS r
       LEFT JOIN states AS s USING (repo, deployment_id)
       WHERE r.created_at >= r.newest - to_milliseconds(CAST($lookbackDays AS BIGINT) * 86400000)
         OR s.state IS NULL OR s.state IN ('pending', 'queued', 'in_progress')
         OR r.deployment_id IN (SELECT deployment_id FROM last_success WHERE last_success.repo = r.repo)
       ORDER BY 1`,
      { lookbackDays: await lookbackDays(warehouse) },
    );
    for (const p of polls) out.push(`${POLL_PREFIX}${p.key}\t${p.etag ?? ''}`);
  }
  return out.length > 0 ? out : undefined;
}

export const gitHubSource: SourceAdapter = {
  name: 'github',
  skipReason(config) {
    if (!config.github.token) return 'github: skipped, GITHUB_TOKEN is not set (set it to sync GitHub)';
    if (!config.github.org && config.github.repositories.length === 0)
      return 'github: skipped, no repositories configured (set github.org or github.repositories in the config file)';
    return null;
  },
  async open(config, log) {
    const { createGitHubStreams, openGitHub } = await import('../../../connectors/github/index.ts');
    const session = openGitHub(
      { apiUrl: config.github.apiUrl, token: config.github.token ?? '', log },
      gitHubStreamOptions(config),
    );
    return { streams: createGitHubStreams(session), requestCount: () => session.client.requestCount() };
  },
  refreshIds,
};
