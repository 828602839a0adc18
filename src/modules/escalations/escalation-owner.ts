// Who owns an escalation at each level. Pure, so the chain can be tested and explained:
// level 1 is the queue's owner, level 2 its fallback owner. A missing person never leaves an
// escalation without an owner: an absent owner passes level 1 to the fallback owner, then to
// the person on call for exceptions (the staffing rota), then to the workspace's earliest
// admin; an absent fallback owner passes level 2 to the person on call, else leaves it with
// whoever had level 1, and the reason says so. Named owners come first because they answer
// for their queue; the rota fills the gaps, so a queue without a fallback owner (the default
// queue has none) still reaches a second person.

export interface Person {
  id: string;
  name: string;
}

/** The people an escalation can go to; inactive (disabled) people are given as null. */
export interface QueueOwners {
  queueName: string;
  owner: Person | null;
  fallbackOwner: Person | null;
  /** The workspace's earliest active admin: the owner of last resort. */
  admin: Person | null;
  /** Who is on call for exceptions now, by the staffing rota (none when there is no rota). */
  onCall?: Person | null;
}

export type EscalationLevel = 1 | 2;

export interface Ownership {
  owner: Person | null;
  /** Why this person, as a phrase that follows their name ("owner of queue Billing"). */
  reason: string;
}

/** Level 1: the owner, else the fallback owner, else an admin. */
export function levelOneOwner(q: QueueOwners): Ownership {
  if (q.owner) return { owner: q.owner, reason: `owner of queue ${q.queueName}` };
  if (q.fallbackOwner) {
    return {
      owner: q.fallbackOwner,
      reason: `fallback owner of queue ${q.queueName}, which has no active owner`,
    };
  }
  if (q.onCall) {
    return {
      owner: q.onCall,
      reason: `on call for exceptions: queue ${q.queueName} has no active owner or fallback owner`,
    };
  }
  if (q.admin) {
    return {
      owner: q.admin,
      reason: `admin of the workspace: queue ${q.queueName} has no active owner or fallback owner`,
    };
  }
  return { owner: null, reason: `nobody: queue ${q.queueName} has no owner and the workspace no admin` };
}

/**
 * Level 2: the fallback owner, unless there is none or they already hold it, in which case
 * it stays with the current owner and the reason says why.
 */
export function levelTwoOwner(q: QueueOwners, current: Person | null): Ownership {
  if (q.fallbackOwner && q.fallbackOwner.id !== current?.id) {
    return { owner: q.fallbackOwner, reason: `fallback owner of queue ${q.queueName}` };
  }
  if (!q.fallbackOwner && q.onCall && q.onCall.id !== current?.id) {
    return {
      owner: q.onCall,
      reason: `on call for exceptions: queue ${q.queueName} has no active fallback owner`,
    };
  }
  const who = current?.name ?? 'nobody';
  const why = q.fallbackOwner
    ? `${who} is already the fallback owner of queue ${q.queueName}`
    : `queue ${q.queueName} has no active fallback owner`;
  return { owner: current, reason: `still ${who}: ${why}` };
}

/** May this person resolve the escalation? Its current owner, the queue's owners, or an admin. */
export function mayResolve(
  userId: string,
  escalation: { ownerUserId: string | null },
  queue: { ownerUserId: string | null; fallbackOwnerUserId: string | null } | null,
  isAdmin: boolean,
): boolean {
  if (isAdmin) return true;
  return [escalation.ownerUserId, queue?.ownerUserId ?? null, queue?.fallbackOwnerUserId ?? null].includes(
    userId,
  );
}
