import { describe, expect, it } from 'vitest';
import { prefetched } from '../../src/pipeline/prefetch.ts';

/** A source that records when each page was asked for and when the consumer finished with the page before it. */
function pagedSource(count: number, failAt?: number) {
  const events: string[] = [];
  let closed = false;
  async function* pages() {
    try {
      for (let i = 0; i < count; i++) {
        events.push(`request ${i}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (i === failAt) throw new Error(`page ${i} failed`);
        yield i;
      }
    } finally {
      closed = true;
    }
  }
  return { pages: pages(), events, isClosed: () => closed };
}

describe('prefetched', () => {
  it('hands pages on in order, each next page already requested while the current one is handled', async () => {
    const source = pagedSource(4);
    const seen: number[] = [];
    for await (const page of prefetched(source.pages)) {
      source.events.push(`handle ${page}`);
      seen.push(page);
    }
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(source.events).toEqual([
      'request 0',
      'request 1',
      'handle 0',
      'request 2',
      'handle 1',
      'request 3',
      'handle 2',
      'handle 3',
    ]);
    expect(source.isClosed()).toBe(true);
  });

  it('throws a failed page where it would have been handed on, after the pages before it', async () => {
    const source = pagedSource(5, 2);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const page of prefetched(source.pages)) seen.push(page);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([0, 1]);
  });

  it('closes the source when the consumer stops early, the page in flight included', async () => {
    const source = pagedSource(10);
    for await (const page of prefetched(source.pages)) if (page === 1) break;
    expect(source.isClosed()).toBe(true);
    expect(source.events.filter((e) => e.startsWith('request'))).toEqual([
      'request 0',
      'request 1',
      'request 2',
    ]);
  });
});
