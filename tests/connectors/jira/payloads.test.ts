import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { annotateIssue } from '../../../connectors/jira/annotate.ts';
import { changelogIncomplete } from '../../../connectors/jira/changelog.ts';
import type { FieldMap } from '../../../connectors/jira/fields.ts';
import { errorFor, readFailure, retryAfterMs } from '../../../connectors/jira/responses.ts';
import {
  changelogPageSchema,
  fieldSchema,
  issueSchema,
  myselfSchema,
  searchPageSchema,
} from '../../../connectors/jira/schemas.ts';
import { ApiError, AuthError, DataError, TransientApiError } from '../../../src/errors/index.ts';

const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(new URL(`../../../../shared/fixtures/vendor/jira/${name}`, import.meta.url), 'utf8'),
  );

describe('error mapping', () => {
  const at = { what: 'GET /rest/api/3/search/jql', host: 'acme.atlassian.net' };

  it('maps 401/403 to AuthError naming JIRA_EMAIL and JIRA_API_TOKEN', () => {
    const error = errorFor(
      {
        status: 401,
        body: { errorMessages: ['Client must be authenticated'] },
        retryAfter: undefined,
        code: undefined,
      },
      at,
    );
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toMatch(
      /rejected the credentials \(HTTP 401: Client must be authenticated\): check JIRA_EMAIL and JIRA_API_TOKEN/,
    );
  });

  it("maps 429 and 5xx to TransientApiError with Retry-After, other 4xx to ApiError with Jira's messages", () => {
    const limited = errorFor({ status: 429, body: {}, retryAfter: '7', code: undefined }, at);
    expect(limited).toBeInstanceOf(TransientApiError);
    expect((limited as TransientApiError).retryAfterMs).toBe(7000);
    expect(
      errorFor({ status: 503, body: undefined, retryAfter: undefined, code: undefined }, at),
    ).toBeInstanceOf(TransientApiError);
    const bad = errorFor(
      { status: 400, body: fixture('error_field_errors.json'), retryAfter: undefined, code: undefined },
      at,
    );
    expect(bad).toBeInstanceOf(ApiError);
    expect(bad.message).toBe(
      "Jira GET /rest/api/3/search/jql at acme.atlassian.net failed with HTTP 400: title: 'title' is required.",
    );
    expect(
      errorFor(
        { status: 400, body: fixture('error_response.json'), retryAfter: undefined, code: undefined },
        at,
      ).message,
    ).toMatch(/Field 'priority' is required/);
    expect(
      errorFor({ status: null, body: undefined, retryAfter: undefined, code: 'ECONNREFUSED' }, at).message,
    ).toBe('could not reach Jira at acme.atlassian.net (GET /rest/api/3/search/jql): ECONNREFUSED');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(undefined)).toBeNull();
  });

  it('reads only status, body and Retry-After from what jira.js throws, never its request config', () => {
    const thrown = {
      status: 429,
      response: { data: { errorMessages: ['slow down'] }, status: 429 },
      cause: {
        config: { headers: { Authorization: 'Basic c2VjcmV0' } },
        response: { status: 429, headers: { get: (n: string) => (n === 'retry-after' ? '3' : undefined) } },
      },
    };
    const failure = readFailure(thrown);
    expect(failure).toEqual({
      status: 429,
      body: { errorMessages: ['slow down'] },
      retryAfter: '3',
      code: undefined,
    });
    expect(JSON.stringify(failure)).not.toContain('c2VjcmV0');
    expect(readFailure({ code: 'ETIMEDOUT', message: 'timeout' }).status).toBeNull();
  });
});

