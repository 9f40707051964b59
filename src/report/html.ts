import type { Period } from '../exports/period.ts';
import type { JsonRow } from '../warehouse/warehouse.ts';
import type { RenderedChart } from './charts.ts';

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

/** Inline CSS only: the file must read the same offline, with no fonts or stylesheets fetched. */
const css = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 760px; color: #212121; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
.meta { color: #616161; font-size: 0.9rem; }
.summary { display: flex; gap: 1rem; margin: 1.2rem 0; }
.summary div { flex: 1; border: 1px solid #e0e0e0; border-radius: 6px; padding: 0.6rem; }
.summary b { display: block; font-size: 1.4rem; }
section.chart { margin: 2rem 0; }
section.chart h2 { font-size: 1.15rem; margin-bottom: 0.2rem; }
section.chart p { margin-top: 0; color: #424242; font-size: 0.9rem; }
.no-data { border: 2px dashed #bdbdbd; border-radius: 6px; padding: 2rem; text-align: center; color: #616161; background: #fafafa; }
`;

const figure = (value: unknown, digits = 0, suffix = '') =>
  typeof value === 'number' ? `${value.toFixed(digits)}${suffix}` : '–';

function summaryBlock(summary: JsonRow | undefined): string {
  const sla = typeof summary?.sla_attainment === 'number' ? summary.sla_attainment * 100 : null;
  const cells = [
    ['incidents', figure(summary?.incidents)],
    ['median MTTA', figure(summary?.mtta_median, 0, ' min')],
    ['median MTTR', figure(summary?.mttr_median, 0, ' min')],
    ['SLA attainment', figure(sla, 1, ' %')],
  ];
  return `<div class="summary">${cells.map(([label, value]) => `<div>${escapeHtml(label!)}<b>${escapeHtml(value!)}</b></div>`).join('')}</div>`;
}

function chartSection(chart: RenderedChart): string {
  const body = chart.svg ?? `<div class="no-data" role="note">No data: ${escapeHtml(chart.noData)}</div>`;
  return `<section class="chart" id="${escapeHtml(chart.id)}">
<h2>${escapeHtml(chart.title)}</h2>
<p>${escapeHtml(chart.description)}</p>
${body}
</section>`;
}

export interface ReportPage {
  period: Period;
  generatedAt: Date;
  summary: JsonRow | undefined;
  lastRun: JsonRow | undefined;
  charts: RenderedChart[];
}

/** One self-contained page: inline CSS, inline SVG, no scripts, no external resources. */
export function reportHtml(page: ReportPage): string {
  const zone = typeof page.summary?.timezone === 'string' ? page.summary.timezone : 'UTC';
  const run = page.lastRun
    ? `data from sync run ${String(page.lastRun.sync_run_id)} (finished ${String(page.lastRun.finished_at)} UTC)`
    : 'no completed sync run';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>opsledger report ${escapeHtml(page.period.label)}</title>
<style>${css}</style>
</head>
<body>
<h1>Incident report ${escapeHtml(page.period.label)}</h1>
<div class="meta">${escapeHtml(page.period.start)} to ${escapeHtml(page.period.end)} (exclusive), cut in ${escapeHtml(zone)} ·
${escapeHtml(run)} · generated ${escapeHtml(page.generatedAt.toISOString())}</div>
${summaryBlock(page.summary)}
${page.charts.map(chartSection).join('\n')}
</body>
</html>
`;
}
