import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodSchema } from '../../src/exports/period.ts';
import { renderCharts } from '../../src/report/charts.ts';
import { loadReportData } from '../../src/report/data.ts';
import { writeReport } from '../../src/report/report.ts';
import { buildModels } from '../../src/warehouse/models.ts';
import { runCli } from '../cli/run-cli.ts';
import { type OutputsWorld, syncAllSources } from './world.ts';

const chromiumPath = '/usr/bin/chromium';
const artifacts = resolve('test-artifacts');
const chartIds = ['mttr', 'mtta', 'recurrence', 'action-items', 'oncall-heatmap', 'deploys'];

let world: OutputsWorld;
let browser: Browser;

beforeAll(async () => {
  // Never skipped: CI installs chromium (.ci/run); a machine without it fails with the fix in the message.
  if (!existsSync(chromiumPath))
    throw new Error(
      `${chromiumPath} not found: the report test needs headless Chromium; run apt-get install chromium`,
    );
  mkdirSync(artifacts, { recursive: true });
  world = await syncAllSources();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  world?.warehouse.close();
  await world?.sandbox.close();
});

/** Opens the file in Chromium, recording every request the page makes beyond the file itself. */
async function openInChromium(path: string) {
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== `file://${path}`) requests.push(r.url());
  });
  await page.goto(`file://${path}`, { waitUntil: 'load' });
  return { page, requests };
}

describe('the HTML report', () => {
  it('renders every chart as inline SVG with marks in headless Chromium, offline', async () => {
    const out = join(artifacts, 'report-2026-Q3.html');
    const result = await writeReport(world.warehouse, { period: periodSchema.parse('2026-Q3'), out });
    expect(result.empty).toEqual([]);
    const { page, requests } = await openInChromium(out);
    expect(requests).toEqual([]);
    for (const id of chartIds) {
      const svg = page.locator(`section#${id} svg`);
      expect(await svg.count(), id).toBe(1);
      const box = await svg.boundingBox();
      expect(box?.width, id).toBeGreaterThan(100);
      expect(box?.height, id).toBeGreaterThan(100);
      // vega draws data as marks: lines, symbols, rects under mark-* groups (axes and legends are role-axis/legend).
      const marks = await page
        .locator(`section#${id} svg g[class*="role-mark"] > :is(path, rect, line)`)
        .count();
      expect(marks, id).toBeGreaterThan(0);
    }
    expect(await page.locator('.no-data').count()).toBe(0);
    expect(await page.locator('h1').textContent()).toContain('2026-Q3');
    await page.screenshot({ path: join(artifacts, 'report-2026-Q3.png'), fullPage: true });
    await page.close();
  });

  it('is one self-contained file: no scripts, stylesheets, fonts or images fetched from anywhere', async () => {
    const html = readFileSync(join(artifacts, 'report-2026-Q3.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/@import|url\((?!#)/i); // url(#id) points inside the page
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });

  it('shows a clear no-data panel in place of a chart that has nothing to draw', async () => {
    const out = join(artifacts, 'report-2025-Q1.html');
    const result = await writeReport(world.warehouse, { period: periodSchema.parse('2025-Q1'), out });
    expect(result.empty).toEqual(chartIds);
    const { page, requests } = await openInChromium(out);
    expect(requests).toEqual([]);
    expect(await page.locator('.no-data').count()).toBe(chartIds.length);
    for (const panel of await page.locator('.no-data').all()) {
      expect(await panel.textContent()).toMatch(/^No data: /);
      expect((await panel.boundingBox())?.height).toBeGreaterThan(20);
    }
    await page.screenshot({ path: join(artifacts, 'report-2025-Q1.png'), fullPage: true });
    await page.close();
  });

  it('draws the on-call heatmap from metric_oncall_team_load when the warehouse has it', async () => {
    const team = await world.warehouse.one<{ team_key: string; name: string }>(
      "SELECT team_key, name FROM teams WHERE team_key <> 'unowned' ORDER BY team_key LIMIT 1",
    );
    // A known shape of the on-call model's output, in place of the synced one for this test.
    await world.warehouse.run(`CREATE OR REPLACE VIEW metric_oncall_team_load AS
      SELECT * FROM (VALUES ('${team!.team_key}', 'week', DATE '2026-07-06', 2, 8, 4.0), ('${team!.team_key}', 'week', DATE '2026-07-13', 1, 6, 6.0),
        ('${team!.team_key}', 'month', DATE '2026-07-01', 2, 14, 7.0))
      AS t(team_key, period_grain, period_start, oncall_people, interruptions, interruptions_per_oncall_person)`);
    try {
      const data = await loadReportData(world.warehouse, periodSchema.parse('2026-Q3'));
      expect(data.oncallTeamLoad).toEqual([
        { period_start: '2026-07-06', team: team!.name, interruptions_per_oncall_person: 4 },
        { period_start: '2026-07-13', team: team!.name, interruptions_per_oncall_person: 6 },
      ]);
      const heatmap = (await renderCharts(data)).find((c) => c.id === 'oncall-heatmap')!;
      expect(heatmap.description).toContain('metric_oncall_team_load');
      expect(heatmap.svg).toContain('interruptions per on-call person');
      // One rect mark per team and week: a mark-rect group holding two paths.
      const rects = /<g class="mark-rect role-mark[^"]*"[^>]*>((?:<path[^>]*\/>)+)<\/g>/.exec(heatmap.svg!);
      expect(rects?.[1]?.match(/<path/g)?.length).toBe(2);
    } finally {
      await buildModels(world.warehouse);
    }
  });

  it('is written by `opsledger report` from the published warehouse; a bad period exits 2', async () => {
    world.warehouse.close();
    const out = join(artifacts, 'cli', 'report.html');
    const result = await runCli(['--warehouse', world.path, 'report', '--period', '2026-09', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2026-09, 6 charts');
    expect(readFileSync(out, 'utf8')).toContain('<h1>Incident report 2026-09</h1>');
    const bad = await runCli(['--warehouse', world.path, 'report', '--period', 'September']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--period: 'September': expected a period such as 2026-Q3/);
  });
});
