import type { Stream } from '../../stream.ts';
import type { PagerDutyClient } from '../client.ts';
import { type EscalationPolicy, escalationPolicySchema } from '../schemas/escalation-policy.ts';
import { fullRefreshStream } from './full-refresh.ts';

export function escalationPoliciesStream(client: PagerDutyClient): Stream<EscalationPolicy> {
  return fullRefreshStream(client, {
    name: 'escalation_policies',
    path: '/escalation_policies',
    key: 'escalation_policies',
    schema: escalationPolicySchema,
    primaryKey: (p) => p.id,
  });
}
