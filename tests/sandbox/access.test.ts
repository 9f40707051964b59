import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { pd, startTestSandbox } from './helpers.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('authentication', () => {
  it('answers 401 without, or with a wrong, token and never echoes what was sent', async () => {
    sandbox = await startTestSandbox({ pagerdutyToken: 'right-token-123' });
    for (const token of [null, 'wrong-token-456']) {
      const answer = await pd(sandbox, '/incidents', { token });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { message: 'Unauthorized', code: 2006 } });
      expect(answer.text).not.toContain('wrong-token-456');
      expect([...answer.headers.values()].join(' ')).not.toContain('token');
    }
    const bearer = await pd(sandbox, '/incidents', {
      token: null,
      headers: { Authorization: 'Bearer right-token-123' },
    });
    expect(bearer.status).toBe(401);
    expect((await pd(sandbox, '/incidents', { token: 'right-token-123' })).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('counts down ratelimit-remaining and answers 429 with the headers once over the limit', async () => {
    sandbox = await startTestSandbox({ rateLimitPerMinute: 3 });
    for (let k = 1; k <= 3; k++) {
      const ok = await pd(sandbox, '/teams');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit-limit')).toBe('3');
      expect(ok.headers.get('ratelimit-remaining')).toBe(String(3 - k));
    }
    const limited = await pd(sandbox, '/teams');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: { message: 'Rate Limit Exceeded', code: 2020 } });
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    const reset = Number(limited.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(1);
    expect(reset).toBeLessThanOrEqual(60);
  });

  it('sends no rate-limit headers when the limit is off', async () => {
    sandbox = await startTestSandbox({ rateLimitPerMinute: null });
    const answer = await pd(sandbox, '/teams');
    expect(answer.headers.get('ratelimit-limit')).toBeNull();
  });
});

describe('faults', () => {
  it('answers an injected status for the given number of matching requests, then recovers', async () => {
    sandbox = await startTestSandbox();
    sandbox.faults.inject({ route: '/incidents', status: 503, times: 2 });
    expect((await pd(sandbox, '/incidents/does-not-match-exactly')).status).toBe(404);
    expect((await pd(sandbox, '/incidents')).status).toBe(503);
    expect((await pd(sandbox, '/incidents')).status).toBe(503);
    expect((await pd(sandbox, '/incidents')).status).toBe(200);
  });

  it('uses the given body and headers, matches RegExp routes, and clears', async () => {
    sandbox = await startTestSandbox();
    sandbox.faults.inject({
      route: /\/log_entries$/,
      status: 429,
      headers: { 'ratelimit-reset': '1' },
      times: 5,
    });
    const limited = await pd(sandbox, '/log_entries');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-reset')).toBe('1');
    expect(limited.body).toEqual({ error: { message: 'Rate Limit Exceeded', code: 2020 } });
    sandbox.faults.inject({ route: '/teams', status: 500, body: { custom: true } });
    expect((await pd(sandbox, '/teams')).body).toEqual({ custom: true });
    sandbox.faults.clear();
    expect((await pd(sandbox, '/log_entries')).status).toBe(200);
  });

  it('corrupts one record of the next matching list response, keeping its id', async () => {
    sandbox = await startTestSandbox();
    sandbox.faults.inject({ route: '/incidents', corruptRecord: true, times: 1 });
    const clean = sandbox.pagerduty.truth().incidents;
    const corrupted = await pd(sandbox, '/incidents?date_range=all&limit=10');
    const broken = corrupted.body.incidents.filter(
      (i: { created_at: string }) => i.created_at === 'not-a-date',
    );
    expect(broken).toHaveLength(1);
    expect(clean.map((i) => i.id)).toContain(broken[0].id);
    const next = await pd(sandbox, '/incidents?date_range=all&limit=10');
    expect(next.body.incidents.every((i: { created_at: string }) => i.created_at !== 'not-a-date')).toBe(
      true,
    );
  });
});

describe('statistics', () => {
  it('counts requests by route pattern', async () => {
    sandbox = await startTestSandbox();
    const first = await pd(sandbox, '/incidents?limit=1');
    await pd(sandbox, `/incidents/${first.body.incidents[0].id}/log_entries`);
    await pd(sandbox, '/incidents?limit=1');
    expect(sandbox.stats.requests()).toBe(3);
    expect(sandbox.stats.byRoute()).toEqual({
      'GET /pagerduty/incidents': 2,
      'GET /pagerduty/incidents/{id}/log_entries': 1,
    });
    sandbox.stats.reset();
    expect(sandbox.stats.requests()).toBe(0);
  });
});
