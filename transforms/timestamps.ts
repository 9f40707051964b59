import { TZDate, tz, tzOffset } from '@date-fns/tz';
// Per-function entry points: the package index loads all of date-fns (about 250 modules, 20 MB).
import { format } from 'date-fns/format';
import { isExists } from 'date-fns/isExists';
import { z } from 'zod';
import { DataError } from '../src/errors/index.ts';

/** What to do with a wall-clock time that falls in a DST gap or overlap; 'reject' (the default) throws. */
export type DstPolicy = { gap?: 'reject' | 'shift-forward'; overlap?: 'reject' | 'earlier' | 'later' };

/** zone: IANA zone for inputs without offset; epoch: unit of numeric inputs; field: named in errors. */
export interface ParseOptions {
  zone?: string;
  epoch?: 'ms' | 's';
  dst?: DstPolicy;
  field?: string;
}

/** A parsed UTC instant, the form it was written in, and the DST ambiguity met on the way (if any). */
export interface ParsedInstant {
  instant: Date;
  form: 'utc' | 'offset' | 'epoch' | 'local' | 'date';
  dst: null | { kind: 'gap' | 'overlap'; candidates: Date[] };
}

type TimestampInput = string | number | Date;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

// Real-world UTC offsets have always stayed within this range; anything outside is corrupt data.
const MIN_OFFSET_MINUTES = -12 * 60;
const MAX_OFFSET_MINUTES = 14 * 60;

const EXPECTED_FORMS =
  'expected ISO 8601 with Z or an offset (2024-01-15T10:23:45Z, 2015-11-10T01:02:03-05:00, ' +
  '2024-01-15T10:23:45.123+0100), epoch milliseconds/seconds, or a wall-clock time ' +
  '(2026-03-29 02:30, 2026/03/29 02:30:00) together with a time zone';

