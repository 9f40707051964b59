import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { documentedLimitsPerMinute, RateBudget, requestsPerMinute } from '../../jobs/rate-budget.ts';
import { loadConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/errors/index.ts';
import { redisUrl } from './helpers.ts';

const configWith = (jobs: Record<string, unknown>) =>
  loadConfig({ env: {}, dotenv: false, overrides: { jobs } });

describe('per-source request budgets', () => {
  const redis = new Redis(redisUrl());
  afterAll(() => redis.disconnect());

  it('defaults to half of each documented API limit, and takes per-source overrides', () => {
    const defaults = configWith({});
    expect(requestsPerMinute(defaults, 'pagerduty')).toBe(480);
    expect(requestsPerMinute(defaults, 'jira')).toBe(Math.floor((documentedLimitsPerMinute.jira ?? 0) / 2));
    expect(requestsPerMinute(defaults, 'github')).toBe(41);
    expect(requestsPerMinute(defaults, 'somewhere-else')).toBeNull();
    const tuned = configWith({
      rateLimitShare: 0.8,
      rateLimits: { pagerduty: { share: 0.25 }, github: { perMinute: 250 } },
    });
    expect(requestsPerMinute(tuned, 'pagerduty')).toBe(240);
    expect(requestsPerMinute(tuned, 'github')).toBe(200);
    expect(requestsPerMinute(tuned, 'jira')).toBe(480);
  });

  it('is one budget for every worker: what one spent, the other waits for', async () => {
    const key = `test-${randomUUID()}:rate-budget:pagerduty`;
    const workerA = new RateBudget(redis, key, 5, 2000);
    const workerB = new RateBudget(redis, key, 5, 2000);
    expect(await workerA.take(3)).toBe(0);
    expect(await workerB.take(2)).toBe(0);
    // The window is spent: the next request waits for the next window, wherever it comes from.
    expect(await workerA.take(1)).toBeGreaterThan(0);
    expect(Number(await redis.get(key))).toBe(1);
    await redis.del(key);
  });

  it('rejects bad settings, naming the setting and what is expected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsledger-jobs-config-'));
    const file = join(dir, 'opsledger.config.yaml');
    writeFileSync(file, 'jobs:\n  rate_limits:\n    pagerduty:\n      share: 1.5\n  concurrency: 0\n');
    const fromFile = () => loadConfig({ env: {}, dotenv: false, configPath: file });
    expect(fromFile).toThrow(ConfigError);
    expect(fromFile).toThrow(
      /line 4: jobs\.rate_limits\.pagerduty\.share: expected a share above 0 and at most 1/,
    );
    expect(fromFile).toThrow(/jobs\.concurrency/);
    const fromEnv = () =>
      loadConfig({
        env: { OPSLEDGER_WORKER_CONCURRENCY: 'many', OPSLEDGER_QUEUE_PREFIX: 'a:b' },
        dotenv: false,
      });
    expect(fromEnv).toThrow(/OPSLEDGER_WORKER_CONCURRENCY: expected an integer/);
    expect(fromEnv).toThrow(/OPSLEDGER_QUEUE_PREFIX: expected letters, digits/);
    writeFileSync(file, 'jobs:\n  retries: 3\n');
    expect(fromFile).toThrow(/unknown setting 'retries'/);
  });
});
