import { Redis } from 'ioredis';
import { ConfigError } from '../src/errors/index.ts';
import { type Logger, registerSecret } from '../src/logger.ts';

/** REDIS_URL for messages: a password in it is never printed. */
export function describeRedisUrl(url: string): string {
  return url.replace(
    /\/\/([^@/]*)@/,
    (_, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`,
  );
}

function registerRedisPassword(url: string): void {
  try {
    registerSecret(decodeURIComponent(new URL(url).password));
  } catch {
    // Not a URL: the config schema already refused it.
  }
}

/**
 * The connection BullMQ queues, workers and our locks share. `maxRetriesPerRequest: null` (BullMQ requires it
 * for workers): while Redis is away, commands wait for the reconnection instead of failing, so a Redis restart
 * pauses the run rather than failing it. Connection errors are logged once per outage, not once per retry.
 */
export function connectRedis(url: string, log: Logger, name = 'opsledger'): Redis {
  registerRedisPassword(url);
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: name });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn(
      `Redis at ${describeRedisUrl(url)} is not answering (${error.message}); waiting for it to come back`,
    );
  });
  redis.on('ready', () => {
    if (down) log.info(`Redis at ${describeRedisUrl(url)} is back`);
    down = false;
  });
  return redis;
}

/** Checks once, quickly, that Redis answers: commands that need it fail with a clear message instead of hanging. */
export async function probeRedis(url: string, timeoutMs = 2000): Promise<void> {
  registerRedisPassword(url);
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `Redis is not reachable at ${describeRedisUrl(url)} (${reason}): start redis-server or set REDIS_URL (config file: redis_url)`,
      'REDIS_URL',
    );
  } finally {
    redis.disconnect();
  }
}

/** Whether Redis answers, for commands that still have something to say without it (`opsledger status`). */
export async function redisAnswers(url: string, timeoutMs = 2000): Promise<string | null> {
  try {
    await probeRedis(url, timeoutMs);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Resolves with `work`, or with `fallback` after `ms` (BullMQ's close() never resolves without Redis). */
export async function withTimeout<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
