import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
}

export type Handler = (req: SeenRequest, res: ServerResponse) => void;

export interface FakeServer {
  /** Base URL with a path prefix, like a sandbox mounted under /pagerduty. */
  apiUrl: string;
  requests: SeenRequest[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A programmable HTTP server standing in for PagerDuty in unit tests of the client. */
export async function startFakeServer(prefix = '/pagerduty'): Promise<FakeServer> {
  let handler: Handler = (_req, res) => json(res, 404, { error: { message: 'Not Found', code: 2100 } });
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const seen = {
      method: req.method ?? 'GET',
      path: url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname,
      query: url.searchParams,
      headers: req.headers,
    };
    requests.push(seen);
    handler(seen, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    apiUrl: `http://127.0.0.1:${address.port}${prefix}`,
    requests,
    handle(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Synthetic incidents spread evenly over [start, end), for paging and window-splitting tests. */
export function syntheticIncidents(
  count: number,
  start: Date,
  end: Date,
): Array<{ id: string; created_at: string }> {
  const step = (end.getTime() - start.getTime()) / count;
  return Array.from({ length: count }, (_, i) => ({
    id: `PINC${String(i).padStart(5, '0')}`,
    type: 'incident',
    incident_number: i + 1,
    status: 'resolved',
    urgency: 'high',
    created_at: new Date(Math.floor((start.getTime() + i * step) / 1000) * 1000)
      .toISOString()
      .replace('.000Z', 'Z'),
    service: { id: 'PSVC', type: 'service_reference' },
    teams: [],
  }));
}

/**
 * Serves `records` as PagerDuty's /incidents does: since inclusive, until exclusive, total on request, and the
 * pagination cap answered with HTTP 400 code 2002.
 */
export function listHandler(
  key: string,
  records: Array<{ created_at: string }>,
  cap: number,
  options: { total?: boolean } = {},
): Handler {
  return (req, res) => {
    const since = Date.parse(req.query.get('since') ?? '');
    const until = Date.parse(req.query.get('until') ?? '');
    const limit = Number(req.query.get('limit') ?? 25);
    const offset = Number(req.query.get('offset') ?? 0);
    if (offset + limit > cap) {
      json(res, 400, {
        error: { message: `Offset+limit exceeds maximum allowed value of ${cap}`, code: 2002 },
      });
      return;
    }
    const matching = records.filter((r) => {
      const t = Date.parse(r.created_at);
      return t >= since && t < until;
    });
    const page = matching.slice(offset, offset + limit);
    const withTotal = req.query.get('total') === 'true' && options.total !== false;
    json(res, 200, {
      [key]: page,
      limit,
      offset,
      more: offset + limit < matching.length,
      total: withTotal ? matching.length : null,
    });
  };
}
