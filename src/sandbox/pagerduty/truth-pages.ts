import { EntryType, NO_USER, type PagerDutyWorld, SERVICE_AGENT } from './model.ts';

/** One page: a responder notified, assigned or escalated to, as the generator logged it. */
export interface TruthPage {
  incidentId: string;
  userId: string;
  at: Date;
  kind: 'assign' | 'notify';
  /** The log entry behind the page: escalations are assignments to the next level. */
  entryType: 'assign' | 'escalate' | 'notify';
  /**
   * 1 for the service's automatic first assignment, n + 1 for the n-th escalation, and for a notification the
   * level of the user's latest assignment in the incident; null after a hand-over by a person.
   */
  escalationLevel: number | null;
}

function pageType(type: number): TruthPage['entryType'] | null {
  if (type === EntryType.assign) return 'assign';
  if (type === EntryType.escalate) return 'escalate';
  if (type === EntryType.notify) return 'notify';
  return null;
}

/** Every page of incidents created by `now`, in log order, from the generator's model (never from payloads). */
export function computeTruthPages(world: PagerDutyWorld, now: number): TruthPage[] {
  const { org, incidents: store } = world;
  const pages: TruthPage[] = [];
  for (let i = 0; i < store.count && store.createdAt[i]! <= now; i++) {
    const levelOf = new Map<number, number | null>();
    let escalations = 0;
    for (let e = store.entryStart[i]!; e < store.entryStart[i + 1]!; e++) {
      const type = pageType(store.entryType[e]!);
      const user = store.entryUser[e]!;
      if (type === null || user === NO_USER || store.entryAt[e]! > now) continue;
      if (type === 'escalate') levelOf.set(user, ++escalations + 1);
      if (type === 'assign') levelOf.set(user, store.entryAgent[e] === SERVICE_AGENT ? 1 : null);
      pages.push({
        incidentId: store.ids[i]!,
        userId: org.users[user]!.id,
        at: new Date(store.entryAt[e]!),
        kind: type === 'notify' ? 'notify' : 'assign',
        entryType: type,
        escalationLevel: levelOf.get(user) ?? null,
      });
    }
  }
  return pages;
}
