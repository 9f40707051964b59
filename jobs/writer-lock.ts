import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { TransientApiError } from '../src/errors/index.ts';

const releaseScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const renewScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

export interface WriterLockOptions {
  /** How long the lock survives its holder dying without releasing it; renewed every third of it. */
  ttlMs?: number;
  /** How long to wait for the current holder before giving up (the job is then retried with backoff). */
  waitMs?: number;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one-writer rule across processes and machines: whoever writes the warehouse work file holds this Redis
 * lock (SET NX PX with a random token, renewed while held, released only by its holder). DuckDB's own file lock
 * is the backstop on one machine; this lock makes writers queue up politely instead of failing on it, and
 * covers writers that do not share a kernel.
 */
export class WriterLock {
  readonly #token = randomBytes(12).toString('hex');
  #timer: NodeJS.Timeout | undefined;
  #lost = false;

  private constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly ttlMs: number,
  ) {}

  static async acquire(redis: Redis, key: string, options: WriterLockOptions = {}): Promise<WriterLock> {
    const ttlMs = options.ttlMs ?? 60_000;
    const lock = new WriterLock(redis, key, ttlMs);
    const deadline = Date.now() + (options.waitMs ?? 2 * ttlMs);
    for (;;) {
      if ((await redis.set(key, lock.#token, 'PX', ttlMs, 'NX')) === 'OK') break;
      if (options.signal?.aborted) throw new Error('stopped while waiting for the warehouse writer lock');
      if (Date.now() >= deadline) {
        const holder = await redis.get(key);
        throw new TransientApiError(
          `another writer has held the warehouse for too long (lock ${key}, holder ${holder ?? 'gone'}); retrying later`,
          'warehouse',
          null,
        );
      }
      await sleep(250);
    }
    lock.#timer = setInterval(
      () => {
        lock.redis
          .eval(renewScript, 1, key, lock.#token, String(ttlMs))
          .then((renewed) => {
            if (renewed === 0) lock.#lost = true;
          })
          .catch(() => undefined);
      },
      Math.max(250, Math.floor(ttlMs / 3)),
    );
    lock.#timer.unref();
    return lock;
  }

  /** True when the lock expired under us (Redis was away longer than the TTL): our writes may have raced. */
  get lost(): boolean {
    return this.#lost;
  }

  async release(): Promise<void> {
    clearInterval(this.#timer);
    await this.redis.eval(releaseScript, 1, this.key, this.#token).catch(() => undefined);
  }
}
