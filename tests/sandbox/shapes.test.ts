import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { NOW, pd, startTestSandbox, vendorExample } from './helpers.ts';
import { type Allowed, shapeDifferences } from './shape.ts';

/**
 * Every list item has the keys and value types of PagerDuty's published example. Differences are allowed
 * only where listed here, each with its reason.
 */
const TOTAL_KEY = {
  total: 'PagerDuty answers total (null unless total=true, PD docs "Pagination"); this example omits it',
};

const INCIDENT_ALLOWED: Allowed = {
  nullable: {
    'incidents[].priority': 'no priority on some SEV3/SEV4 incidents (severity then comes from urgency)',
    'incidents[].resolved_at': 'null while the incident is open',
    'incidents[].conference_bridge': 'only SEV1 incidents have a bridge',
  },
  extraKeys: TOTAL_KEY,
};

const LOG_ENTRY_EXTRAS = {
  'log_entries[].service': "in PD's LogEntry schema and in real payloads; the example omits it",
  'log_entries[].acknowledgement_timeout': 'acknowledge_log_entry carries it (PD LogEntry schemas)',
  'log_entries[].assignees': 'assign_log_entry and escalate_log_entry carry the new assignees',
  'log_entries[].user': 'notify_log_entry names the notified user (PD NotifyLogEntry schema)',
  'log_entries[].channel.notification': 'notify entries say how and where the user was notified',
  'log_entries[].channel.summary': 'annotate entries carry the note text',
};
const LOG_ENTRY_ALLOWED: Allowed = {
  nullable: {
    'log_entries[].acknowledgement_timeout': 'null when the service has no acknowledgement timeout',
  },
  extraKeys: { ...LOG_ENTRY_EXTRAS, ...TOTAL_KEY },
  missingKeys: {
    'log_entries[].event_details.description': 'only trigger entries describe the triggering event',
  },
};

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

function expectShape(fixture: string, payload: unknown, allowed: Allowed = {}) {
  expect(shapeDifferences(vendorExample(fixture), payload, allowed)).toEqual([]);
}

describe('payload shapes match the vendor examples', () => {
  it('GET /incidents (open and resolved, with and without priority)', async () => {
    const answer = await pd(sandbox, '/incidents?date_range=all&limit=100&sort_by=created_at:desc');
    const statuses = new Set(answer.body.incidents.map((i: { status: string }) => i.status));
    expect(statuses).toEqual(new Set(['triggered', 'acknowledged', 'resolved']));
    expect(answer.body.incidents.some((i: { priority: unknown }) => i.priority === null)).toBe(true);
    expectShape('list_incidents', answer.body, INCIDENT_ALLOWED);
  });

  it('GET /incidents/{id} wraps the same incident object', async () => {
    const list = await pd(sandbox, '/incidents?limit=1');
    const one = await pd(sandbox, `/incidents/${list.body.incidents[0].id}`);
    expect(one.body.incident).toEqual(list.body.incidents[0]);
    const example = { incidents: vendorExample('list_incidents').incidents };
    expect(shapeDifferences(example, { incidents: [one.body.incident] }, INCIDENT_ALLOWED)).toEqual([]);
  });

  it('GET /log_entries (every entry type)', async () => {
    const since = new Date(NOW.getTime() - 20 * 24 * 3600 * 1000).toISOString();
    const answer = await pd(sandbox, `/log_entries?since=${since}&limit=100&offset=0`);
    const more = await pd(sandbox, `/log_entries?since=${since}&limit=100&offset=100`);
    const entries = [...answer.body.log_entries, ...more.body.log_entries];
    expect(new Set(entries.map((e) => e.type)).size).toBeGreaterThanOrEqual(6);
    const trigger = entries.find((e) => e.type === 'trigger_log_entry');
    expectShape(
      'list_log_entries',
      { ...answer.body, log_entries: [trigger] },
      {
        extraKeys: { ...TOTAL_KEY, 'log_entries[].service': LOG_ENTRY_EXTRAS['log_entries[].service'] },
      },
    );
    expectShape('list_log_entries', { ...answer.body, log_entries: entries }, LOG_ENTRY_ALLOWED);
  });

  it('GET /incidents/{id}/log_entries', async () => {
    const list = await pd(sandbox, '/incidents?limit=5');
    const answer = await pd(sandbox, `/incidents/${list.body.incidents[0].id}/log_entries`);
    expectShape('list_incident_log_entries', answer.body, {
      ...LOG_ENTRY_ALLOWED,
      extraKeys: {
        ...LOG_ENTRY_EXTRAS,
        limit: 'the schema is allOf [Pagination, ...]; the example omits the fields (fixtures README)',
        offset: 'same',
        more: 'same',
        total: 'same',
      },
    });
  });

  it('GET /incidents/{id}/alerts', async () => {
    const list = await pd(sandbox, '/incidents?date_range=all&limit=20');
    const answer = await pd(sandbox, `/incidents/${list.body.incidents[3].id}/alerts`);
    expect(answer.body.alerts.length).toBeGreaterThan(0);
    expectShape('list_incident_alerts', answer.body, {
      freeForm: { 'alerts[].body.details': 'free-form event payload' },
      extraKeys: TOTAL_KEY,
    });
  });

  it('GET /services', async () => {
    const answer = await pd(sandbox, '/services');
    expectShape('list_services', answer.body, {
      nullable: {
        'services[].auto_resolve_timeout': 'null on services that never auto-resolve',
        'services[].acknowledgement_timeout': 'null on services without an acknowledgement timeout',
      },
    });
    expect(answer.body.services[0].created_at).toMatch(/-0[78]:00$/);
  });

  it('GET /teams, /users, /escalation_policies, /oncalls, /priorities', async () => {
    for (const [path, fixture] of [
      ['/teams', 'list_teams'],
      ['/users', 'list_users'],
      ['/escalation_policies', 'list_escalation_policies'],
      ['/oncalls', 'list_oncalls'],
      ['/priorities', 'list_priorities'],
    ] as const) {
      const answer = await pd(sandbox, path);
      expect(answer.status, path).toBe(200);
      expect(shapeDifferences(vendorExample(fixture), answer.body), path).toEqual([]);
    }
  });

  it('the comparator itself reports missing keys, extra keys and type changes', () => {
    const diff = shapeDifferences(
      { a: 1, b: 'x', c: { d: '2015-10-06T21:30:42Z' } },
      { a: '1', c: { d: 'no', e: 1 } },
    );
    expect(diff).toEqual([
      'a: expected number, got string',
      'b: missing',
      'c.d: expected a timestamp like 2015-10-06T21:30:42Z, got no',
      'c.e: not in the vendor example',
    ]);
  });
});