const TIMESTAMP_PATTERN =
  /^(?<year>\d{4})(?<sep>[-/])(?<month>\d{2})\k<sep>(?<day>\d{2})[Tt ](?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:[.,](?<fraction>\d{1,9}))?)?(?<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const OFFSET_PATTERN = /^(?<sign>[+-])(?<hours>\d{2}):?(?<minutes>\d{2})?$/;
const EPOCH_PATTERN = /^-?\d+$/;

/** Parses any supported timestamp form into a UTC instant; throws DataError for anything else. */
export function parseTimestamp(input: TimestampInput, opts: ParseOptions = {}): ParsedInstant {
  if (input instanceof Date) return parseDate(input, opts.field);
  if (typeof input === 'number') return parseEpoch(input, input, opts);
  return parseTimestampString(input, opts);
}

/** parseTimestamp(...).instant. */
export function toInstant(input: TimestampInput, opts?: ParseOptions): Date {
  return parseTimestamp(input, opts).instant;
}

/** Like toInstant, but a missing value (null, undefined, blank string, e.g. an empty CSV cell) gives null. */
export function toInstantOrNull(input: TimestampInput | null | undefined, opts?: ParseOptions): Date | null {
  if (input === null || input === undefined) return null;
  if (typeof input === 'string' && input.trim() === '') return null;
  return toInstant(input, opts);
}

/** Resolves a wall-clock time without offset (e.g. '2026-03-29 02:30') in an IANA zone. */
export function localToInstant(wall: string, zone: string, dst?: DstPolicy): ParsedInstant {
  const text = wall.trim();
  const match = matchTimestamp(text);
  if (match.offset !== undefined) {
    throw new DataError(`${describeInput(wall)} has a UTC offset; expected a wall-clock time without one`);
  }
  return resolveWallClock(text, readWallClock(match, text), zone, dst ?? {});
}

/** Formats an instant as ISO 8601 UTC with milliseconds, e.g. 2024-01-15T09:23:45.123Z. */
export function toIsoUtc(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new DataError('cannot format an Invalid Date as ISO 8601');
  return d.toISOString();
}

/** True for IANA zone names the runtime knows (including 'UTC'); offsets like '+05:00' are not zones. */
export function isValidTimeZone(zone: string): boolean {
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  const valid = isIanaZoneName(zone);
  zoneValidity.set(zone, valid);
  return valid;
}

/** Zod schema turning a timestamp string or number into a Date, with the DataError message as the issue. */
export function zodInstant(opts?: ParseOptions): z.ZodType<Date, string | number> {
  return z.union([z.string(), z.number()]).transform((value, ctx) => {
    try {
      return toInstant(value, opts);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      ctx.issues.push({ code: 'custom', message: error.message, input: value });
      return z.NEVER;
    }
  });
}

const zoneValidity = new Map<string, boolean>();

function isIanaZoneName(zone: string): boolean {
  // Newer ICU versions accept offsets as zones; refusing them keeps behaviour the same on every Node.
  if (zone === '' || /^[+-]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function parseDate(input: Date, field: string | undefined): ParsedInstant {
  if (Number.isNaN(input.getTime())) throw invalidInput(input, 'the Date is invalid', field);
  return { instant: new Date(input.getTime()), form: 'date', dst: null };
}

function parseEpoch(value: number, original: TimestampInput, opts: ParseOptions): ParsedInstant {
  const unit = opts.epoch ?? 'ms';
  if (!Number.isInteger(value)) {
    throw invalidInput(
      original,
      `epoch ${unit === 's' ? 'seconds' : 'milliseconds'} must be an integer`,
      opts.field,
    );
  }
  const instant = new Date(unit === 's' ? value * 1000 : value);
  // Beyond 2^53 a digit string has already lost precision when read as a number.
  if (!Number.isSafeInteger(value) || Number.isNaN(instant.getTime())) {
    throw invalidInput(original, 'epoch value is out of range', opts.field);
  }
  return { instant, form: 'epoch', dst: null };
}

function parseTimestampString(input: string, opts: ParseOptions): ParsedInstant {
  const text = input.trim();
  if (text === '') throw invalidInput(input, 'the value is empty', opts.field);
  if (EPOCH_PATTERN.test(text)) return parseEpoch(Number(text), input, opts);

  const match = matchTimestamp(text, opts.field);
  const wall = readWallClock(match, text, opts.field);
  if (match.offset !== undefined) return parseWithOffset(wall, match.offset, text, opts.field);
  if (opts.zone === undefined) {
    throw new DataError(
      prefixField(
        `${describeInput(input)} has no UTC offset and no time zone was given; ` +
          `pass a zone (e.g. 'Europe/London', or 'UTC' if it really is UTC)`,
        opts.field,
      ),
      opts.field,
    );
  }
  return resolveWallClock(text, wall, opts.zone, opts.dst ?? {}, opts.field);
}

type TimestampMatch = Partial<
  Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fraction' | 'offset', string>
>;

function matchTimestamp(text: string, field?: string): TimestampMatch {
  const groups = TIMESTAMP_PATTERN.exec(text)?.groups;
  if (!groups) throw invalidInput(text, 'not a recognised timestamp', field);
  return groups;
}

function readWallClock(match: TimestampMatch, text: string, field?: string): WallClock {
  const wall: WallClock = {
    year: Number(match.year),
    month: Number(match.month),
    day: Number(match.day),
    hour: Number(match.hour),
    minute: Number(match.minute),
    second: Number(match.second ?? 0),
    // Digits beyond milliseconds are truncated, not rounded, so a value never moves into the next second.
    millisecond: Number((match.fraction ?? '').padEnd(3, '0').slice(0, 3)),
  };
  if (!isExists(wall.year, wall.month - 1, wall.day)) {
    throw invalidInput(text, `${match.year}-${match.month}-${match.day} is not a calendar date`, field);
  }
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
    throw invalidInput(text, 'the time of day is out of range', field);
  }
  return wall;
}

function parseWithOffset(wall: WallClock, offset: string, text: string, field?: string): ParsedInstant {
  const isZulu = offset === 'Z' || offset === 'z';
  const offsetMinutes = isZulu ? 0 : parseOffsetMinutes(offset, text, field);
  const instant = new Date(wallClockAsUtcMs(wall) - offsetMinutes * MINUTE_MS);
  if (Number.isNaN(instant.getTime())) throw invalidInput(text, 'the instant is out of range', field);
  return { instant, form: isZulu ? 'utc' : 'offset', dst: null };
}

function parseOffsetMinutes(offset: string, text: string, field?: string): number {
  const groups = OFFSET_PATTERN.exec(offset)?.groups;
  const hours = Number(groups?.hours);
  const minutes = Number(groups?.minutes ?? 0);
  const total = (groups?.sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  if (!groups || minutes > 59 || total < MIN_OFFSET_MINUTES || total > MAX_OFFSET_MINUTES) {
    throw invalidInput(text, `UTC offset ${offset} is out of range (-12:00..+14:00)`, field);
  }
  return total;
}

// The wall-clock fields read as if they were UTC: the common reference for comparing wall times.
function wallClockAsUtcMs(wall: WallClock): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
  return date.getTime();
}

function wallClockInZoneAsUtcMs(instantMs: number, zone: string): number {
  const local = new TZDate(instantMs, zone);
  return wallClockAsUtcMs({
    year: local.getFullYear(),
    month: local.getMonth() + 1,
    day: local.getDate(),
    hour: local.getHours(),
    minute: local.getMinutes(),
    second: local.getSeconds(),
    millisecond: local.getMilliseconds(),
  });
}

function offsetMs(zone: string, instantMs: number): number {
  return Math.round(tzOffset(zone, new Date(instantMs)) * MINUTE_MS);
}

function resolveWallClock(
  text: string,
  wall: WallClock,
  zone: string,
  policy: DstPolicy,
  field?: string,
): ParsedInstant {
  if (!isValidTimeZone(zone)) {
    throw new DataError(
      prefixField(
        `unknown time zone "${zone}": expected an IANA name such as 'Europe/London' or 'UTC'`,
        field,
      ),
      field,
    );
  }
  const wallMs = wallClockAsUtcMs(wall);
  // As in Temporal: the offsets a day either side bracket any single DST transition near this wall time.
  const offsetBefore = offsetMs(zone, wallMs - DAY_MS);
  const offsetAfter = offsetMs(zone, wallMs + DAY_MS);
  const interpretations = [...new Set([wallMs - offsetBefore, wallMs - offsetAfter])].sort((a, b) => a - b);
  const matching = interpretations.filter((ms) => wallClockInZoneAsUtcMs(ms, zone) === wallMs);

  const situation = { text: formatWallClock(wallMs), zone, field, offsetBefore, offsetAfter };
  if (matching.length === 1) return { instant: new Date(matching[0]!), form: 'local', dst: null };
  if (matching.length === 2) return resolveOverlap(matching as [number, number], policy, situation);
  if (interpretations.length === 2) return resolveGap(interpretations as [number, number], policy, situation);
  throw invalidInput(text, `the wall-clock time cannot be resolved in ${zone}`, field);
}

interface DstSituation {
  text: string;
  zone: string;
  field: string | undefined;
  offsetBefore: number;
  offsetAfter: number;
}

function resolveGap(
  [earlier, later]: [number, number],
  policy: DstPolicy,
  situation: DstSituation,
): ParsedInstant {
  const candidates = [new Date(earlier), new Date(later)];
  // Shifting forward by the gap length: the wall time read with the offset that applied before the jump.
  if (policy.gap === 'shift-forward') {
    return { instant: new Date(later), form: 'local', dst: { kind: 'gap', candidates } };
  }
  const { from, to } = describeTransition(earlier, later, situation);
  const message =
    `${situation.text} does not exist in ${situation.zone} (DST gap: clocks jump from ${from} to ${to}); ` +
    `set dst.gap to 'shift-forward' to read it as ${toIsoUtc(new Date(later))}`;
  throw new DataError(prefixField(message, situation.field), situation.field);
}

function resolveOverlap(
  [earlier, later]: [number, number],
  policy: DstPolicy,
  situation: DstSituation,
): ParsedInstant {
  const candidates = [new Date(earlier), new Date(later)];
  if (policy.overlap === 'earlier' || policy.overlap === 'later') {
    const chosen = policy.overlap === 'earlier' ? earlier : later;
    return { instant: new Date(chosen), form: 'local', dst: { kind: 'overlap', candidates } };
  }
  const { from, to } = describeTransition(earlier, later, situation);
  const message =
    `${situation.text} happens twice in ${situation.zone} (DST overlap: clocks go back from ${from} to ${to}); ` +
    `set dst.overlap to 'earlier' (${toIsoUtc(new Date(earlier))}) or 'later' (${toIsoUtc(new Date(later))})`;
  throw new DataError(prefixField(message, situation.field), situation.field);
}

// The wall clock as the transition strikes, before and after (e.g. 01:00 -> 02:00), as a person would say it.
function describeTransition(
  earlier: number,
  later: number,
  situation: DstSituation,
): { from: string; to: string } {
  const transition = findTransition(situation.zone, earlier, later, situation.offsetBefore);
  const from = transition + situation.offsetBefore;
  const to = transition + situation.offsetAfter;
  // A skipped or repeated whole day (Pacific/Apia, 2011) only reads right with the dates shown.
  const pattern = isSameUtcDay(from, to) ? 'HH:mm' : 'yyyy-MM-dd HH:mm';
  return { from: formatFieldsAsUtc(from, pattern), to: formatFieldsAsUtc(to, pattern) };
}

function isSameUtcDay(a: number, b: number): boolean {
  return Math.floor(a / DAY_MS) === Math.floor(b / DAY_MS);
}

// Binary search (to the second) for the first instant in (earlier, later] that no longer has the old offset.
function findTransition(zone: string, earlier: number, later: number, offsetBefore: number): number {
  let low = earlier;
  let high = later;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (offsetMs(zone, middle) === offsetBefore) low = middle;
    else high = middle;
  }
  return high;
}

// Echo the wall time as the user would write it: seconds and milliseconds only when present.
function formatWallClock(wallMs: number): string {
  if (wallMs % 1000 !== 0) return formatFieldsAsUtc(wallMs, 'yyyy-MM-dd HH:mm:ss.SSS');
  if (wallMs % MINUTE_MS !== 0) return formatFieldsAsUtc(wallMs, 'yyyy-MM-dd HH:mm:ss');
  return formatFieldsAsUtc(wallMs, 'yyyy-MM-dd HH:mm');
}

function formatFieldsAsUtc(wallMs: number, pattern: string): string {
  return format(wallMs, pattern, { in: tz('UTC') });
}

function invalidInput(input: TimestampInput, reason: string, field?: string): DataError {
  return new DataError(
    prefixField(`invalid timestamp ${describeInput(input)}: ${reason}; ${EXPECTED_FORMS}`, field),
    field,
  );
}

function describeInput(input: TimestampInput): string {
  if (input instanceof Date) return 'Invalid Date';
  const text = typeof input === 'number' ? String(input) : JSON.stringify(input);
  // Keep a runaway CSV cell from flooding the rejects table.
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function prefixField(message: string, field: string | undefined): string {
  return field === undefined ? message : `${field}: ${message}`;
}
