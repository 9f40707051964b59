import type { PagerDutyTruth, TruthIncident } from './pagerduty/truth.ts';
import { DAY, HOUR, isoInZone, MINUTE, SECOND, zoneOffsetMinutes } from './time.ts';

/**
 * A manual-sample CSV for the sandbox's organisation, as a reviewer would fill it in, with seeded
 * discrepancies that a reconciliation must report exactly (and traps it must not report). Built from the
 * PagerDuty ground truth only, so it holds whether or not Jira and GitHub were synced too.
 */
export interface ManualSample {
  csv: string;
  /** Zone of the rows written in local time without a timezone value: pass it as --timezone. */
  timezone: string;
  /** Data rows in the CSV. */
  rows: number;
  /** Exactly what a correct reconciliation reports (empty for a clean sample). */
  discrepancies: SeededDiscrepancy[];
  /** Rows that look suspicious but are right: a correct reconciliation reports none of them. */
  traps: SampleTrap[];
}

/** Values normalised the way the reconciliation reports them: ISO 8601 UTC, team_key. */
export interface SeededDiscrepancy {
  kind: 'mismatch' | 'missing_in_warehouse';
  line: number;
  reference: string;
  field: 'resolved_at' | 'team' | null;
  sampleValue: string | null;
  warehouseValue: string | null;
}

export interface SampleTrap {
  line: number;
  reference: string;
  why: string;
}

export interface ManualSampleOptions {
  /** Incidents reviewed (default 12; at least 6). */
  count?: number;
  /** Zone of the local-time rows (default Europe/London). */
  timezone?: string;
  /** Seed the wrong resolution time, the wrong team and the missing incident (default true). */
  discrepancies?: boolean;
  /** Only incidents created this many days before now (default 360, inside the default 365-day sync window). */
  withinDays?: number;
}

const HEADER =
  'reference,detected_at,acknowledged_at,resolved_at,timezone,severity,team,root_cause,is_external,reviewer_notes';
/** Zones whose DST changes fall on different dates, to find an incident that spans one. */
const DST_ZONES = [
  'Europe/London',
  'America/New_York',
  'Australia/Sydney',
  'Pacific/Auckland',
  'America/Santiago',
];
const ROW_ZONE = 'America/Los_Angeles';
const OFFSET_ZONE = 'Asia/Kolkata';
/** The PagerDuty API renders times without fractions: the warehouse holds whole seconds. */
const wholeSeconds = (ms: number) => Math.floor(ms / SECOND) * SECOND;
const isoUtc = (ms: number) => new Date(wholeSeconds(ms)).toISOString();
const MISSING_REFERENCE = 'Q0NOTSYNCED0001';

/* ---- time formatting (the sandbox's own helpers, independent of the reconciliation's parser) ---- */

function wallClock(ms: number, zone: string): string {
  const local = wholeSeconds(ms) + zoneOffsetMinutes(zone, ms) * MINUTE;
  return new Date(local).toISOString().slice(0, 19).replace('T', ' ');
}

/** True when the wall-clock time of `ms` in `zone` names exactly one instant (not in a DST overlap). */
function isUnambiguous(ms: number, zone: string): boolean {
  const wall = wholeSeconds(ms) + zoneOffsetMinutes(zone, ms) * MINUTE;
  for (const probe of [ms - 3 * HOUR, ms + 3 * HOUR]) {
    const offset = zoneOffsetMinutes(zone, probe);
    const candidate = wall - offset * MINUTE;
    if (candidate !== wholeSeconds(ms) && zoneOffsetMinutes(zone, candidate) === offset) return false;
  }
  return true;
}

const incidentTimes = (i: TruthIncident) =>
  [i.createdAt, i.acknowledgedAt, i.resolvedAt].map((d) => d!.getTime());

/* ---- choosing incidents ---- */

function reviewable(truth: PagerDutyTruth, now: number, withinDays: number): TruthIncident[] {
  return truth.incidents.filter(
    (i) =>
      i.status === 'resolved' &&
      i.acknowledgedAt !== null &&
      i.resolvedAt !== null &&
      i.createdAt.getTime() >= now - withinDays * DAY,
  );
}

