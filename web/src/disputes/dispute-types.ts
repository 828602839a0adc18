// Dispute shapes come from the server's response schemas (type-only: nothing is bundled).
import type { DisputeList, DisputeListView, DisputeView } from '../../../src/modules/disputes/index.js';

export type Dispute = DisputeView;
export type DisputePage = DisputeList;
export type DisputeTab = DisputeListView;

/** "Upheld: Billing" / "Overturned to Login" / "Withdrawn" / "Open". */
export function disputeOutcomeText(d: Dispute): string {
  if (d.ruling) {
    return d.ruling.outcome === 'upheld'
      ? `Upheld: ${d.ruling.category.name}`
      : `Overturned to ${d.ruling.category.name}`;
  }
  return d.status === 'withdrawn' ? 'Withdrawn' : 'Open';
}

/** Who made the disputed decision, in words. */
export function disputedBy(d: Dispute): string {
  return d.disputed.actorType === 'ai' ? `the AI (model v${d.disputed.modelVersion})` : d.disputed.actorName;
}

/** Who has the final word: the owner, or a lead or admin when there is none to ask. */
export function rulerText(d: Dispute): string {
  return d.ruler ? `${d.ruler.name} (owner of ${d.disputed.category.name})` : 'a lead or admin';
}
