import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPagerDutyClient, type PagerDutyClientOptions } from '../../../connectors/pagerduty/client.ts';
import { ApiError, AuthError, TransientApiError } from '../../../src/errors/index.ts';
import { createLogger } from '../../../src/logger.ts';
import { type FakeServer, json, listHandler, startFakeServer, syntheticIncidents } from './fake-server.ts';

const token = 'u+pdTestToken-1234567890';
let server: FakeServer;
let lines: string[];

beforeEach(async () => {
  server = await startFakeServer();
  lines = [];
});
afterEach(() => server.close());

function client(options: Partial<PagerDutyClientOptions> = {}) {
  const log = createLogger('debug', (line) => lines.push(line));
  return createPagerDutyClient({ apiUrl: server.apiUrl, token, log, baseDelayMs: 20, ...options });
}

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of gen) out.push(item);
  return out;
}

describe('PagerDuty client: requests', () => {
  it('keeps the apiUrl path prefix, sends the token and version headers, pages without repeating parameters', async () => {
    const users = Array.from({ length: 5 }, (_, i) => ({ id: `PU${i}`, type: 'user', name: `u${i}` }));
    server.handle((req, res) => {
      const offset = Number(req.query.get('offset'));
      const limit = Number(req.query.get('limit'));
      json(res, 200, {
        users: users.slice(offset, offset + limit),
        limit,
        offset,
        more: offset + limit < users.length,
      });
    });
    const pd = client({ pageSize: 2 });
    const pages = await collect(pd.pages('/users', 'users', { 'include[]': ['teams', 'contact_methods'] }));
    expect(pages.flatMap((p) => p.items)).toEqual(users);
    expect(server.requests.map((r) => r.path)).toEqual(['/users', '/users', '/users']);
    for (const r of server.requests) {
      expect(r.headers.authorization).toBe(`Token token=${token}`);
      expect(r.headers.accept).toBe('application/vnd.pagerduty+json;version=2');
      expect(r.query.getAll('include[]')).toEqual(['teams', 'contact_methods']);
      expect(r.query.getAll('offset')).toHaveLength(1);
    }
    expect(server.requests.map((r) => r.query.get('offset'))).toEqual(['0', '2', '4']);
    expect(pd.requestCount()).toBe(3);
  });

  it('stops on a page without "more" that is short, and on an empty page', async () => {
    server.handle((req, res) =>
      json(res, 200, { teams: req.query.get('offset') === '0' ? [{ id: 'T' }] : [] }),
    );
    const pages = await collect(client().pages('/teams', 'teams'));
    expect(pages).toHaveLength(1);
  });

  it('a body without the expected list is an ApiError, not an empty stream', async () => {
    server.handle((_req, res) => json(res, 200, { something: [] }));
    await expect(collect(client().pages('/teams', 'teams'))).rejects.toThrow(/without a "teams" list/);
  });
});

