import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { globToRegExp, matchesAny } from '../../../connectors/github/options.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { ConfigError } from '../../../src/errors/index.ts';
import { gitHubSource, gitHubStreamOptions } from '../../../src/pipeline/sources/github.ts';

function withFile(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'opsledger-gh-config-'));
  writeFileSync(join(dir, 'opsledger.config.yaml'), yaml);
  return { cwd: dir, env: {}, dotenv: false };
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('github configuration', () => {
  it('has defaults, and the token and URL come from GITHUB_TOKEN and GITHUB_API_URL', () => {
    const config = loadConfig({
      cwd: mkdtempSync(join(tmpdir(), 'opsledger-gh-')),
      dotenv: false,
      env: { GITHUB_TOKEN: 'ghp_secret_value_1', GITHUB_API_URL: 'https://ghe.example.com/api/v3/' },
    });
    expect(config.github.token).toBe('ghp_secret_value_1');
    expect(config.github.apiUrl).toBe('https://ghe.example.com/api/v3');
    expect(config.github.deployKind).toBe('deployments');
    expect(config.github.environment).toBe('production');
    expect(config.github.actionItems).toEqual({
      label: 'action-item',
      dueDate: 'milestone',
      dueLabelPrefix: 'due:',
      dueDays: 30,
    });
    expect(config.github.linking).toEqual({ windowHours: 24, pagerdutyFields: ['title'] });
    expect(config.github.include).toEqual(['*']);
  });

  it('reads snake_case keys from the config file: org, patterns, per-repository deploy kind and service', () => {
    const config = loadConfig(
      withFile(`github:
  org: acme
  include: ['*-api', 'payments-*']
  exclude: ['*-sandbox']
  deploy_kind: releases
  environment: prod
  repositories:
    - acme/website
    - name: payments-api
      deploy_kind: deployments
      environment: production
      service: Payments API
  action_items:
    label: follow-up
    due_date: label
    due_label_prefix: 'due/'
  linking:
    window_hours: 12
    pagerduty_fields: [title, description]
  status_lookback_days: 3
`),
    );
    const gh = config.github;
    expect(gh.org).toBe('acme');
    expect(gh.repositories).toEqual([
      { name: 'acme/website' },
      { name: 'payments-api', deployKind: 'deployments', environment: 'production', service: 'Payments API' },
    ]);
    expect(gh.actionItems.dueDate).toBe('label');
    expect(gh.linking).toEqual({ windowHours: 12, pagerdutyFields: ['title', 'description'] });
    const options = gitHubStreamOptions(config);
    expect(options.deployKind).toBe('releases');
    expect(options.environment).toBe('prod');
    expect(options.actionItemLabel).toBe('follow-up');
    expect(options.statusLookbackMs).toBe(3 * 86_400_000);
  });

  it.each([
    ['deploy_kind: nightly', /github\.deploy_kind: expected deployments, releases or merges/],
    [
      'repositories: [{ name: acme/x, deploy_kind: tags }]',
      /github\.repositories\.0\.deploy_kind: expected deployments/,
    ],
    ['repositories: ["not a/repo/name"]', /github\.repositories\.0\.name: expected owner\/name/],
    ['include: ["a b"]', /github\.include\.0: expected a repository name pattern/],
    [
      'action_items: { due_date: sometime }',
      /github\.action_items\.due_date: expected milestone, label or created_plus_days/,
    ],
    ['linking: { window_hours: -1 }', /github\.linking\.window_hours/],
    [
      'linking: { pagerduty_fields: ["Title!"] }',
      /github\.linking\.pagerduty_fields\.0: expected a PagerDuty incident field name/,
    ],
    ['concurrency: 50', /github\.concurrency/],
    ['colour: blue', /unknown setting 'colour'/],
  ])('rejects %s with a message naming the setting', (line, message) => {
    const error = configError(() => loadConfig(withFile(`github:\n  ${line}\n`)));
    expect(error.message).toMatch(message);
    // The loader locates settings in the file by mapping keys (not list items) and says which file.
    if (!/\.\d/.exec(String(message))) expect(error.message).toMatch(/opsledger\.config\.yaml/);
  });

  it('rejects a GITHUB_API_URL that is not an http(s) URL, naming the variable', () => {
    const error = configError(() =>
      loadConfig({ cwd: tmpdir(), dotenv: false, env: { GITHUB_API_URL: 'ftp://example.com' } }),
    );
    expect(error.message).toMatch(/GITHUB_API_URL/);
  });

  it('skips GitHub with one line when the token or the repositories are missing', () => {
    const none = loadConfig({ cwd: tmpdir(), dotenv: false, env: {} });
    expect(gitHubSource.skipReason(none)).toMatch(/GITHUB_TOKEN is not set/);
    const noRepos = loadConfig({ cwd: tmpdir(), dotenv: false, env: { GITHUB_TOKEN: 'ghp_x_123456' } });
    expect(gitHubSource.skipReason(noRepos)).toMatch(/set github\.org or github\.repositories/);
  });

  it('refuses a bare repository name without github.org when the source opens', async () => {
    const config = loadConfig({
      cwd: tmpdir(),
      dotenv: false,
      env: { GITHUB_TOKEN: 'ghp_x_123456' },
      overrides: { github: { repositories: ['payments-api'] } },
    });
    const opened = gitHubSource.open(config, { debug() {}, info() {}, warn() {}, error() {} }, new Date());
    await expect(opened).rejects.toBeInstanceOf(ConfigError);
    await expect(opened).rejects.toThrow(/github\.repositories: "payments-api" needs its owner/);
  });

  it('matches repository patterns on the name, or on owner/name when the pattern has a slash', () => {
    expect(globToRegExp('pay*-ap?').test('payments-api')).toBe(true);
    expect(matchesAny(['*-api'], 'acme/payments-api')).toBe(true);
    expect(matchesAny(['acme/*'], 'acme/payments-api')).toBe(true);
    expect(matchesAny(['other/*'], 'acme/payments-api')).toBe(false);
    expect(matchesAny(['payments.api'], 'acme/paymentsXapi')).toBe(false);
  });
});
