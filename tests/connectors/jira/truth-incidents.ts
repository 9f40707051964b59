import type { JiraTruth, PagerDutyTruth, Sandbox } from '../../../src/sandbox/index.ts';

/**
 * The incidents the warehouse should hold once PagerDuty and Jira are both synced, computed from the two
 * ground truths alone: every PagerDuty incident (with the Jira ticket that names it, if any) and every Jira
 * ticket that names no PagerDuty incident (a Jira-only incident, `jira:<key>`).
 */
export interface ExpectedIncident {
  incidentKey: string;
  ticketKey: string | null;
  /** PagerDuty team of the incident, or the PagerDuty team named by a Jira-only ticket's team. */
  teamKey: string;
  /** PagerDuty's severity when PagerDuty knows the incident (the system of record), else the ticket's. */
  severity: string;
  detectedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  impactStartedAt: Date | null;
  mitigatedAt: Date | null;
  customerSeverity: string | null;
  isExternal: boolean;
  /** Root cause of the ticket's postmortem. */
  rootCause: string | null;
  /** PagerDuty service id; null for Jira-only incidents. */
  serviceId: string | null;
  /** PagerDuty title; null for Jira-only incidents (the Jira truth carries no summary). */
  title: string | null;
}

export function teamKeysByName(pd: PagerDutyTruth): Map<string, string> {
  return new Map(pd.teams.map((t) => [t.name, `pagerduty:${t.id}`]));
}

export function expectedIncidents(pd: PagerDutyTruth, jira: JiraTruth): ExpectedIncident[] {
  const teamKey = teamKeysByName(pd);
  const tickets = new Map(
    jira.incidents.filter((t) => t.pagerdutyIncidentId).map((t) => [t.pagerdutyIncidentId!, t]),
  );
  const out: ExpectedIncident[] = pd.incidents.map((i) => {
    const ticket = tickets.get(i.id);
    return {
      incidentKey: `pagerduty:${i.id}`,
      ticketKey: ticket?.key ?? null,
      teamKey: `pagerduty:${i.teamId}`,
      severity: i.severity,
      detectedAt: i.createdAt,
      acknowledgedAt: i.acknowledgedAt,
      resolvedAt: i.resolvedAt,
      impactStartedAt: ticket?.impactStartedAt ?? null,
      mitigatedAt: ticket?.mitigatedAt ?? null,
      customerSeverity: ticket?.customerSeverity ?? null,
      isExternal: ticket?.isExternal ?? false,
      rootCause: ticket?.rootCause ?? null,
      serviceId: i.serviceId,
      title: i.title,
    };
  });
  for (const t of jira.incidents.filter((x) => !x.pagerdutyIncidentId)) {
    out.push({
      incidentKey: `jira:${t.key}`,
      ticketKey: t.key,
      teamKey: teamKey.get(t.teamName) ?? 'unowned',
      severity: t.severity,
      detectedAt: t.createdAt,
      acknowledgedAt: t.firstInProgressAt,
      resolvedAt: t.resolvedAt,
      impactStartedAt: t.impactStartedAt,
      mitigatedAt: t.mitigatedAt,
      customerSeverity: t.customerSeverity,
      isExternal: t.isExternal,
      rootCause: t.rootCause,
      serviceId: null,
      title: null,
    });
  }
  return out;
}

/** incidents.incident_key of each Jira incident ticket key. */
export function incidentKeyOfTicket(jira: JiraTruth): Map<string, string> {
  return new Map(
    jira.incidents.map((t) => [
      t.key,
      t.pagerdutyIncidentId ? `pagerduty:${t.pagerdutyIncidentId}` : `jira:${t.key}`,
    ]),
  );
}

export const quarterStart = (d: Date) =>
  `${d.getUTCFullYear()}-${String(Math.floor(d.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`;

export const monthStart = (d: Date) => `${d.toISOString().slice(0, 7)}-01`;

export function truths(sandbox: Sandbox) {
  return { pd: sandbox.pagerduty.truth(), jira: sandbox.jira.truth() };
}
