import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  escalationPolicySchema,
  incidentSchema,
  logEntrySchema,
  oncallSchema,
  prioritySchema,
  serviceSchema,
  teamSchema,
  userSchema,
} from '../../../connectors/pagerduty/schemas/index.ts';
import { checkRecords } from '../../../connectors/validate.ts';

const fixtureDir = '/work/shared/fixtures/vendor/pagerduty';

function fixture(name: string, key: string): Record<string, unknown>[] {
  const body = JSON.parse(readFileSync(`${fixtureDir}/${name}.json`, 'utf8')) as Record<string, unknown>;
  const list = body[key];
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${name}.json has no ${key}`);
  return list as Record<string, unknown>[];
}

const cases: Array<[file: string, key: string, schema: z.ZodType]> = [
  ['list_incidents', 'incidents', incidentSchema],
  ['list_log_entries', 'log_entries', logEntrySchema],
  ['list_incident_log_entries', 'log_entries', logEntrySchema],
  ['list_services', 'services', serviceSchema],
  ['list_teams', 'teams', teamSchema],
  ['list_users', 'users', userSchema],
  ['list_escalation_policies', 'escalation_policies', escalationPolicySchema],
  ['list_oncalls', 'oncalls', oncallSchema],
  ['list_priorities', 'priorities', prioritySchema],
];

describe('PagerDuty schemas against the vendor examples', () => {
  it.each(cases)('%s parses', (file, key, schema) => {
    const items = fixture(file, key);
    const checked = checkRecords(key, schema, items);
    expect(checked.rejects).toEqual([]);
    expect(checked.records).toHaveLength(items.length);
  });

  it('keeps the record exactly as received, unknown keys and key order included', () => {
    const items = fixture('list_incidents', 'incidents');
    const { records } = checkRecords('incidents', incidentSchema, items);
    expect(records[0]).toBe(items[0]);
    expect(JSON.stringify(records[0])).toBe(JSON.stringify(items[0]));
    expect(records[0]).toHaveProperty('conference_bridge');
  });
});

/** A deep copy of the first record of a fixture, changed by `mutate`. */
function mutated(
  file: string,
  key: string,
  mutate: (r: Record<string, unknown>) => void,
): Record<string, unknown> {
  const copy = structuredClone(fixture(file, key)[0]!);
  mutate(copy);
  return copy;
}

function rejectOf(schema: z.ZodType, record: unknown) {
  const { records, rejects } = checkRecords('s', schema, [record]);
  expect(records).toHaveLength(0);
  expect(rejects).toHaveLength(1);
  return rejects[0]!;
}

describe('PagerDuty schemas reject broken records with a reason naming the field', () => {
  it('an incident without id: reason names id, no source id', () => {
    const reject = rejectOf(
      incidentSchema,
      mutated('list_incidents', 'incidents', (r) => delete r.id),
    );
    expect(reject.reason).toMatch(/^id: /);
    expect(reject.sourceId).toBeNull();
    expect(reject.stream).toBe('s');
  });

  it.each([
    ['2015-10-06 21:30:42'],
    ['2015-10-06T21:30:42'], // no offset: would be read in whoever's local zone
    ['2015-02-30T21:30:42Z'],
    ['yesterday'],
  ])('an incident with created_at %j: reason names created_at and the expected form', (value) => {
    const record = mutated('list_incidents', 'incidents', (r) => {
      r.created_at = value;
    });
    const reject = rejectOf(incidentSchema, record);
    expect(reject.reason).toContain('created_at');
    expect(reject.reason).toContain('ISO-8601');
    expect(reject.sourceId).toBe('PT4KHLK');
    expect(reject.payload).toBe(record);
  });

  it('an incident whose type is not "incident"', () => {
    const reject = rejectOf(
      incidentSchema,
      mutated('list_incidents', 'incidents', (r) => {
        r.type = 'incident_reference';
      }),
    );
    expect(reject.reason).toMatch(/^type: .*"incident"/);
  });

  it.each([
    ['incident_number', '1234', 'number'],
    ['status', 'closed', 'triggered'],
    ['urgency', 42, 'high'],
    ['teams', null, 'array'],
  ])('an incident with %s = %j', (field, value, expected) => {
    const reject = rejectOf(
      incidentSchema,
      mutated('list_incidents', 'incidents', (r) => {
        r[field] = value;
      }),
    );
    expect(reject.reason).toContain(field);
    expect(reject.reason).toContain(expected);
  });

  it('an incident whose service has no id: the path is named', () => {
    const reject = rejectOf(
      incidentSchema,
      mutated('list_incidents', 'incidents', (r) => {
        r.service = { type: 'service_reference' };
      }),
    );
    expect(reject.reason).toMatch(/^service\.id: /);
  });

  it('priority may be null or absent, but not a bare string', () => {
    for (const priority of [null, undefined]) {
      const record = mutated('list_incidents', 'incidents', (r) => {
        r.priority = priority;
      });
      expect(checkRecords('incidents', incidentSchema, [record]).records).toHaveLength(1);
    }
    const reject = rejectOf(
      incidentSchema,
      mutated('list_incidents', 'incidents', (r) => {
        r.priority = 'P1';
      }),
    );
    expect(reject.reason).toContain('priority');
  });

  it('a log entry of either acknowledgement spelling, or of a type added later, is accepted', () => {
    for (const type of ['acknowledge_log_entry', 'acknowledgement_log_entry', 'some_future_log_entry']) {
      const record = mutated('list_log_entries', 'log_entries', (r) => {
        r.type = type;
      });
      expect(checkRecords('log_entries', logEntrySchema, [record]).records).toEqual([record]);
    }
  });

  it.each([
    ['type', 42, 'type'],
    ['type', 'incident', 'type'],
    ['created_at', '2015-11-07T00:14:20', 'created_at'],
    ['incident', { type: 'incident_reference' }, 'incident.id'],
    ['id', 17, 'id'],
  ])('a log entry with %s = %j is rejected naming %s', (field, value, named) => {
    const reject = rejectOf(
      logEntrySchema,
      mutated('list_log_entries', 'log_entries', (r) => {
        r[field] = value;
      }),
    );
    expect(reject.reason.startsWith(`${named}: `)).toBe(true);
  });

  it('dimension records are checked too', () => {
    expect(
      rejectOf(
        serviceSchema,
        mutated('list_services', 'services', (r) => delete r.id),
      ).reason,
    ).toMatch(/^id: /);
    expect(
      rejectOf(
        serviceSchema,
        mutated('list_services', 'services', (r) => {
          r.created_at = '06/11/2015';
        }),
      ).reason,
    ).toMatch(/^created_at: /);
    expect(
      rejectOf(
        userSchema,
        mutated('list_users', 'users', (r) => {
          r.type = 'user_reference';
        }),
      ).reason,
    ).toMatch(/^type: /);
    expect(
      rejectOf(
        escalationPolicySchema,
        mutated('list_escalation_policies', 'escalation_policies', (r) => {
          r.escalation_rules = [{ escalation_delay_in_minutes: 30, targets: [{ id: 'X' }] }];
        }),
      ).reason,
    ).toMatch(/^escalation_rules\[0\]\.targets\[0\]\.type: /);
    expect(rejectOf(teamSchema, 'not an object').reason).toMatch(/^\(record\): /);
  });

  it('one bad record does not stop the others of its page', () => {
    const items = [...fixture('list_users', 'users'), { id: 'PBROKEN', type: 'user' }];
    const { records, rejects } = checkRecords('users', userSchema, items);
    expect(records.map((u) => u.id)).toEqual(['PXPGF42', 'PAM4FGS']);
    expect(rejects.map((r) => [r.sourceId, r.reason])).toEqual([
      ['PBROKEN', expect.stringMatching(/^name: /)],
    ]);
  });
});
