import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Period } from '../exports/period.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { renderCharts } from './charts.ts';
import { loadReportData } from './data.ts';
import { reportHtml } from './html.ts';

/** Builds the HTML report for a period and writes it to `out`; returns the charts drawn and those with no data. */
export async function writeReport(
  warehouse: Warehouse,
  options: { period: Period; out: string; now?: Date },
): Promise<{ path: string; charts: number; empty: string[] }> {
  const data = await loadReportData(warehouse, options.period);
  const charts = await renderCharts(data);
  const html = reportHtml({
    period: options.period,
    generatedAt: options.now ?? new Date(),
    summary: data.summary,
    lastRun: data.lastRun,
    charts,
  });
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, html, 'utf8');
  return {
    path: options.out,
    charts: charts.filter((c) => c.svg).length,
    empty: charts.filter((c) => !c.svg).map((c) => c.id),
  };
}