describe('vendor payload shapes', () => {
  it('accepts the published envelopes: search page, changelog page, field list, myself', () => {
    expect(searchPageSchema.safeParse(fixture('search_jql.json')).success).toBe(true);
    expect(changelogPageSchema.safeParse(fixture('changelog.json')).success).toBe(true);
    for (const f of fixture('fields.json') as unknown[]) expect(fieldSchema.safeParse(f).success).toBe(true);
    expect(myselfSchema.parse(fixture('myself.json')).timeZone).toBe('Australia/Sydney');
  });

  it('rejects the vendor example issue, which lacks created/status/issuetype and has updated: 1, naming the fields', () => {
    const issue = (fixture('search_jql.json') as { issues: unknown[] }).issues[0];
    const result = issueSchema.safeParse(issue);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['fields.created', 'fields.updated', 'fields.status', 'fields.issuetype']),
    );
  });

  it('accepts Jira timestamps with a colon-less offset and rejects one without an offset', () => {
    const base = {
      id: '10001',
      key: 'INC-1',
      fields: {
        created: '2024-01-15T10:23:45.123+0100',
        updated: '2024-01-15T10:23:45.123-0530',
        status: { name: 'Open', statusCategory: { key: 'new' } },
        issuetype: { name: 'Incident' },
        project: { key: 'INC' },
      },
    };
    expect(issueSchema.safeParse(base).success).toBe(true);
    const local = { ...base, fields: { ...base.fields, created: '2024-01-15T10:23:45.123' } };
    const result = issueSchema.safeParse(local);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/no UTC offset/);
  });

  it('knows a changelog is incomplete when the search embedded fewer histories than its total', () => {
    expect(changelogIncomplete({ changelog: { total: 41, histories: new Array(40).fill({}) } })).toBe(true);
    expect(changelogIncomplete({ changelog: { total: 3, histories: [{}, {}, {}] } })).toBe(false);
    expect(changelogIncomplete({ key: 'A-1' })).toBe(true);
  });
});

describe('annotation', () => {
  const map: FieldMap = {
    severity: { id: 'customfield_1', name: 'Severity' },
    customerSeverity: null,
    rootCause: { id: 'customfield_2', name: 'Root Cause' },
    impactStart: { id: 'customfield_3', name: 'Impact Start' },
    mitigatedAt: null,
    externalCause: { id: 'customfield_4', name: 'External Cause' },
    pagerdutyIncident: { id: 'customfield_5', name: 'PagerDuty Incident' },
    dueDate: { id: 'duedate', name: 'Due date' },
    team: { id: 'customfield_6', name: 'Team' },
    deploy: { id: 'customfield_7', name: 'Deploy' },
  };
  const issue = (fields: Record<string, unknown>) =>
    issueSchema.parse({
      id: '10001',
      key: 'INC-1',
      fields: {
        created: '2024-01-15T10:23:45.123+0100',
        updated: '2024-01-15T10:23:45.123+0100',
        status: { name: 'Open', statusCategory: { key: 'new' } },
        issuetype: { name: 'Incident' },
        project: { key: 'INC' },
        ...fields,
      },
    });
  const options = { pagerdutyLabelPrefix: 'pagerduty-', externalLabels: ['vendor-outage'] };

  it('reads the configured fields by role and the PagerDuty reference', () => {
    const note = annotateIssue(
      issue({
        customfield_1: { value: 'SEV2' },
        customfield_2: { value: 'disk-full' },
        customfield_3: '2024-01-15T09:00:00.000+0100',
        customfield_4: { value: 'No' },
        customfield_5: 'https://acme.pagerduty.com/incidents/PT4KHLK',
        customfield_6: { id: 'x', name: 'Payments' },
        customfield_7: 'acme/checkout-api#482',
        duedate: '2024-02-01',
        labels: ['vendor-outage'],
      }),
      map,
      options,
    );
    expect(note).toMatchObject({
      severity: 'SEV2',
      root_cause: 'disk-full',
      impact_started_at: '2024-01-15T08:00:00.000Z',
      mitigated_at: null,
      is_external: true,
      due_date: '2024-02-01',
      team: 'Payments',
      deploy_reference: 'acme/checkout-api#482',
      pagerduty_incident_id: 'PT4KHLK',
      pagerduty_link_basis: 'field',
      field_ids: { severity: 'customfield_1', dueDate: 'duedate' },
    });
  });

  it('rejects an unusable date-time or due date, naming the field id, its name and what was expected', () => {
    expect(() => annotateIssue(issue({ customfield_3: 'yesterday' }), map, options)).toThrow(DataError);
    expect(() => annotateIssue(issue({ customfield_3: 'yesterday' }), map, options)).toThrow(
      /^fields\.customfield_3 \(Impact Start\): invalid timestamp "yesterday"/,
    );
    expect(() => annotateIssue(issue({ duedate: '01/02/2024' }), map, options)).toThrow(
      'fields.duedate (Due date): expected a date like 2024-01-15, got "01/02/2024"',
    );
  });
});
