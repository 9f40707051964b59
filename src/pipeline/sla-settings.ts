import type { Config } from '../config/index.ts';

/**
 * Settings rows incident_sla reads: `sla_target.SEV1` = minutes, `1bd` (one business day) or `none`. All four
 * are always written, so a target removed from the config becomes `none` instead of lingering from a past run.
 */
export function slaSettingRows(config: Config): Array<[string, string]> {
  return Object.entries(config.sla.targets).map(([severity, target]) => [
    `sla_target.${severity}`,
    target === null ? 'none' : String(target),
  ]);
}
