// The taxonomy API's shapes as the browser receives them (dates as ISO strings).

export type ChangeKind = 'add' | 'rename' | 'merge' | 'split' | 'retire';
export type CategoryStatus = 'live' | 'retired' | 'merged' | 'split';

export interface CategoryOverview {
  id: string;
  key: string;
  name: string;
  /** The name with its lineage, e.g. "Payments (retired, merged into Billing)". */
  displayName: string;
  formerNames: string[];
  status: CategoryStatus;
  mergedIntoId: string | null;
  splitIntoIds: string[];
  ownerUserId: string | null;
  ownerName: string | null;
  autonomy: 'auto' | 'suggest' | 'human_only';
  retiredAt: string | null;
  labelledTickets: number;
}

export interface Taxonomy {
  version: number;
  champion: { version: number; taxonomyVersion: number; retrainDue: boolean } | null;
  categories: CategoryOverview[];
}

export interface ChangeEffect {
  labelsAppended: number;
  ticketsMoved: number;
  ticketsToRelabel: number;
  reviewItemsOpened: number;
  categoriesCreated: number;
  categoriesRetired: number;
}

export interface TaxonomyChange {
  id: string;
  version: number;
  kind: ChangeKind;
  categoryMap: Record<string, unknown>;
  effect: ChangeEffect;
  note: string;
  actorName: string;
  createdAt: string;
}

export type CategoryTarget = { categoryId: string } | { name: string };

export type ChangeRequest = { note?: string } & (
  | { kind: 'rename'; categoryId: string; name: string }
  | { kind: 'merge'; sources: string[]; into: CategoryTarget }
  | { kind: 'split'; source: string; targets: CategoryTarget[]; sampleSize?: number }
  | { kind: 'retire'; categoryId: string }
);