/**
 * An incident whose local times straddle a DST change in some zone (written there, its detection and
 * resolution carry different UTC offsets), else one written in a DST period other than now's.
 */
function dstCandidate(
  incidents: TruthIncident[],
  preferred: string,
  now: number,
): { incident: TruthIncident; zone: string; why: string } {
  const zones = [preferred, ...DST_ZONES.filter((z) => z !== preferred)];
  const clean = (i: TruthIncident, zone: string) => incidentTimes(i).every((t) => isUnambiguous(t, zone));
  for (const zone of zones) {
    const incident = incidents.find((i) => {
      const [detected, , resolved] = incidentTimes(i);
      return zoneOffsetMinutes(zone, detected!) !== zoneOffsetMinutes(zone, resolved!) && clean(i, zone);
    });
    if (incident) return { incident, zone, why: `local times in ${zone} on both sides of a DST change` };
  }
  for (const zone of zones) {
    const incident = incidents.find(
      (i) =>
        zoneOffsetMinutes(zone, i.createdAt.getTime()) !== zoneOffsetMinutes(zone, now) && clean(i, zone),
    );
    if (incident)
      return { incident, zone, why: `local time in ${zone} under another UTC offset than ${zone} has now` };
  }
  throw new RangeError(
    'no incident falls in another DST period than now: widen withinDays or the sandbox scale',
  );
}

/** `count` incidents spread evenly over the reviewable ones, oldest first. */
function spread(incidents: TruthIncident[], count: number): TruthIncident[] {
  if (incidents.length < count)
    throw new RangeError(`only ${incidents.length} resolved incidents to sample from`);
  const step = incidents.length / count;
  return Array.from({ length: count }, (_, k) => incidents[Math.floor(k * step)]!);
}

/* ---- writing rows ---- */

