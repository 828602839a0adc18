// Who answers for a drift alert. Pure, so the chain can be tested as rules.

export interface Person {
  id: string;
  name: string;
}

export interface OwnerCandidates {
  /** The workspace's drift owner setting. */
  driftOwner: Person | null;
  /** The owner of the category the alert is about, for category-specific alerts. */
  category: { name: string; owner: Person | null } | null;
  /** The workspace's earliest active admin. */
  admin: Person | null;
}

export interface DriftOwnership {
  owner: Person | null;
  reason: string;
}

/**
 * The workspace's drift owner when one is set; else, for an alert about one category, that
 * category's owner; else the earliest admin. Disabled people are passed as null by the caller.
 */
export function driftOwner(c: OwnerCandidates): DriftOwnership {
  if (c.driftOwner) return { owner: c.driftOwner, reason: 'drift owner of the workspace' };
  if (c.category?.owner) return { owner: c.category.owner, reason: `owner of category ${c.category.name}` };
  if (c.admin) {
    const why = c.category
      ? `admin: no drift owner is set and category ${c.category.name} has no owner`
      : 'admin: no drift owner is set';
    return { owner: c.admin, reason: why };
  }
  return { owner: null, reason: 'nobody: no drift owner is set and the workspace has no active admin' };
}
