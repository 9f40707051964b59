import type { Command } from 'commander';
import { z } from 'zod';
import { openPublished, warehousePaths } from '../../warehouse/publish.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { parseFlags } from '../exit.ts';
import { formatRows } from '../format.ts';

const weeksMessage = 'expected a number of weeks from 1 to 520';
const flags = z.object({
  weeks: z.coerce
    .number({ message: weeksMessage })
    .int({ message: weeksMessage })
    .min(1, { message: weeksMessage })
    .max(520, { message: weeksMessage })
    .default(4),
  teams: z.boolean().default(false),
  format: z.enum(['table', 'csv', 'json'], { message: 'expected table, csv or json' }),
});

// The window ends at the latest week with pages, not today: a warehouse read later still shows its last weeks.
const recentWeeks = `recent AS (
  SELECT DISTINCT week_start FROM metric_oncall_load ORDER BY week_start DESC LIMIT $weeks
)`;

const flaggedColumns = [
  'week_start',
  'person_key',
  'team',
  'interruptions',
  'sleep_hours_interruptions',
  'off_hours_interruptions',
  'burnout_reason',
];

/** Person-weeks over a burnout threshold; people appear by person_key only (names stay in `people`). */
function flaggedWeeks(warehouse: Warehouse, weeks: number) {
  return warehouse.all(
    `WITH ${recentWeeks}
     SELECT CAST(l.week_start AS VARCHAR) AS week_start, l.person_key, coalesce(t.name, l.team_key) AS team,
       l.interruptions, l.sleep_hours_interruptions, l.off_hours_interruptions, l.burnout_reason
     FROM metric_oncall_load AS l
     JOIN recent USING (week_start)
     LEFT JOIN teams AS t USING (team_key)
     WHERE l.burnout
     ORDER BY l.week_start DESC, l.interruptions DESC, l.person_key`,
    { weeks },
  );
}

const teamColumns = ['team', 'weeks', 'interruptions', 'per_oncall_person', 'max_person_week', 'mean_gini'];

/** Each team's load and how evenly it fell (weekly Gini, averaged), most uneven first. */
function teamSpread(warehouse: Warehouse, weeks: number) {
  return warehouse.all(
    `WITH ${recentWeeks}
     SELECT coalesce(t.name, s.team_key) AS team, count(*) AS weeks, sum(s.interruptions) AS interruptions,
       round(sum(s.interruptions) / sum(s.oncall_people), 2) AS per_oncall_person,
       max(s.max_person_interruptions) AS max_person_week, round(avg(s.load_gini), 3) AS mean_gini
     FROM metric_oncall_team_load AS s
     JOIN recent ON recent.week_start = s.period_start
     LEFT JOIN teams AS t USING (team_key)
     WHERE s.period_grain = 'week'
     GROUP BY ALL
     ORDER BY mean_gini DESC, team`,
    { weeks },
  );
}

export function registerOncall(program: Command, global: () => GlobalContext): void {
  program
    .command('oncall')
    .description(
      'on-call health from the published warehouse: burnout flags per person and week, or (--teams) how unevenly load falls per team',
    )
    .option('--weeks <n>', 'the most recent weeks with pages to show', '4')
    .option('--teams', 'show the spread of load per team instead of flagged people')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (raw: unknown) => {
      const opts = parseFlags(flags, raw);
      const { config } = loadContext(global());
      const warehouse = await openPublished(warehousePaths(config));
      try {
        const rows = opts.teams
          ? await teamSpread(warehouse, opts.weeks)
          : await flaggedWeeks(warehouse, opts.weeks);
        process.stdout.write(formatRows(rows, opts.teams ? teamColumns : flaggedColumns, opts.format));
      } finally {
        warehouse.close();
      }
    });
}
