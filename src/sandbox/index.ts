import { SandboxClock } from './clock.ts';
import { FaultRegistry } from './faults.ts';
import { createGitHubPart } from './github/sandbox.ts';
import {
  computeJiraTruth,
  createJiraMount,
  DEFAULT_JIRA_API_TOKEN,
  DEFAULT_JIRA_EMAIL,
  generateJiraWorld,
  JIRA_PREFIX,
  type JiraWorld,
} from './jira/index.ts';
import { sandboxOwnership } from './ownership.ts';
import { generatePagerDutyWorld } from './pagerduty/generator/index.ts';
import { createPagerDutyMount, PAGERDUTY_PREFIX } from './pagerduty/router.ts';
import { computeTruth } from './pagerduty/truth.ts';
import { emitManualSample } from './samples.ts';
import { resolveScale } from './scale.ts';
import { createSandboxServer, listen, shutdown } from './server.ts';
import { RequestStats } from './stats.ts';
import { HOUR } from './time.ts';
import type { Sandbox, SandboxOptions } from './types.ts';

export { describeSandbox } from './describe.ts';
export type { CorruptRecordFault, Fault, StatusFault } from './faults.ts';
export { githubPrimaryRateLimitFault, githubSecondaryRateLimitFault } from './github/faults.ts';
export type { DeployKind, GitHubScale } from './github/model.ts';
export type { GitHubSandbox } from './github/sandbox.ts';
export { DEFAULT_GITHUB_TOKEN } from './github/sandbox.ts';
export type { GitHubStatsSnapshot } from './github/stats.ts';
export type { GitHubTruth } from './github/truth.ts';
export type { JiraTruth, JiraTruthActionItem, JiraTruthIncident, JiraTruthPostmortem } from './jira/index.ts';
export { DEFAULT_JIRA_API_TOKEN, DEFAULT_JIRA_EMAIL } from './jira/index.ts';
export type { SandboxOwnership } from './ownership.ts';
export type { PagerDutyTruth, TruthIncident } from './pagerduty/truth.ts';
export type { ManualSample, ManualSampleOptions, SampleTrap, SeededDiscrepancy } from './samples.ts';
export type { Sandbox, SandboxOptions, SandboxScale } from './types.ts';

export const DEFAULT_PAGERDUTY_TOKEN = 'sandbox-pagerduty-token';

/**
 * Starts the sandbox: a local HTTP server speaking PagerDuty's REST v2 wire format (under `/pagerduty`) and
 * Jira Cloud's REST v3 (under `/jira`) and GitHub's REST API (under `/github`, and `/github/api/v3` for the
 * Enterprise Server style) over an organisation generated from `seed`, with known ground truth.
 * Same seed and `now` give byte-identical answers (GitHub's API links follow the request's host).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 42;
  const start = options.now ?? new Date(Math.floor(Date.now() / HOUR) * HOUR);
  if (Number.isNaN(start.getTime())) throw new RangeError('options.now must be a valid Date');
  const paginationCap = options.paginationCap ?? 10_000;
  if (!Number.isInteger(paginationCap) || paginationCap < 1)
    throw new RangeError('paginationCap must be a positive integer');
  const rateLimitPerMinute = options.rateLimitPerMinute === undefined ? 960 : options.rateLimitPerMinute;
  const token = options.pagerdutyToken ?? DEFAULT_PAGERDUTY_TOKEN;
  const host = options.host ?? '127.0.0.1';

  const clock = new SandboxClock(start);
  const faults = new FaultRegistry();
  const stats = new RequestStats();
  const size = resolveScale(options.scale);
  const world = generatePagerDutyWorld(seed, size, start.getTime());
  const pagerduty = createPagerDutyMount({ world, clock, token, rateLimitPerMinute, paginationCap, faults });
  const jiraEmail = options.jiraEmail ?? DEFAULT_JIRA_EMAIL;
  const jiraApiToken = options.jiraApiToken ?? DEFAULT_JIRA_API_TOKEN;
  const jiraRateLimit = options.jiraRateLimitPerMinute ?? null;
  if (jiraRateLimit !== null && !(Number.isInteger(jiraRateLimit) && jiraRateLimit > 0))
    throw new RangeError('jiraRateLimitPerMinute must be a positive integer or null');
  // The Jira site is generated on first use: PagerDuty-only runs (the bench) never pay for it.
  let jiraWorld: JiraWorld | undefined;
  const jiraSite = () => {
    jiraWorld ??= generateJiraWorld({
      pd: world,
      now: start.getTime(),
      historyDays: size.days,
      apiEmail: jiraEmail,
    });
    return jiraWorld;
  };
  const jira = createJiraMount({
    world: jiraSite,
    clock,
    email: jiraEmail,
    apiToken: jiraApiToken,
    rateLimitPerMinute: jiraRateLimit,
    faults,
  });
  const github = createGitHubPart({
    pd: world,
    seed,
    days: size.days,
    now: start.getTime(),
    clock,
    faults,
    token: options.githubToken,
    rateLimit: options.githubRateLimit,
    rateLimitWindowSeconds: options.githubRateLimitWindowSeconds,
    scale: options.githubScale,
  });
  const server = createSandboxServer([pagerduty, jira, github.mount], stats);
  const port = await listen(server, host, options.port ?? 0);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    pagerduty: {
      apiUrl: `${url}${PAGERDUTY_PREFIX}`,
      token,
      truth: () => computeTruth(world, clock.nowMs()),
    },
    jira: {
      host: `${url}${JIRA_PREFIX}`,
      email: jiraEmail,
      apiToken: jiraApiToken,
      truth: () => computeJiraTruth(jiraSite(), clock.nowMs()),
    },
    github: github.facade(url),
    ownership: () => sandboxOwnership(computeTruth(world, clock.nowMs()), github.facade(url).truth()),
    clock: {
      now: () => clock.now(),
      set: (d) => clock.set(d),
      advance: (ms) => clock.advance(ms),
    },
    faults: { inject: (f) => faults.inject(f), clear: () => faults.clear() },
    stats: { requests: () => stats.requests(), byRoute: () => stats.byRoute(), reset: () => stats.reset() },
    manualSample: (sampleOptions) =>
      emitManualSample(computeTruth(world, clock.nowMs()), clock.nowMs(), sampleOptions),
    close: () => {
      closed ??= shutdown(server);
      return closed;
    },
  };
}