describe('PagerDuty client: errors and retries', () => {
  it('401: AuthError naming PAGERDUTY_TOKEN and the host, without the token, not retried', async () => {
    server.handle((_req, res) => json(res, 401, { error: { message: 'Unauthorized', code: 2006 } }));
    const pd = client();
    const error = await pd.get('/users').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    const message = (error as AuthError).message;
    expect(message).toContain('PAGERDUTY_TOKEN');
    expect(message).toContain(new URL(server.apiUrl).host);
    expect(message).not.toContain(token);
    expect((error as AuthError).status).toBe(401);
    expect(server.requests).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('403 is an AuthError too', async () => {
    server.handle((_req, res) => json(res, 403, { error: { message: 'Access Denied', code: 2010 } }));
    await expect(client().get('/users')).rejects.toBeInstanceOf(AuthError);
  });

  it('other 4xx: ApiError with PagerDuty message, details and code', async () => {
    server.handle((_req, res) =>
      json(res, 400, {
        error: { message: 'Invalid Input Provided', code: 2001, errors: ['Since is invalid'] },
      }),
    );
    const error = (await client()
      .get('/incidents')
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe(2001);
    expect(error.message).toContain('Invalid Input Provided');
    expect(error.message).toContain('Since is invalid');
    expect(server.requests).toHaveLength(1);
  });

  it('429: waits ratelimit-reset seconds, and pdjs does not retry on its own (exactly one retry sent)', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls += 1;
      if (calls === 1)
        json(res, 429, { error: { message: 'Rate Limit Exceeded', code: 2020 } }, { 'ratelimit-reset': '1' });
      else json(res, 200, { users: [] });
    });
    const pd = client();
    const started = Date.now();
    await expect(pd.get('/users')).resolves.toEqual({ users: [] });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(5000);
    expect(server.requests).toHaveLength(2);
    expect(pd.requestCount()).toBe(2);
    expect(lines.some((l) => /429.*retrying in 1\.\d s/.test(l))).toBe(true);
  });

  it('429 without headers: exponential backoff instead', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls += 1;
      if (calls <= 2) json(res, 429, {});
      else json(res, 200, { ok: true });
    });
    await expect(client().get('/users')).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
  });

  it('5xx: retried, Retry-After honoured', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls += 1;
      if (calls === 1) json(res, 503, { error: { message: 'Service Unavailable' } }, { 'retry-after': '1' });
      else if (calls === 2) json(res, 500, {});
      else json(res, 200, { ok: true });
    });
    const started = Date.now();
    await expect(client().get('/users')).resolves.toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.requests).toHaveLength(3);
  });

  it('5xx that persists: TransientApiError after maxRetries + 1 attempts', async () => {
    server.handle((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    const error = (await client({ maxRetries: 2 })
      .get('/users')
      .catch((e: unknown) => e)) as TransientApiError;
    expect(error).toBeInstanceOf(TransientApiError);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/gave up after 3 attempts/);
    expect(server.requests).toHaveLength(3);
  });

  it('network errors are retried, then a TransientApiError', async () => {
    const apiUrl = server.apiUrl;
    await server.close();
    const log = createLogger('debug', (line) => lines.push(line));
    const pd = createPagerDutyClient({ apiUrl, token, log, baseDelayMs: 10, maxRetries: 2 });
    const error = (await pd.get('/users').catch((e: unknown) => e)) as TransientApiError;
    expect(error).toBeInstanceOf(TransientApiError);
    expect(error.status).toBeNull();
    expect(error.message).toMatch(/could not reach PagerDuty/);
    expect(pd.requestCount()).toBe(3);
    server = await startFakeServer(); // for afterEach
  });

  it('a request that hangs times out as a TransientApiError', async () => {
    server.handle(() => undefined);
    const error = await client({ requestTimeoutMs: 200, maxRetries: 1 })
      .get('/users')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientApiError);
    expect((error as Error).message).toMatch(/did not answer within 0.2 s/);
  });

  it("the caller's abort stops at once, without retrying", async () => {
    server.handle(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 100);
    await expect(client().get('/users', {}, controller.signal)).rejects.toThrow('stop');
    expect(server.requests).toHaveLength(1);
  });
});

describe('PagerDuty client: since/until history', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  const end = new Date('2026-03-01T00:00:00Z');

  it.each([
    ['with total=true', true],
    ['when total is not answered (cap learned from code 2002)', false],
  ])('reads every record past a pagination cap of 200, %s', async (_label, total) => {
    const incidents = syntheticIncidents(1234, start, end);
    server.handle(listHandler('incidents', incidents, 200, { total }));
    const pd = client({ pageSize: 50 });
    const pages = await collect(pd.history({ path: '/incidents', key: 'incidents', query: {}, start, end }));
    const ids = pages.flatMap((p) => p.items.map((i) => (i as { id: string }).id));
    expect(new Set(ids).size).toBe(incidents.length);
    expect(ids).toHaveLength(incidents.length); // a window re-read after a 2002 skips what it already yielded
    for (const r of server.requests) {
      expect(r.query.get('since')).toMatch(/Z$/);
      expect(r.query.get('until')).toMatch(/Z$/);
    }
    // The cursor moves forward window by window and ends at `end`.
    const cursors = pages.flatMap((p) => (p.completedUntil ? [p.completedUntil.getTime()] : []));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(cursors.at(-1)).toBe(end.getTime());
  });

  it('never asks for more than 180 days in one window', async () => {
    server.handle(listHandler('incidents', [], 10_000));
    const from = new Date('2025-01-01T00:00:00Z');
    const to = new Date('2026-03-01T00:00:00Z');
    const pages = await collect(
      client().history({ path: '/incidents', key: 'incidents', query: {}, start: from, end: to }),
    );
    for (const r of server.requests) {
      const span = Date.parse(r.query.get('until')!) - Date.parse(r.query.get('since')!);
      expect(span).toBeLessThanOrEqual(180 * 86_400_000);
    }
    expect(server.requests).toHaveLength(3);
    expect(pages.map((p) => p.completedUntil?.toISOString())).toEqual([
      '2025-06-30T00:00:00.000Z',
      '2025-12-27T00:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
    ]);
  });
});
