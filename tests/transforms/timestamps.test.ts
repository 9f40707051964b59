import { TZDate, tz, tzScan } from '@date-fns/tz';
import { format } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors/index.ts';
import {
  isValidTimeZone,
  localToInstant,
  parseTimestamp,
  toInstant,
  toInstantOrNull,
  toIsoUtc,
  zodInstant,
} from '../../transforms/timestamps.ts';

const iso = (input: Parameters<typeof toInstant>[0], opts?: Parameters<typeof toInstant>[1]): string =>
  toInstant(input, opts).toISOString();

function dataErrorOf(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError, nothing was thrown');
}

describe('ISO 8601 with Z', () => {
  it('parses whole seconds and reports the utc form', () => {
    expect(parseTimestamp('2024-01-15T10:23:45Z')).toEqual({
      instant: new Date('2024-01-15T10:23:45.000Z'),
      form: 'utc',
      dst: null,
    });
  });

  it.each([
    ['2024-01-15T10:23:45.1Z', '2024-01-15T10:23:45.100Z'],
    ['2024-01-15T10:23:45.12Z', '2024-01-15T10:23:45.120Z'],
    ['2024-01-15T10:23:45.123Z', '2024-01-15T10:23:45.123Z'],
    ['2024-01-15T10:23:45.123456Z', '2024-01-15T10:23:45.123Z'],
    ['2024-01-15T10:23:45.999999999Z', '2024-01-15T10:23:45.999Z'],
  ])('keeps millisecond precision of %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it('accepts a space instead of T, lowercase t/z, minutes-only and surrounding whitespace', () => {
    expect(iso('2024-01-15 10:23:45Z')).toBe('2024-01-15T10:23:45.000Z');
    expect(iso('2024-01-15t10:23:45z')).toBe('2024-01-15T10:23:45.000Z');
    expect(iso('2024-01-15T10:23Z')).toBe('2024-01-15T10:23:00.000Z');
    expect(iso('  2024-01-15T10:23:45Z\n')).toBe('2024-01-15T10:23:45.000Z');
  });

  it('rejects more than 9 fraction digits', () => {
    expect(() => toInstant('2024-01-15T10:23:45.1234567890Z')).toThrow(DataError);
  });
});

describe('ISO 8601 with a numeric offset', () => {
  it('parses PagerDuty ±hh:mm offsets', () => {
    expect(parseTimestamp('2015-11-10T01:02:03-05:00')).toEqual({
      instant: new Date('2015-11-10T06:02:03.000Z'),
      form: 'offset',
      dst: null,
    });
    expect(iso('2024-06-01T12:00:00+05:45')).toBe('2024-06-01T06:15:00.000Z');
  });

  it('parses Jira ±hhmm offsets without a colon', () => {
    expect(iso('2024-01-15T10:23:45.123+0100')).toBe('2024-01-15T09:23:45.123Z');
    expect(iso('2023-06-24T19:24:50.000+0000')).toBe('2023-06-24T19:24:50.000Z');
    expect(iso('2023-06-24T19:24:50.000-0330')).toBe('2023-06-24T22:54:50.000Z');
  });

  it('parses ±hh offsets and treats -00:00 as UTC', () => {
    expect(iso('2024-01-15T10:23:45+01')).toBe('2024-01-15T09:23:45.000Z');
    expect(iso('2024-01-15T10:23:45-00:00')).toBe('2024-01-15T10:23:45.000Z');
  });

  it('accepts a space instead of T', () => {
    expect(iso('2015-11-10 01:02:03-05:00')).toBe('2015-11-10T06:02:03.000Z');
    expect(iso('2024-01-15 10:23:45.123+0100')).toBe('2024-01-15T09:23:45.123Z');
  });

  it('lets an explicit offset win over the zone option', () => {
    expect(iso('2024-01-15T10:23:45+01:00', { zone: 'America/New_York' })).toBe('2024-01-15T09:23:45.000Z');
  });

  it('accepts the extreme real-world offsets -12:00 and +14:00', () => {
    expect(iso('2024-01-15T00:00:00-12:00')).toBe('2024-01-15T12:00:00.000Z');
    expect(iso('2024-01-15T00:00:00+14:00')).toBe('2024-01-14T10:00:00.000Z');
  });
});

