// The shapes the HTTP API returns (camelCase JSON). Dates arrive as ISO strings. Ticket
// shapes come from the server's response schemas (type-only imports vanish from the bundle).
import type { Category as ServerCategory } from '../../../src/modules/categories/index.js';
import type { CategoryRef, HistoryEntry, TicketView } from '../../../src/modules/tickets/index.js';

export type { CategoryRef, HistoryEntry };
export type Ticket = TicketView;

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Session {
  user: User;
  csrfToken: string;
  workspace: { slug: string; role: string };
  permissions: string[];
}

export type RankedCategory = NonNullable<TicketView['prediction']>['ranked'][number];
export type Explanation = NonNullable<TicketView['prediction']>['explanation'];
export type ExplanationTerm = Explanation['terms'][number];
export type SimilarTicket = Explanation['similar'][number];

export type ReviewReason = 'suggestion' | 'low_confidence' | 'model_unavailable' | (string & {});
export type Outcome = 'applied' | 'suggested' | 'needs_review' | (string & {});

export interface ReviewItem {
  id: string;
  ticketId: string;
  reason: ReviewReason;
  createdAt: string;
  subject: string;
  body: string;
  requester: string | null;
  outcome: Outcome;
  suggestedCategoryId: string | null;
  suggestedCategoryName: string | null;
  confidence: number | null;
  modelVersion: number | null;
  rule: string;
  ranked: RankedCategory[] | null;
  explanation: Explanation | null;
}

export interface ReviewQueue {
  total: number;
  items: ReviewItem[];
}

export interface ResolveResult {
  resolution: 'accepted' | 'corrected';
  label: { id: string; ticketId: string; categoryId: string; kind: string };
}

/** A server type as it arrives over JSON: dates become ISO strings. */
type Jsonified<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

export type Category = Jsonified<ServerCategory>;

export interface TicketWithHistory extends Ticket {
  history: HistoryEntry[];
}

export interface TicketPage {
  items: Ticket[];
  nextCursor: string | null;
}

export interface TrainResult {
  version: number;
  exampleCount: number;
  categoryCount: number;
  trainSeconds: number;
}
