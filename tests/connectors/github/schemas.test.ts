import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  deploymentSchema,
  deploymentStatusListSchema,
  deploymentStatusSchema,
  issueSchema,
  milestoneSchema,
  pullSchema,
  releaseSchema,
  repoFromApiUrl,
} from '../../../connectors/github/index.ts';
import { checkRecords } from '../../../connectors/github/validate.ts';

const fixtureDir = '/work/shared/fixtures/vendor/github';

function fixture(name: string): Record<string, unknown>[] {
  const body: unknown = JSON.parse(readFileSync(`${fixtureDir}/${name}.json`, 'utf8'));
  if (!Array.isArray(body) || body.length === 0) throw new Error(`${name}.json is not a non-empty list`);
  return body as Record<string, unknown>[];
}

const cases: Array<[file: string, schema: z.ZodType]> = [
  ['deployments', deploymentSchema],
  ['deployment_statuses', deploymentStatusSchema],
  ['releases', releaseSchema],
  ['pulls', pullSchema],
  ['issues', issueSchema],
  ['milestones', milestoneSchema],
];

describe('GitHub schemas against the vendor examples', () => {
  it.each(cases)('%s parses and is kept as received', (file, schema) => {
    const items = fixture(file);
    const checked = checkRecords(file, 'octocat/example', schema, items);
    expect(checked.rejects).toEqual([]);
    // Validated, never transformed: the stored payload is the vendor's object itself.
    expect(checked.records[0]).toBe(items[0]);
  });

  it('reads the repository from API URLs, GHES ones included', () => {
    expect(repoFromApiUrl('https://api.github.com/repos/octocat/example/deployments/1')).toBe(
      'octocat/example',
    );
    expect(repoFromApiUrl('https://ghes.example/api/v3/repos/acme/api/pulls/3')).toBe('acme/api');
    expect(repoFromApiUrl('https://api.github.com/users/octocat')).toBeNull();
  });

  it('wraps a deployment statuses answer as one record', () => {
    const statuses = fixture('deployment_statuses');
    const raw = { repository: 'octocat/example', deployment_id: 42, etag: 'W/"abc"', statuses };
    expect(
      checkRecords('deployment_statuses', 'octocat/example', deploymentStatusListSchema, [raw]).rejects,
    ).toEqual([]);
  });
});

describe('GitHub schemas reject bad records with a reason naming the field', () => {
  const deployment = fixture('deployments')[0]!;
  const bad: Array<[name: string, schema: z.ZodType, record: unknown, field: RegExp]> = [
    [
      'a deployment without offset',
      deploymentSchema,
      { ...deployment, created_at: '2012-07-20 01:19:13' },
      /created_at: expected an ISO-8601 instant/,
    ],
    ['a deployment with a text id', deploymentSchema, { ...deployment, id: 'one' }, /^id: /],
    ['a deployment without sha', deploymentSchema, { ...deployment, sha: undefined }, /^sha: /],
    [
      'a deployment with a URL outside /repos',
      deploymentSchema,
      { ...deployment, url: 'https://api.github.com/x/1' },
      /url: expected a GitHub API URL/,
    ],
    [
      'a status in an unknown state',
      deploymentStatusSchema,
      { ...fixture('deployment_statuses')[0], state: 'done' },
      /^state: /,
    ],
    ['a release without draft flag', releaseSchema, { ...fixture('releases')[0], draft: 'no' }, /^draft: /],
    ['a pull without base', pullSchema, { ...fixture('pulls')[0], base: null }, /^base: /],
    [
      'an issue with a bad updated_at',
      issueSchema,
      { ...fixture('issues')[0], updated_at: 'yesterday' },
      /updated_at: expected an ISO-8601 instant/,
    ],
    [
      'a milestone with a bad due_on',
      milestoneSchema,
      { ...fixture('milestones')[0], due_on: 'soon' },
      /due_on: /,
    ],
    ['not an object', deploymentSchema, 'deployment', /\(record\)/],
  ];
  it.each(bad)('%s', (_, schema, record, field) => {
    const checked = checkRecords('stream', 'octocat/example', schema, [record]);
    expect(checked.records).toEqual([]);
    expect(checked.rejects).toHaveLength(1);
    expect(checked.rejects[0]!.reason).toMatch(field);
    expect(checked.rejects[0]!.payload).toBe(record);
  });

  it('names the rejected record by repository and id', () => {
    const checked = checkRecords('deployments', 'acme/api', deploymentSchema, [{ ...deployment, sha: 7 }]);
    expect(checked.rejects[0]!.sourceId).toBe('acme/api#1');
  });
});