describe('epoch values', () => {
  it('reads numbers and all-digit strings as milliseconds by default', () => {
    expect(parseTimestamp(1705314225123)).toEqual({
      instant: new Date('2024-01-15T10:23:45.123Z'),
      form: 'epoch',
      dst: null,
    });
    expect(iso('1705314225123')).toBe('2024-01-15T10:23:45.123Z');
    expect(iso(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('reads seconds only when asked (Jira changelog bulkfetch)', () => {
    expect(iso(1705314225, { epoch: 's' })).toBe('2024-01-15T10:23:45.000Z');
    expect(iso('1705314225', { epoch: 's' })).toBe('2024-01-15T10:23:45.000Z');
    // The same digits without the option are milliseconds: no guessing.
    expect(iso(1705314225)).toBe('1970-01-20T17:41:54.225Z');
  });

  it.each([
    [1.5, 'must be an integer'],
    [Number.NaN, 'must be an integer'],
    [Number.POSITIVE_INFINITY, 'must be an integer'],
    ['99999999999999999999', 'epoch value is out of range'],
    [2 ** 53, 'epoch value is out of range'],
    [8_640_000_000_000_001, 'epoch value is out of range'],
  ])('rejects %s', (input, reason) => {
    expect(() => toInstant(input)).toThrow(reason);
  });

  it('rejects epoch seconds beyond the Date range and fractional seconds', () => {
    expect(iso(8_640_000_000_000, { epoch: 's' })).toBe('+275760-09-13T00:00:00.000Z');
    expect(() => toInstant(8_640_000_000_001, { epoch: 's' })).toThrow('epoch value is out of range');
    expect(() => toInstant(1705314225.5, { epoch: 's' })).toThrow('epoch seconds must be an integer');
  });
});

describe('Date inputs', () => {
  it('returns a copy of a valid Date', () => {
    const input = new Date('2024-01-15T10:23:45.123Z');
    const parsed = parseTimestamp(input);
    expect(parsed).toEqual({ instant: input, form: 'date', dst: null });
    expect(parsed.instant).not.toBe(input);
  });

  it('rejects an Invalid Date', () => {
    expect(() => toInstant(new Date(Number.NaN), { field: 'created_at' })).toThrow(
      'created_at: invalid timestamp Invalid Date',
    );
  });
});

describe('local wall-clock times', () => {
  it.each([
    '2026-03-29 02:30',
    '2026-03-29T02:30',
    '2026-03-29T02:30:00',
    '2026/03/29 02:30',
    '2026/03/29 02:30:00',
    '2026/03/29T02:30:00.000',
  ])('reads %s in Europe/London (BST, just after the gap)', (input) => {
    expect(parseTimestamp(input, { zone: 'Europe/London' })).toEqual({
      instant: new Date('2026-03-29T01:30:00.000Z'),
      form: 'local',
      dst: null,
    });
  });

  it('reads seconds and fractions in the zone', () => {
    expect(iso('2024-01-15 10:23:45.5', { zone: 'America/New_York' })).toBe('2024-01-15T15:23:45.500Z');
    expect(iso('2024-07-15 10:23:45', { zone: 'America/New_York' })).toBe('2024-07-15T14:23:45.000Z');
  });

  it('reads wall times in UTC only when the caller says so', () => {
    expect(iso('2024-01-15 10:23:45', { zone: 'UTC' })).toBe('2024-01-15T10:23:45.000Z');
  });

  it('refuses a wall time without a zone instead of assuming UTC', () => {
    const error = dataErrorOf(() => toInstant('2026-03-29 02:30', { field: 'resolved_at' }));
    expect(error.field).toBe('resolved_at');
    expect(error.message).toBe(
      `resolved_at: "2026-03-29 02:30" has no UTC offset and no time zone was given; ` +
        `pass a zone (e.g. 'Europe/London', or 'UTC' if it really is UTC)`,
    );
  });

  it('names an unknown zone', () => {
    const error = dataErrorOf(() =>
      toInstant('2026-03-29 02:30', { zone: 'Europe/Londn', field: 'opened_at' }),
    );
    expect(error.message).toContain('unknown time zone "Europe/Londn"');
    expect(error.field).toBe('opened_at');
    expect(() => localToInstant('2026-03-29 02:30', 'Mars/Olympus_Mons')).toThrow('"Mars/Olympus_Mons"');
  });

  it('localToInstant refuses inputs that carry an offset', () => {
    expect(() => localToInstant('2026-03-29T02:30:00Z', 'Europe/London')).toThrow('has a UTC offset');
    expect(() => localToInstant('2026-03-29T02:30:00+01:00', 'Europe/London')).toThrow('has a UTC offset');
  });

  it('localToInstant resolves unambiguous times without DST info', () => {
    expect(localToInstant('2024-01-15 10:00', 'Asia/Kolkata')).toEqual({
      instant: new Date('2024-01-15T04:30:00.000Z'),
      form: 'local',
      dst: null,
    });
  });
});

describe('DST gap', () => {
  const cases = [
    {
      zone: 'Europe/London',
      wall: '2026-03-29 01:30',
      message: '2026-03-29 01:30 does not exist in Europe/London (DST gap: clocks jump from 01:00 to 02:00)',
      candidates: ['2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z'],
    },
    {
      zone: 'America/New_York',
      wall: '2026-03-08 02:30',
      message:
        '2026-03-08 02:30 does not exist in America/New_York (DST gap: clocks jump from 02:00 to 03:00)',
      candidates: ['2026-03-08T06:30:00.000Z', '2026-03-08T07:30:00.000Z'],
    },
  ];

  it.each(cases)('rejects $wall in $zone by default, saying what happened', ({ zone, wall, message }) => {
    const error = dataErrorOf(() => localToInstant(wall, zone));
    expect(error.message).toContain(message);
    expect(error.message).toContain("'shift-forward'");
    expect(() => localToInstant(wall, zone, { gap: 'reject' })).toThrow(message);
    expect(() => toInstant(wall, { zone })).toThrow(message);
  });

  it.each(cases)('shifts $wall in $zone forward by the gap when asked', ({ zone, wall, candidates }) => {
    const parsed = localToInstant(wall, zone, { gap: 'shift-forward' });
    expect(parsed).toEqual({
      instant: new Date(candidates[1]!),
      form: 'local',
      dst: { kind: 'gap', candidates: candidates.map((c) => new Date(c)) },
    });
    // The chosen instant reads one gap-length later on the local clock.
    expect(format(parsed.instant, 'HH:mm', { in: tz(zone) })).toBe(
      zone === 'Europe/London' ? '02:30' : '03:30',
    );
  });

  it('names the field and leaves gaps alone when only the overlap policy is set', () => {
    const error = dataErrorOf(() =>
      toInstant('2026-03-29 01:30', {
        zone: 'Europe/London',
        dst: { overlap: 'earlier' },
        field: 'acked_at',
      }),
    );
    expect(error.message.startsWith('acked_at: 2026-03-29 01:30 does not exist')).toBe(true);
    expect(error.field).toBe('acked_at');
  });

  it('reports half-hour transitions and whole skipped days', () => {
    expect(() => localToInstant('2024-10-06 02:15', 'Australia/Lord_Howe')).toThrow(
      'clocks jump from 02:00 to 02:30',
    );
    expect(() => localToInstant('2011-12-30 12:00', 'Pacific/Apia')).toThrow(
      'clocks jump from 2011-12-30 00:00 to 2011-12-31 00:00',
    );
  });
});

describe('DST overlap', () => {
  const cases = [
    {
      zone: 'Europe/London',
      wall: '2026-10-25 01:30',
      message:
        '2026-10-25 01:30 happens twice in Europe/London (DST overlap: clocks go back from 02:00 to 01:00)',
      candidates: ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'],
    },
    {
      zone: 'America/New_York',
      wall: '2026-11-01 01:30',
      message:
        '2026-11-01 01:30 happens twice in America/New_York (DST overlap: clocks go back from 02:00 to 01:00)',
      candidates: ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z'],
    },
  ];

  it.each(cases)(
    'rejects $wall in $zone by default, listing both instants',
    ({ zone, wall, message, candidates }) => {
      const error = dataErrorOf(() => localToInstant(wall, zone));
      expect(error.message).toContain(message);
      expect(error.message).toContain(`'earlier' (${candidates[0]})`);
      expect(error.message).toContain(`'later' (${candidates[1]})`);
      expect(() => localToInstant(wall, zone, { overlap: 'reject', gap: 'shift-forward' })).toThrow(message);
    },
  );

  it.each(cases)(
    'picks the earlier or later instant of $wall in $zone when asked',
    ({ zone, wall, candidates }) => {
      const dst = { kind: 'overlap', candidates: candidates.map((c) => new Date(c)) };
      expect(localToInstant(wall, zone, { overlap: 'earlier' })).toEqual({
        instant: new Date(candidates[0]!),
        form: 'local',
        dst,
      });
      expect(parseTimestamp(wall, { zone, dst: { overlap: 'later' } })).toEqual({
        instant: new Date(candidates[1]!),
        form: 'local',
        dst,
      });
    },
  );

  it('shows seconds of the wall time when present', () => {
    expect(() => localToInstant('2026-11-01 01:30:15', 'America/New_York')).toThrow(
      '2026-11-01 01:30:15 happens twice',
    );
  });
});

describe('invalid inputs', () => {
  it.each([
    ['not a date', 'not a recognised timestamp'],
    ['2024-13-01T00:00:00Z', '2024-13-01 is not a calendar date'],
    ['2024-02-30T00:00:00Z', '2024-02-30 is not a calendar date'],
    ['2023-02-29T00:00:00Z', '2023-02-29 is not a calendar date'],
    ['2024-00-10T00:00:00Z', '2024-00-10 is not a calendar date'],
    ['2024-01-15T24:00:00Z', 'the time of day is out of range'],
    ['2024-01-15T10:60:00Z', 'the time of day is out of range'],
    ['2024-01-15T10:00:60Z', 'the time of day is out of range'],
    ['', 'the value is empty'],
    ['   ', 'the value is empty'],
    ['2024-01-15T10:00:00+15:00', 'UTC offset +15:00 is out of range'],
    ['2024-01-15T10:00:00-1300', 'UTC offset -1300 is out of range'],
    ['2024-01-15T10:00:00+05:60', 'UTC offset +05:60 is out of range'],
    ['2024-01-15', 'not a recognised timestamp'],
    ['2024-01/15 10:00', 'not a recognised timestamp'],
    ['15/01/2024 10:00', 'not a recognised timestamp'],
    ['2024-01-15T10:00:00+1', 'not a recognised timestamp'],
    ['2024-01-15T10:00:00 UTC', 'not a recognised timestamp'],
  ])('rejects %j (%s), naming the input and the expected forms', (input, reason) => {
    const error = dataErrorOf(() => toInstant(input, { zone: 'UTC', field: 'resolved_at' }));
    expect(error.field).toBe('resolved_at');
    expect(error.message).toContain(`resolved_at: invalid timestamp ${JSON.stringify(input)}: ${reason}`);
    expect(error.message).toContain('expected ISO 8601 with Z or an offset');
    expect(error.message).toContain('2024-01-15T10:23:45.123+0100');
  });

  it('validates the calendar before asking for a zone', () => {
    expect(() => toInstant('2024-02-30 10:00')).toThrow('2024-02-30 is not a calendar date');
  });

  it('accepts Feb 29 in a leap year', () => {
    expect(iso('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('shortens very long inputs in the message', () => {
    const error = dataErrorOf(() => toInstant('x'.repeat(500)));
    expect(error.message.length).toBeLessThan(500);
    expect(error.message).toContain('...');
  });
});

describe('toInstantOrNull', () => {
  it.each([null, undefined, '', '  '])('maps the missing value %j to null', (input) => {
    expect(toInstantOrNull(input)).toBeNull();
  });

  it('parses present values and still rejects garbage', () => {
    expect(toInstantOrNull('2024-01-15T10:23:45Z')?.toISOString()).toBe('2024-01-15T10:23:45.000Z');
    expect(toInstantOrNull(1705314225, { epoch: 's' })?.toISOString()).toBe('2024-01-15T10:23:45.000Z');
    expect(() => toInstantOrNull('garbage', { field: 'resolved_at' })).toThrow(
      'resolved_at: invalid timestamp',
    );
  });
});

describe('toIsoUtc', () => {
  it('formats with milliseconds and Z', () => {
    expect(toIsoUtc(toInstant('2024-01-15T10:23:45.123+0100'))).toBe('2024-01-15T09:23:45.123Z');
  });

  it('rejects an Invalid Date', () => {
    expect(() => toIsoUtc(new Date(Number.NaN))).toThrow(DataError);
  });
});

describe('isValidTimeZone', () => {
  it.each(['Europe/London', 'America/New_York', 'UTC', 'Etc/GMT+5', 'Asia/Kathmandu'])(
    'accepts %s',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(true);
    },
  );

  it.each(['Europe/Londn', '', 'Mars/Olympus_Mons', '+05:00', '-0300'])('rejects %j', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});

describe('zodInstant', () => {
  it('turns strings and numbers into Dates', () => {
    const schema = zodInstant({ epoch: 's' });
    expect(schema.parse('2015-11-10T01:02:03-05:00')).toEqual(new Date('2015-11-10T06:02:03.000Z'));
    expect(schema.parse(1705314225)).toEqual(new Date('2024-01-15T10:23:45.000Z'));
  });

  it('reports the DataError message as the issue', () => {
    const result = zodInstant({ field: 'resolved_at', zone: 'Europe/London' }).safeParse('2026-03-29 01:30');
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.message).toContain(
      'resolved_at: 2026-03-29 01:30 does not exist in Europe/London (DST gap: clocks jump from 01:00 to 02:00)',
    );
  });

  it('rejects values that are neither strings nor numbers', () => {
    expect(zodInstant().safeParse(null).success).toBe(false);
  });
});

describe('properties', () => {
  const instantIn1970To2100 = fc.date({
    min: new Date('1970-01-01T00:00:00.000Z'),
    max: new Date('2100-12-31T23:59:59.999Z'),
    noInvalidDate: true,
  });
  const quarterHourOffset = fc.integer({ min: -48, max: 56 }).map((quarters) => formatOffset(quarters * 15));

  function formatOffset(minutes: number): string {
    const sign = minutes < 0 ? '-' : '+';
    const hours = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
    return `${sign}${hours}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
  }

  it('every ISO and epoch rendering of an instant parses back to it', () => {
    fc.assert(
      fc.property(instantIn1970To2100, quarterHourOffset, (date, offset) => {
        const inOffset = { in: tz(offset) };
        const renderings = [
          format(date, "yyyy-MM-dd'T'HH:mm:ss.SSSxxx", inOffset),
          format(date, "yyyy-MM-dd'T'HH:mm:ss.SSSxx", inOffset),
          format(date, 'yyyy-MM-dd HH:mm:ss.SSSxx', inOffset),
          date.toISOString(),
          date.getTime(),
          String(date.getTime()),
        ];
        for (const rendering of renderings) {
          expect(toInstant(rendering).getTime()).toBe(date.getTime());
        }
      }),
      { numRuns: 500 },
    );
  });

  const zones = [
    'Europe/London',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'America/St_Johns',
    'Pacific/Chatham',
    'America/Sao_Paulo',
    'Pacific/Apia',
  ];
  // Random instants rarely land near a DST change, so half of the runs are drawn from around real ones.
  const transitions = zones.flatMap((zone) =>
    tzScan(zone, { start: new Date('2000-01-01T00:00:00Z'), end: new Date('2030-01-01T00:00:00Z') }).map(
      (change) => change.date.getTime(),
    ),
  );
  const nearTransition = fc
    .tuple(fc.constantFrom(...transitions), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }))
    .map(([transition, delta]) => new Date(transition + delta));

  it('a wall-clock rendering in a zone parses back to the instant, or to an overlap containing it', () => {
    fc.assert(
      fc.property(fc.oneof(instantIn1970To2100, nearTransition), fc.constantFrom(...zones), (date, zone) => {
        const wall = format(new TZDate(date.getTime(), zone), "yyyy-MM-dd'T'HH:mm:ss.SSS");
        const parsed = parseTimestamp(wall, { zone, dst: { overlap: 'earlier' } });
        expect(parsed.form).toBe('local');
        if (parsed.dst === null) {
          expect(parsed.instant.getTime()).toBe(date.getTime());
        } else {
          expect(parsed.dst.kind).toBe('overlap');
          expect(parsed.dst.candidates.map((c) => c.getTime())).toContain(date.getTime());
        }
      }),
      { numRuns: 1000 },
    );
  });

  const timestampLike = fc.string({
    unit: fc.constantFrom(...'0123456789-/:.,TZ +'.split('')),
    maxLength: 32,
  });

  const twoDigits = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
  // Well-shaped strings with out-of-range fields reach the calendar, clock and offset checks.
  const nearTimestamp = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
      fc.constantFrom('-', '/'),
      twoDigits(19),
      twoDigits(39),
      fc.constantFrom('T', ' '),
      twoDigits(29),
      twoDigits(69),
      fc.constantFrom('', ':00', ':59', ':60', ':07.5', ':07.123456789'),
      fc.constantFrom('', 'Z', '+01:00', '-0530', '+14', '-12:01', '+99:99'),
    )
    .map(([year, sep, month, day, t, hour, minute, rest, offset]) => {
      return `${year}${sep}${month}${sep}${day}${t}${hour}:${minute}${rest}${offset}`;
    });

  it('never returns an Invalid Date: it parses or throws a DataError', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), timestampLike, nearTimestamp),
        fc.constantFrom(undefined, 'UTC', 'Europe/London', 'Nowhere/Special'),
        (input, zone) => {
          try {
            expect(Number.isNaN(toInstant(input, { zone }).getTime())).toBe(false);
          } catch (error) {
            expect(error).toBeInstanceOf(DataError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
