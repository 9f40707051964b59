import type { Rng } from '../../prng.ts';
import type { OrgModel } from '../model.ts';
import { INCIDENT_TITLES } from './names.ts';

export interface IncidentAttributes {
  service: number;
  /** 1..4 */
  severity: number;
  /** 0 = none, 1..5 */
  priority: number;
  urgency: 'high' | 'low';
  title: string;
  alertCount: number;
}

/** Relative incident volume per service: a few noisy services, a long quiet tail. */
export function serviceWeights(rng: Rng, org: OrgModel): number[] {
  return org.services.map(() => 1 / (1 + rng.int(0, org.services.length) * 0.35));
}

/**
 * Severity is the truth; PagerDuty shows it through priority and urgency following the product's default
 * mapping: SEV1 -> P1, SEV2 -> P2, SEV3 -> P3 or (no priority, high urgency), SEV4 -> P4 or P5 or
 * (no priority, low urgency).
 */
function severityAndPriority(rng: Rng): Pick<IncidentAttributes, 'severity' | 'priority' | 'urgency'> {
  const severity = 1 + rng.weighted([3, 12, 40, 45]);
  if (severity === 1) return { severity, priority: 1, urgency: 'high' };
  if (severity === 2) return { severity, priority: 2, urgency: 'high' };
  if (severity === 3) {
    if (rng.chance(0.3)) return { severity, priority: 0, urgency: 'high' };
    return { severity, priority: 3, urgency: rng.chance(0.85) ? 'high' : 'low' };
  }
  const choice = rng.weighted([40, 25, 35]);
  if (choice === 2) return { severity, priority: 0, urgency: 'low' };
  return { severity, priority: choice === 0 ? 4 : 5, urgency: rng.chance(0.8) ? 'low' : 'high' };
}

function titleFor(rng: Rng, serviceName: string): string {
  const host = `${serviceName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${String(rng.int(1, 12)).padStart(2, '0')}`;
  return rng.pick(INCIDENT_TITLES).replace('{svc}', serviceName).replace('{host}', host);
}

export function drawAttributes(rng: Rng, org: OrgModel, service: number): IncidentAttributes {
  const serviceName = org.services[service]?.name ?? 'Service';
  return {
    service,
    ...severityAndPriority(rng),
    title: titleFor(rng, serviceName),
    alertCount: 1 + rng.weighted([70, 20, 10]),
  };
}
