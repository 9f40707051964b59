import type { Config } from '../config/index.ts';

/** The on-call load settings recorded with each run (see metric_oncall_load). */
export function oncallMetricSettings(config: Config) {
  const o = config.oncall;
  return {
    oncall: {
      burnout_weekly_interruptions: o.burnoutWeeklyInterruptions,
      burnout_sleep_interruptions: o.burnoutSleepInterruptions,
      interruption_window_seconds: o.interruptionWindowSeconds,
      business_hours: o.businessHours,
      sleep_hours: o.sleepHours,
    },
  };
}

/** Settings rows the pages mart and the on-call metrics read (key -> value as text). */
export function oncallSettingRows(config: Config): Array<[string, string]> {
  const o = config.oncall;
  return [
    ['oncall_burnout_weekly_interruptions', String(o.burnoutWeeklyInterruptions)],
    ['oncall_burnout_sleep_interruptions', String(o.burnoutSleepInterruptions)],
    ['oncall_interruption_window_seconds', String(o.interruptionWindowSeconds)],
    ['oncall_business_hours_start', String(o.businessHours.start)],
    ['oncall_business_hours_end', String(o.businessHours.end)],
    ['oncall_sleep_hours_start', String(o.sleepHours.start)],
    ['oncall_sleep_hours_end', String(o.sleepHours.end)],
  ];
}
