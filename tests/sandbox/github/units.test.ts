import { describe, expect, it } from 'vitest';
import { etagOf, matchesIfNoneMatch } from '../../../src/sandbox/github/etag.ts';
import { nodeId, slugify } from '../../../src/sandbox/github/ids.ts';
import { linkHeader, pageRequest } from '../../../src/sandbox/github/pagination.ts';
import { defaultGitHubScale, resolveGitHubScale } from '../../../src/sandbox/github/scale.ts';
import { generatePagerDutyWorld } from '../../../src/sandbox/pagerduty/generator/index.ts';
import { NOW } from './helpers.ts';

describe('pagination helpers', () => {
  it('reads per_page and page like Rails to_i, with GitHub defaults and cap', () => {
    const read = (q: string) => pageRequest(new URLSearchParams(q));
    expect(read('')).toEqual({ perPage: 30, page: 1 });
    expect(read('per_page=100&page=3')).toEqual({ perPage: 100, page: 3 });
    expect(read('per_page=101')).toEqual({ perPage: 100, page: 1 });
    expect(read('per_page=7x&page=2.9')).toEqual({ perPage: 7, page: 2 });
    expect(read('per_page=&page=-5')).toEqual({ perPage: 30, page: 1 });
  });

  it('writes Link with prev, next, last, first and keeps the other parameters in place', () => {
    const q = new URLSearchParams('state=all&page=2&per_page=10');
    expect(linkHeader('http://h/github/repositories/1/issues', q, 2, 3)).toBe(
      '<http://h/github/repositories/1/issues?state=all&page=1&per_page=10>; rel="prev", ' +
        '<http://h/github/repositories/1/issues?state=all&page=3&per_page=10>; rel="next", ' +
        '<http://h/github/repositories/1/issues?state=all&page=3&per_page=10>; rel="last", ' +
        '<http://h/github/repositories/1/issues?state=all&page=1&per_page=10>; rel="first"',
    );
    expect(linkHeader('http://h/x', new URLSearchParams(''), 1, 1)).toBeNull();
    expect(linkHeader('http://h/x', new URLSearchParams(''), 1, 2)).toBe(
      '<http://h/x?page=2>; rel="next", <http://h/x?page=2>; rel="last"',
    );
  });
});

describe('ETags', () => {
  it('are weak, content-addressed, and compared weakly against lists and *', () => {
    const tag = etagOf('[1,2,3]');
    expect(tag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    expect(etagOf('[1,2,3]')).toBe(tag);
    expect(etagOf('[1,2]')).not.toBe(tag);
    expect(matchesIfNoneMatch(tag, tag)).toBe(true);
    expect(matchesIfNoneMatch(tag.slice(2), tag)).toBe(true);
    expect(matchesIfNoneMatch(`"a", ${tag}`, tag)).toBe(true);
    expect(matchesIfNoneMatch('*', tag)).toBe(true);
    expect(matchesIfNoneMatch(undefined, tag)).toBe(false);
    expect(matchesIfNoneMatch('W/"nope"', tag)).toBe(false);
  });
});

describe('identifiers and scale', () => {
  it('builds legacy node ids and repo slugs like GitHub', () => {
    expect(nodeId('Deployment', 1)).toBe('MDEwOkRlcGxveW1lbnQx');
    expect(nodeId('User', 1)).toBe('MDQ6VXNlcjE=');
    expect(nodeId('PullRequest', 1)).toBe('MDExOlB1bGxSZXF1ZXN0MQ==');
    expect(slugify('Payments API')).toBe('payments-api');
    expect(slugify('Data Pipeline Worker')).toBe('data-pipeline-worker');
  });

  it('derives the default organisation size from the PagerDuty one and validates custom sizes', () => {
    const small = generatePagerDutyWorld(7, { incidents: 600, days: 180 }, NOW.getTime());
    expect(defaultGitHubScale(small.org, 180)).toEqual({ repos: 6, deploysPerRepo: 60, pullsTotal: 360 });
    const custom = { repos: 20, deploysPerRepo: 5000, pullsTotal: 20_000 };
    expect(resolveGitHubScale(custom, small.org, 180)).toEqual(custom);
    expect(() => resolveGitHubScale({ ...custom, repos: 501 }, small.org, 180)).toThrow(/repos/);
  });
});
