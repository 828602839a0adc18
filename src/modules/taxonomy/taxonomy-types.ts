import type { Autonomy } from '../categories/index.js';

// The five kinds of taxonomy change, as a person asks for them and as they are stored.

export const changeKinds = ['add', 'rename', 'merge', 'split', 'retire'] as const;
export type ChangeKind = (typeof changeKinds)[number];

/** A category a change refers to (an existing one, by id) or creates (by its new name). */
export type CategoryTarget = { categoryId: string } | { name: string };

export interface NewCategoryFields {
  name: string;
  description?: string;
  examples?: string[];
  ownerUserId?: string | null;
  autonomy?: Autonomy;
}

export type TaxonomyChangeInput = { note?: string } & (
  | { kind: 'add'; category: NewCategoryFields }
  | { kind: 'rename'; categoryId: string; name: string }
  | { kind: 'merge'; sources: string[]; into: CategoryTarget }
  | {
      kind: 'split';
      source: string;
      targets: CategoryTarget[];
      /** Tickets a person already sorted: ticket id → a target's category id or (new) name. */
      assignments?: { ticketId: string; target: string }[];
      /** How many of the other tickets reviewers are asked to relabel (all if fewer). */
      sampleSize?: number;
    }
  | { kind: 'retire'; categoryId: string }
);

/** The explicit map a change applied, by category id (stored as `category_map`). */
export type CategoryMap =
  | { kind: 'add'; categoryId: string }
  | { kind: 'rename'; categoryId: string; from: string; to: string }
  | { kind: 'merge'; sources: string[]; into: string; created: string[] }
  | {
      kind: 'split';
      source: string;
      targets: string[];
      created: string[];
      assignments: { ticketId: string; categoryId: string }[];
      sampled: string[];
    }
  | { kind: 'retire'; categoryId: string };

/** What a change did (or, previewed, would do). */
export interface ChangeEffect {
  /** Labels appended (kind 'taxonomy'): one per ticket moved by the map. */
  labelsAppended: number;
  /** Tickets whose current category moved (labelled or set by the AI). */
  ticketsMoved: number;
  /** Split: tickets of the split category left for reviewers (out of training until relabelled). */
  ticketsToRelabel: number;
  /** Split: review items opened for the sample. */
  reviewItemsOpened: number;
  categoriesCreated: number;
  categoriesRetired: number;
}

export interface TaxonomyChange {
  id: string;
  version: number;
  kind: ChangeKind;
  categoryMap: CategoryMap;
  effect: ChangeEffect;
  note: string;
  actorType: string;
  actorId: string | null;
  actorName: string;
  createdAt: Date;
}