interface RowSpec {
  incident: TruthIncident;
  reference: string;
  times: [number, number, number];
  /** local: wall clock in `zone`; with the timezone column filled unless zone is the file's zone. */
  form: 'utc' | 'offset' | 'local';
  zone: string;
  team: string;
  severity: string;
  notes: string;
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

function renderRow(spec: RowSpec, fileZone: string): string {
  const time = (ms: number) =>
    spec.form === 'utc'
      ? isoUtc(ms).replace('.000Z', 'Z')
      : spec.form === 'offset'
        ? isoInZone(wholeSeconds(ms), spec.zone)
        : wallClock(ms, spec.zone);
  const zoneCell = spec.form === 'local' && spec.zone !== fileZone ? spec.zone : '';
  return [spec.reference, ...spec.times.map(time), zoneCell, spec.severity, spec.team, '', '', spec.notes]
    .map(csvCell)
    .join(',');
}

function referenceOf(incident: TruthIncident, k: number): string {
  return [incident.id, `#${incident.number}`, String(incident.number)][k % 3]!;
}

function severityOf(incident: TruthIncident, k: number): string {
  const level = incident.severity.slice(3);
  return [`SEV${level}`, `Sev ${level}`, `sev${level}`][k % 3]!;
}

function teamOf(truth: PagerDutyTruth, teamId: string, k: number): string {
  const name = truth.teams.find((t) => t.id === teamId)!.name;
  return [name, name.toLowerCase(), `pagerduty:${teamId}`][k % 3]!;
}

function baseSpec(truth: PagerDutyTruth, incident: TruthIncident, k: number, fileZone: string): RowSpec {
  const forms: Array<[RowSpec['form'], string]> = [
    ['utc', 'UTC'],
    ['offset', OFFSET_ZONE],
    ['local', fileZone],
    ['local', ROW_ZONE],
  ];
  let [form, zone] = forms[k % forms.length]!;
  // A wall-clock time inside a DST overlap names two instants: a careful reviewer writes those in UTC.
  if (form === 'local' && !incidentTimes(incident).every((t) => isUnambiguous(t, zone)))
    [form, zone] = ['utc', 'UTC'];
  return {
    incident,
    reference: referenceOf(incident, k),
    times: incidentTimes(incident) as [number, number, number],
    form,
    zone,
    team: teamOf(truth, incident.teamId, k),
    severity: severityOf(incident, k),
    notes: '',
  };
}

/** Emits the sample: `count` correct rows, then the seeded errors applied to some of them, plus the traps. */
export function emitManualSample(
  truth: PagerDutyTruth,
  now: number,
  options: ManualSampleOptions = {},
): ManualSample {
  const count = Math.max(6, options.count ?? 12);
  const fileZone = options.timezone ?? 'Europe/London';
  const seeded = options.discrepancies ?? true;
  const pool = reviewable(truth, now, options.withinDays ?? 360);
  const dst = dstCandidate(pool, fileZone, now);
  const chosen = spread(
    pool.filter((i) => i.id !== dst.incident.id),
    count - 1,
  );
  const specs = chosen.map((incident, k) => baseSpec(truth, incident, k, fileZone));
  const dstSpec: RowSpec = {
    ...baseSpec(truth, dst.incident, 0, fileZone),
    form: 'local',
    zone: dst.zone,
    notes: 'written in local time',
  };
  // Fourth row: clear of the rows the seeded errors and the tolerance trap use, whatever the count.
  specs.splice(3, 0, dstSpec);
  const lineOf = (spec: RowSpec) => specs.indexOf(spec) + 2;
  const traps: SampleTrap[] = [{ line: lineOf(dstSpec), reference: dstSpec.reference, why: dst.why }];

  // Acknowledged 3 minutes later than the warehouse says: inside the 5-minute tolerance, never reported.
  const nearlyRight = specs[1]!;
  nearlyRight.times[1] += 3 * MINUTE;
  traps.push({
    line: lineOf(nearlyRight),
    reference: nearlyRight.reference,
    why: 'acknowledged_at 3 min off, within tolerance',
  });

  const discrepancies = seeded ? seedDiscrepancies(truth, specs, lineOf) : [];
  const lines = specs.map((s) => renderRow(s, fileZone));
  if (seeded) {
    lines.push(`${MISSING_REFERENCE},,,,,,,,,not in PagerDuty any more?`);
    discrepancies.push({
      kind: 'missing_in_warehouse',
      line: lines.length + 1,
      reference: MISSING_REFERENCE,
      field: null,
      sampleValue: null,
      warehouseValue: null,
    });
  }
  return {
    csv: `${[HEADER, ...lines].join('\n')}\n`,
    timezone: fileZone,
    rows: lines.length,
    discrepancies,
    traps,
  };
}

/** A resolution time 47 minutes late and another team's name, on two different rows. */
function seedDiscrepancies(
  truth: PagerDutyTruth,
  specs: RowSpec[],
  lineOf: (s: RowSpec) => number,
): SeededDiscrepancy[] {
  const lateResolution = specs[specs.length - 2]!;
  const truthResolved = lateResolution.times[2];
  lateResolution.times[2] = truthResolved + 47 * MINUTE;
  const wrongTeam = specs[2]!;
  const other = truth.teams.find((t) => t.id !== wrongTeam.incident.teamId)!;
  wrongTeam.team = other.name;
  return [
    {
      kind: 'mismatch',
      line: lineOf(wrongTeam),
      reference: wrongTeam.reference,
      field: 'team',
      sampleValue: `pagerduty:${other.id}`,
      warehouseValue: `pagerduty:${wrongTeam.incident.teamId}`,
    },
    {
      kind: 'mismatch',
      line: lineOf(lateResolution),
      reference: lateResolution.reference,
      field: 'resolved_at',
      sampleValue: isoUtc(lateResolution.times[2]),
      warehouseValue: isoUtc(truthResolved),
    },
  ].sort((a, b) => a.line - b.line) as SeededDiscrepancy[];
}
