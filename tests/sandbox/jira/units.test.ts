import { describe, expect, it } from 'vitest';
import { JiraError } from '../../../src/sandbox/jira/errors.ts';
import { parseJqlDate } from '../../../src/sandbox/jira/jql/dates.ts';
import { parseJql } from '../../../src/sandbox/jira/jql/parser.ts';
import { decodePageToken, encodePageToken } from '../../../src/sandbox/jira/page-token.ts';
import { jiraTime } from '../../../src/sandbox/jira/render/time.ts';

const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    if (error instanceof JiraError) return (error.body as { errorMessages: string[] }).errorMessages[0]!;
    throw error;
  }
  throw new Error('expected a JiraError');
};

describe('Jira sandbox pieces', () => {
  it('renders instants like Jira: milliseconds, colon-less offset, Berlin summer and winter time', () => {
    expect(jiraTime(Date.parse('2024-01-15T09:23:45.123Z'))).toBe('2024-01-15T10:23:45.123+0100');
    expect(jiraTime(Date.parse('2024-07-15T09:23:45.007Z'))).toBe('2024-07-15T11:23:45.007+0200');
    expect(jiraTime(Date.parse('2024-07-15T09:23:45.007Z'), 'America/New_York')).toBe(
      '2024-07-15T05:23:45.007-0400',
    );
  });

  it('reads JQL dates in the given zone, epoch milliseconds as they are, periods from now', () => {
    const now = Date.parse('2024-07-15T12:00:00Z');
    expect(parseJqlDate('2024/01/15 10:23', 'updated', now, 'Europe/Berlin')).toBe(
      Date.parse('2024-01-15T09:23:00Z'),
    );
    expect(parseJqlDate('2024-07-15 10:23', 'updated', now, 'Europe/Berlin')).toBe(
      Date.parse('2024-07-15T08:23:00Z'),
    );
    expect(parseJqlDate('2024-07-15', 'updated', now, 'Europe/Berlin')).toBe(
      Date.parse('2024-07-14T22:00:00Z'),
    );
    expect(parseJqlDate('1732877091000', 'updated', now, 'Europe/Berlin')).toBe(1732877091000);
    expect(parseJqlDate('-5d', 'updated', now, 'Europe/Berlin')).toBe(now - 5 * 86_400_000);
    expect(parseJqlDate('-4w 2d', 'updated', now, 'Europe/Berlin')).toBe(now - 30 * 86_400_000);
    for (const bad of ['2024-02-30', '2024/01/15 25:00', 'yesterday', '2024-01-15T10:00:00Z', '']) {
      expect(messageOf(() => parseJqlDate(bad, 'updated', now, 'UTC'))).toMatch(
        /^Date value '.*' for field 'updated' is invalid/,
      );
    }
  });

  it('parses precedence (AND binds tighter than OR), IN lists, IS EMPTY and ORDER BY', () => {
    const q = parseJql('project = A OR project = B AND labels in (x, "y z") ORDER BY updated DESC, key');
    expect(q.where).toMatchObject({
      kind: 'or',
      children: [
        { kind: 'clause', field: 'project' },
        { kind: 'and', children: [{ field: 'project' }, { field: 'labels', operator: 'in' }] },
      ],
    });
    expect(q.orderBy).toEqual([
      { field: 'updated', descending: true, position: expect.any(Number) },
      { field: 'key', descending: false, position: expect.any(Number) },
    ]);
    expect(parseJql('resolved is not EMPTY').where).toMatchObject({ operator: 'is not', empty: true });
    expect(parseJql('NOT (labels = a)').where).toMatchObject({ kind: 'not' });
    expect(parseJql('summary ~ "say \\"hi\\""').where).toMatchObject({
      values: [{ text: 'say "hi"', quoted: true }],
    });
  });

  it('reports syntax errors with Jira wording and 1-based character positions', () => {
    expect(messageOf(() => parseJql('project = INC foo'))).toBe(
      "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'foo'. (line 1, character 15)",
    );
    expect(messageOf(() => parseJql('project in INC'))).toMatch(
      /Expecting '\(' but got 'INC'\. \(line 1, character 12\)$/,
    );
    expect(messageOf(() => parseJql('labels is x'))).toMatch(/Expecting 'EMPTY' or 'NULL'/);
    expect(messageOf(() => parseJql('= INC'))).toMatch(/Expecting a field name but got '='/);
  });

  it('accepts only its own page tokens, for the same JQL', () => {
    const token = encodePageToken('project = INC', [1700000000000, 'INC', 7, 10042]);
    expect(decodePageToken(token, 'project = INC')).toEqual([1700000000000, 'INC', 7, 10042]);
    expect(messageOf(() => decodePageToken(token, 'project = PM'))).toMatch(/next page token/);
    const tampered = Buffer.from(
      Buffer.from(token, 'base64url').toString('utf8').replace('10042', '10043'),
    ).toString('base64url');
    expect(messageOf(() => decodePageToken(tampered, 'project = INC'))).toMatch(/next page token/);
    expect(messageOf(() => decodePageToken('!!!', 'project = INC'))).toMatch(/next page token/);
  });
});
