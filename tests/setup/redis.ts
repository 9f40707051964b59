import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Answers true when a Redis server replies +PONG at host:port. */
function redisAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, host, () => socket.write('PING\r\n'));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

let started: ChildProcess | undefined;

/**
 * Job tests run against a real redis-server on loopback, never a mock: use the one at REDIS_URL (or
 * 127.0.0.1:6379) when it answers, otherwise start one for the test run.
 */
export async function setup(): Promise<void> {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (await redisAnswers(url.hostname, Number(url.port || 6379))) {
    process.env.REDIS_URL = url.toString();
    return;
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      'No Redis answers at REDIS_URL and redis-server is not installed: apt-get install -y redis-server',
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'opsledger-redis-'));
  started = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 50 && !(await redisAnswers('127.0.0.1', port, 200)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
}

export async function teardown(): Promise<void> {
  started?.kill('SIGTERM');
}
