import { describe, expect, it } from 'vitest';
import { adfText, fieldFlag, fieldText } from '../../../connectors/jira/field-values.ts';
import { closeNames, resolveFields } from '../../../connectors/jira/fields.ts';
import { jqlString, scopeJql, updatedBetweenJql } from '../../../connectors/jira/jql.ts';
import { ConfigError } from '../../../src/errors/index.ts';
import { createLogger } from '../../../src/logger.ts';

const field = (id: string, name: string) => ({ id, name, custom: id.startsWith('customfield_') });
const siteFields = [
  field('summary', 'Summary'),
  field('duedate', 'Due date'),
  field('customfield_10042', 'Severity'),
  field('customfield_10050', 'Root Cause'),
  field('customfield_10051', 'Impact Start'),
  field('customfield_10052', 'Incident Severity'),
];

describe('field resolution by display name', () => {
  it('resolves names case-insensitively, ids as ids, and leaves disabled roles empty', () => {
    const map = resolveFields(
      { severity: 'severity', rootCause: 'customfield_10050', customerSeverity: null },
      siteFields,
      createLogger('silent'),
    );
    expect(map.severity).toEqual({ id: 'customfield_10042', name: 'Severity' });
    expect(map.rootCause).toEqual({ id: 'customfield_10050', name: 'Root Cause' });
    expect(map.customerSeverity).toBeNull();
    expect(map.dueDate).toEqual({ id: 'duedate', name: 'Due date' });
  });

  it('warns about a default name the site lacks, naming the setting, and goes on', () => {
    const lines: string[] = [];
    const map = resolveFields(
      {},
      siteFields,
      createLogger('warn', (l) => lines.push(l)),
    );
    expect(map.mitigatedAt).toBeNull();
    expect(lines.join('\n')).toMatch(/no field "Mitigated At".*jira\.fields\.mitigated_at/);
  });

  it('refuses a configured name that does not exist, naming the setting and close names', () => {
    const run = () => resolveFields({ severity: 'Severty' }, siteFields, createLogger('silent'));
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(
      /jira\.fields\.severity: this Jira site has no field named "Severty"; close names: Severity \(customfield_10042\)/,
    );
    try {
      run();
    } catch (error) {
      expect((error as ConfigError).setting).toBe('jira.fields.severity');
    }
  });

  it('refuses a name two fields share and asks for an id', () => {
    const twice = [...siteFields, field('customfield_10099', 'Severity')];
    expect(() => resolveFields({ severity: 'Severity' }, twice, createLogger('silent'))).toThrow(
      /"Severity" names 2 fields \(customfield_10042, customfield_10099\); set jira\.fields\.severity to one of those ids/,
    );
  });

  it('lists close names by shared words and small edits', () => {
    expect(closeNames('Severity', siteFields)).toEqual([
      'Severity (customfield_10042)',
      'Incident Severity (customfield_10052)',
    ]);
    expect(closeNames('zzzzzzzz', siteFields)).toEqual([]);
  });
});

describe('field values of any type', () => {
  it('reads text, options, cascades, users, teams, arrays and ADF', () => {
    expect(fieldText('  db-pool  ')).toBe('db-pool');
    expect(fieldText({ value: 'SEV1', id: '10100' })).toBe('SEV1');
    expect(fieldText({ value: 'Infra', child: { value: 'DNS' } })).toBe('Infra / DNS');
    expect(fieldText({ accountId: 'a', displayName: 'Ada' })).toBe('Ada');
    expect(fieldText({ id: 'uuid', name: 'Payments' })).toBe('Payments');
    expect(fieldText([{ value: 'a' }, { value: 'b' }])).toBe('a, b');
    expect(fieldText(3.5)).toBe('3.5');
    expect(fieldText('')).toBeNull();
    expect(fieldText([])).toBeNull();
    const doc = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Bad ' },
            { type: 'text', text: 'config' },
          ],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'push' }] },
      ],
    };
    expect(adfText(doc)).toBe('Bad config\npush');
    expect(fieldText(doc)).toBe('Bad config\npush');
  });

  it('reads yes/no fields: checkboxes, Yes/No selects, text naming the third party', () => {
    expect(fieldFlag({ value: 'Yes' })).toBe(true);
    expect(fieldFlag({ value: 'No' })).toBe(false);
    expect(fieldFlag([{ value: 'External' }])).toBe(true);
    expect(fieldFlag([])).toBe(false);
    expect(fieldFlag('AWS us-east-1')).toBe(true);
    expect(fieldFlag(null)).toBeNull();
    expect(fieldFlag(false)).toBe(false);
  });
});

describe('JQL', () => {
  it('quotes values and combines the scope with epoch-millisecond bounds', () => {
    expect(jqlString('Action "Item"\\x')).toBe('"Action \\"Item\\"\\\\x"');
    const scope = scopeJql('action_items', { projects: [], issueTypes: ['Task'], labels: ['action-item'] });
    expect(scope).toBe('issuetype in ("Task") AND labels in ("action-item")');
    const jql = updatedBetweenJql(
      scope,
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-01-02T00:00:00.123Z'),
    );
    expect(jql).toBe(
      `${scope} AND updated >= 1767225600000 AND updated <= 1767312000123 ORDER BY updated ASC, key ASC`,
    );
  });

  it('uses a configured JQL as is, and refuses ORDER BY or an unbounded scope', () => {
    expect(
      scopeJql('incidents', {
        jql: 'project = OPS OR labels = sev',
        projects: [],
        issueTypes: [],
        labels: [],
      }),
    ).toBe('(project = OPS OR labels = sev)');
    expect(() =>
      scopeJql('incidents', {
        jql: 'project = OPS order by created',
        projects: [],
        issueTypes: [],
        labels: [],
      }),
    ).toThrow(/jira\.incidents\.jql: leave out ORDER BY/);
    expect(() => scopeJql('postmortems', { projects: [], issueTypes: [], labels: [] })).toThrow(
      /jira\.postmortems: set jql, or at least one of projects, issue_types and labels/,
    );
  });
});
