import type { WorldSize } from './pagerduty/generator/index.ts';
import type { SandboxScale } from './types.ts';

const PRESETS: Record<SandboxScale, WorldSize> = {
  small: { incidents: 600, days: 180 },
  medium: { incidents: 12_000, days: 365 },
  large: { incidents: 110_000, days: 3 * 365 },
};

export function resolveScale(scale: SandboxScale | WorldSize | undefined): WorldSize {
  if (scale === undefined) return PRESETS.small;
  if (typeof scale === 'string') {
    const preset = PRESETS[scale];
    if (!preset) throw new RangeError(`unknown sandbox scale '${scale}' (small, medium or large)`);
    return preset;
  }
  if (!Number.isInteger(scale.incidents) || scale.incidents < 2 || scale.incidents > 2_000_000) {
    throw new RangeError('scale.incidents must be an integer between 2 and 2,000,000');
  }
  if (!(scale.days > 0 && scale.days <= 3650)) throw new RangeError('scale.days must be between 1 and 3650');
  return { incidents: scale.incidents, days: scale.days };
}
