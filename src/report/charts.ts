import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { JsonRow } from '../warehouse/warehouse.ts';
import type { ReportData } from './data.ts';

/** One chart of the report: its title, what it shows, and its vega-lite spec (absent when there is no data). */
export interface ChartDefinition {
  id: string;
  title: string;
  description: string;
  /** Why a chart has nothing to draw, shown in its place. */
  noData: string;
  spec: TopLevelSpec | null;
}

export interface RenderedChart extends Omit<ChartDefinition, 'spec'> {
  svg: string | null;
}

const width = 640;
const height = 240;
/** Dates are calendar days in the reporting zone; parsing and formatting them as UTC keeps them as written. */
const periodAxis = (grain: 'week' | 'month') => ({
  field: 'period_start',
  type: 'temporal' as const,
  timeUnit: grain === 'month' ? ('utcyearmonth' as const) : ('utcyearmonthdate' as const),
  title: grain === 'month' ? 'month' : 'week starting',
});

function trendChart(rows: JsonRow[], grain: 'week' | 'month', title: string): TopLevelSpec | null {
  if (rows.length === 0) return null;
  return {
    width,
    height,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: periodAxis(grain),
      y: { field: 'median_minutes', type: 'quantitative', title },
      color: { field: 'team', type: 'nominal', title: 'team' },
      tooltip: [{ field: 'team' }, { field: 'incidents' }, { field: 'p90_minutes', format: '.0f' }],
    },
  };
}

function recurrenceChart(rows: JsonRow[], grain: 'week' | 'month'): TopLevelSpec | null {
  const rated = rows.filter((r) => r.recurrence_rate !== null);
  if (rated.length === 0) return null;
  return {
    width,
    height,
    data: { values: rated },
    mark: { type: 'line', point: true },
    encoding: {
      x: periodAxis(grain),
      y: { field: 'recurrence_rate', type: 'quantitative', title: 'recurring share', axis: { format: '%' } },
      color: { field: 'team', type: 'nominal' },
    },
  };
}

function actionItemChart(rows: JsonRow[]): TopLevelSpec | null {
  if (rows.length === 0) return null;
  return {
    width,
    height,
    data: { values: rows },
    mark: 'bar',
    encoding: {
      y: { field: 'team', type: 'nominal', title: null },
      x: {
        field: 'items',
        type: 'quantitative',
        stack: 'normalize',
        title: 'share of action items due',
        axis: { format: '%' },
      },
      color: {
        field: 'outcome',
        type: 'nominal',
        scale: {
          domain: ['completed on time', 'completed late', 'open, overdue', 'open, not yet due'],
          range: ['#2e7d32', '#f9a825', '#c62828', '#90a4ae'],
        },
      },
    },
  };
}

function heatmapChart(rows: JsonRow[]): TopLevelSpec | null {
  if (rows.length === 0) return null;
  return {
    width,
    height: 200,
    data: { values: rows },
    mark: 'rect',
    encoding: {
      x: { field: 'hour', type: 'ordinal', title: 'hour of day (reporting time zone)' },
      y: {
        field: 'weekday',
        type: 'ordinal',
        sort: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
        title: null,
      },
      color: { field: 'pages', type: 'quantitative', scale: { scheme: 'orangered' } },
    },
  };
}

/** Team x week, coloured by interruptions per on-call person (metric_oncall_team_load). */
function teamLoadChart(rows: JsonRow[]): TopLevelSpec | null {
  if (rows.length === 0) return null;
  return {
    width,
    height: 200,
    data: { values: rows },
    mark: 'rect',
    encoding: {
      x: { ...periodAxis('week'), type: 'ordinal' },
      y: { field: 'team', type: 'nominal', title: null },
      color: {
        field: 'interruptions_per_oncall_person',
        type: 'quantitative',
        title: 'interruptions per on-call person',
        scale: { scheme: 'orangered' },
      },
    },
  };
}

/** The on-call model's weekly team load when the warehouse has it, else pages by weekday and hour. */
function oncallChart(data: ReportData): Pick<ChartDefinition, 'description' | 'spec'> {
  if (data.oncallTeamLoad !== null) {
    return {
      description:
        'Interruptions per on-call person, per team and ISO week (metric_oncall_team_load; pages within 60 s count once).',
      spec: teamLoadChart(data.oncallTeamLoad),
    };
  }
  return {
    description:
      'Pages (notifications to responders) by weekday and hour: nights and weekends show who is woken.',
    spec: heatmapChart(data.pagesHeatmap),
  };
}

function deployChart(rows: JsonRow[], grain: 'week' | 'month'): TopLevelSpec | null {
  if (rows.length === 0) return null;
  const long = rows.flatMap((r) => [
    { period_start: r.period_start, kind: 'production deploys', count: r.deploys },
    { period_start: r.period_start, kind: 'deploys that caused an incident', count: r.failed },
  ]);
  return {
    width,
    height,
    data: { values: long },
    mark: { type: 'line', point: true },
    encoding: {
      x: periodAxis(grain),
      y: { field: 'count', type: 'quantitative', title: 'deploys' },
      color: {
        field: 'kind',
        type: 'nominal',
        title: null,
        scale: {
          domain: ['production deploys', 'deploys that caused an incident'],
          range: ['#1565c0', '#c62828'],
        },
      },
    },
  };
}

/** The report's charts, in the order they appear. */
export function chartDefinitions(data: ReportData): ChartDefinition[] {
  const grain = data.trendGrain;
  return [
    {
      id: 'mttr',
      title: 'MTTR per team',
      description: `Median minutes from detection to resolution, per ${grain} of detection (metric_mttr).`,
      noData: 'No resolved incidents in this period.',
      spec: trendChart(data.mttr, grain, 'median minutes to resolve'),
    },
    {
      id: 'mtta',
      title: 'MTTA per team',
      description: `Median minutes from detection to first acknowledgement, per ${grain} (metric_mtta).`,
      noData: 'No acknowledged incidents in this period.',
      spec: trendChart(data.mtta, grain, 'median minutes to acknowledge'),
    },
    {
      id: 'recurrence',
      title: 'Recurrence',
      description: `Share of incidents whose root cause caused another incident within the recurrence window, per ${grain} (metric_recurrence).`,
      noData: 'No incidents with a known root cause in this period.',
      spec: recurrenceChart(data.recurrence, grain),
    },
    {
      id: 'action-items',
      title: 'Action-item completion',
      description:
        'Action items due in the period by outcome: on time means completed by the end of the due day.',
      noData: 'No action items were due in this period.',
      spec: actionItemChart(data.actionItems),
    },
    {
      id: 'oncall-heatmap',
      title: 'On-call load',
      noData: 'No pages were sent in this period.',
      ...oncallChart(data),
    },
    {
      id: 'deploys',
      title: 'Deploys vs failures',
      description: `Successful production deploys per ${grain}, and those an incident was attributed to (change failures).`,
      noData: 'No production deploys in this period (is GitHub configured?).',
      spec: deployChart(data.deploys, grain),
    },
  ];
}

/** vega-lite compiled to vega, rendered headless to an SVG string (no browser, no network). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = compile({ ...spec, config: { font: 'sans-serif', ...spec.config } } as TopLevelSpec).spec;
  const view = new View(parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderCharts(data: ReportData): Promise<RenderedChart[]> {
  const rendered: RenderedChart[] = [];
  for (const { spec, ...chart } of chartDefinitions(data))
    rendered.push({ ...chart, svg: spec ? await renderSvg(spec) : null });
  return rendered;
}
