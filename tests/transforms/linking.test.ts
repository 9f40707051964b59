import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  incidentIdFromLabels,
  incidentIdFromText,
  linkedIssues,
  pagerDutyReference,
  titleFingerprint,
} from '../../transforms/linking.ts';

const options = { labelPrefix: 'pagerduty-' };

describe('PagerDuty reference of a Jira incident ticket', () => {
  it('reads a bare id, an incident URL (web or API) and an id inside free text', () => {
    expect(incidentIdFromText('PT4KHLK')).toBe('PT4KHLK');
    expect(incidentIdFromText('  PABCDEF ')).toBe('PABCDEF');
    expect(incidentIdFromText('Q02JTSNZWHSEKV')).toBe('Q02JTSNZWHSEKV');
    expect(incidentIdFromText('https://acme.pagerduty.com/incidents/PT4KHLK')).toBe('PT4KHLK');
    expect(incidentIdFromText('see https://api.eu.pagerduty.com/incidents/q1abc2d?x=1')).toBe('Q1ABC2D');
    expect(incidentIdFromText('PD: PT4KHLK (paged twice)')).toBe('PT4KHLK');
  });

  it('does not take words for ids', () => {
    expect(incidentIdFromText('PAYMENT API DOWN')).toBeNull();
    expect(incidentIdFromText('https://example.com/incidents/PABCDEF')).toBeNull();
    expect(incidentIdFromText('pt4khlk')).toBeNull();
    expect(incidentIdFromText('')).toBeNull();
    expect(incidentIdFromText(null)).toBeNull();
    expect(incidentIdFromText('INC-12')).toBeNull();
  });

  it('reads pagerduty-<ID> labels case-insensitively and ignores others', () => {
    expect(incidentIdFromLabels(['incident', 'pagerduty-PT4KHLK'], options)).toBe('PT4KHLK');
    expect(incidentIdFromLabels(['PagerDuty-pt4khlk'], options)).toBe('PT4KHLK');
    expect(incidentIdFromLabels(['pagerduty-', 'pagerduty-notanid!'], options)).toBeNull();
    expect(incidentIdFromLabels(['pd-PT4KHLK'], { labelPrefix: 'pd-' })).toBe('PT4KHLK');
    expect(incidentIdFromLabels(undefined, options)).toBeNull();
  });

  it('prefers the field over the label and says which one linked', () => {
    expect(pagerDutyReference('PAAAAA1', ['pagerduty-PBBBBB2'], options)).toEqual({
      incidentId: 'PAAAAA1',
      basis: 'field',
    });
    expect(pagerDutyReference(null, ['incident', 'pagerduty-PBBBBB2'], options)).toEqual({
      incidentId: 'PBBBBB2',
      basis: 'label',
    });
    expect(pagerDutyReference('not an id', ['customer-reported'], options)).toBeNull();
  });

  it('finds any PagerDuty-shaped id written in the field, whatever surrounds it', () => {
    const id = fc
      .tuple(fc.constantFrom('P', 'Q'), fc.stringMatching(/^[A-Z0-9]{6}$/))
      .map(([p, rest]) => `${p}${rest}`);
    fc.assert(
      fc.property(id, fc.constantFrom('', 'PD ', 'https://x.pagerduty.com/incidents/'), (value, prefix) => {
        const found = incidentIdFromText(`${prefix}${value}`);
        // In free text (after "PD ") an all-letter word is not trusted to be an id.
        if (prefix === 'PD ' && !/\d/.test(value)) expect(found).toBeNull();
        else expect(found).toBe(value);
      }),
    );
  });
});

describe('issue links and parents', () => {
  it('reads both directions and the parent, by id and key', () => {
    const links = linkedIssues(
      [
        { type: { name: 'Postmortem' }, outwardIssue: { id: '10004', key: 'INC-3' } },
        { type: { name: 'Action Item' }, inwardIssue: { id: '10009', key: 'PAY-7' } },
        { type: { name: 'Relates' } },
      ],
      { id: '10001', key: 'PM-1' },
    );
    expect(links).toEqual([
      { id: '10004', key: 'INC-3', type: 'Postmortem', direction: 'outward' },
      { id: '10009', key: 'PAY-7', type: 'Action Item', direction: 'inward' },
      { id: '10001', key: 'PM-1', type: 'parent', direction: 'parent' },
    ]);
  });

  it('keeps the key as id when a linked issue carries no id, and skips refs without a key', () => {
    expect(linkedIssues([{ type: { name: 'X' }, outwardIssue: { key: 'A-1' } }], null)).toEqual([
      { id: 'A-1', key: 'A-1', type: 'X', direction: 'outward' },
    ]);
    expect(linkedIssues([{ type: null, inwardIssue: { id: '1' } }], undefined)).toEqual([]);
    expect(linkedIssues(undefined, undefined)).toEqual([]);
  });
});

describe('title fingerprint', () => {
  it('folds numbers and punctuation so the same alert on another host matches', () => {
    expect(titleFingerprint('Payments API: health check failing on payments-api-03')).toBe(
      titleFingerprint('Payments API: health check failing on payments-api-11'),
    );
    expect(titleFingerprint('Disk usage above 90% on db-7')).toBe('disk usage above # on db #');
    expect(titleFingerprint(null)).toBe('');
    expect(titleFingerprint('  --  ')).toBe('');
  });
});
