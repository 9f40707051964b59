import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Mount, SandboxResponse } from './http.ts';
import type { RequestStats } from './stats.ts';

const NOT_FOUND_BODY = { error: { message: 'Not Found', code: 2100 } };

function findMount(mounts: Mount[], pathname: string): Mount | undefined {
  return mounts.find((m) => pathname === m.prefix || pathname.startsWith(`${m.prefix}/`));
}

/** Statuses that never carry a body (RFC 9110): no content-type or content-length either. */
const NO_BODY = new Set([204, 304]);

function write(
  res: ServerResponse,
  method: string,
  answer: Pick<SandboxResponse, 'status' | 'body' | 'headers' | 'text'>,
): void {
  if (NO_BODY.has(answer.status)) {
    res.writeHead(answer.status, answer.headers);
    res.end();
    return;
  }
  const text = answer.text ?? JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...answer.headers,
  });
  res.end(method === 'HEAD' ? undefined : text);
}

/**
 * The sandbox's HTTP server: it only dispatches by path prefix to the vendor mounts and serializes their
 * answers. Vendor behaviour (auth, errors, pagination) lives in each mount.
 */
export function createSandboxServer(mounts: Mount[], stats: RequestStats): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    // Request bodies are never read (the sandbox is read-only); drain them so keep-alive sockets stay usable.
    req.resume();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://sandbox.local');
    } catch {
      stats.record(`${method} (bad url)`);
      write(res, method, { status: 400, body: { error: { message: 'Bad Request', code: 2001 } } });
      return;
    }
    const mount = findMount(mounts, url.pathname);
    if (!mount) {
      stats.record(`${method} (unknown)`);
      write(res, method, { status: 404, body: NOT_FOUND_BODY });
      return;
    }
    try {
      const answer = mount.handle({
        method,
        path: url.pathname.slice(mount.prefix.length) || '/',
        query: url.searchParams,
        headers: req.headers,
      });
      stats.record(answer.route);
      write(res, method, answer);
    } catch (error) {
      stats.record(`${method} ${mount.prefix} (error)`);
      const message = error instanceof Error ? error.message : String(error);
      write(res, method, {
        status: 500,
        body: { error: { message: `Sandbox error: ${message}`, code: 2000 } },
      });
    }
  });
}

export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function shutdown(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
