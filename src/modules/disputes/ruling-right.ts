// Who has the final word on a dispute. The owner of the disputed category rules: they own the
// category's meaning. A category without an owner falls to the leads and admins
// ('disputes:rule'), and so does a dispute its owner raised, because nobody rules on their
// own dispute.

export interface RulingParties {
  /** The person asking to rule. */
  userId: string;
  raisedBy: string;
  /** The disputed category's owner now (owners change; the current one rules). */
  ownerUserId: string | null;
  ownerName: string | null;
  categoryName: string;
  /** Whether the person holds 'disputes:rule'. */
  canRuleUnowned: boolean;
}

export type RulingRight = { allowed: true; as: 'owner' | 'stand_in' } | { allowed: false; reason: string };

/** Whether a dispute falls to the category's owner or to a lead or admin standing in. */
export function rulesFallToOwner(ownerUserId: string | null, raisedBy: string): ownerUserId is string {
  return ownerUserId != null && ownerUserId !== raisedBy;
}

export function rulingRight(p: RulingParties): RulingRight {
  if (p.userId === p.raisedBy) {
    return { allowed: false, reason: 'You raised this dispute, so someone else rules on it.' };
  }
  if (rulesFallToOwner(p.ownerUserId, p.raisedBy)) {
    if (p.userId === p.ownerUserId) return { allowed: true, as: 'owner' };
    return {
      allowed: false,
      reason: `Only the owner of ${p.categoryName} (${p.ownerName ?? 'a named person'}) rules on this dispute.`,
    };
  }
  if (p.canRuleUnowned) return { allowed: true, as: 'stand_in' };
  const why = p.ownerUserId == null ? `${p.categoryName} has no owner` : 'its owner raised it';
  return {
    allowed: false,
    reason: `This dispute falls to a lead or admin because ${why}; your role cannot rule on it.`,
  };
}
