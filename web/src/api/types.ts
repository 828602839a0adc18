// The shapes the HTTP API returns (camelCase JSON). Dates arrive as ISO strings.

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

export interface RankedCategory {
  categoryId: string;
  name: string;
  probability: number;
}

export interface ExplanationTerm {
  term: string;
  weight: number;
}

export interface SimilarTicket {
  /** The past ticket's id. */
  id: string;
  /** The past ticket's category id. */
  category: string;
  text: string;
  similarity: number;
}

export interface Explanation {
  terms: ExplanationTerm[];
  similar: SimilarTicket[];
}

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

export interface Category {
  id: string;
  key: string;
  name: string;
  description: string;
  examples: string[];
  counterExamples: string[];
  ownerUserId: string | null;
  autoThreshold: number;
  suggestThreshold: number;
  retiredAt: string | null;
}

export interface CategoryRef {
  id: string;
  key: string;
  name: string;
}

export interface Ticket {
  id: string;
  source: string;
  externalId: string;
  subject: string;
  body: string;
  requester: string | null;
  channel: string | null;
  assignee: string | null;
  customFields: Record<string, unknown>;
  createdAt: string;
  receivedAt: string;
  updatedAt: string;
  category: CategoryRef | null;
  categorySetBy: 'ai' | 'human' | null;
  prediction: {
    modelVersion: number;
    confidence: number;
    category: CategoryRef | null;
    ranked: RankedCategory[];
    explanation: Explanation | null;
    createdAt: string;
  } | null;
  decision: {
    id: string;
    outcome: Outcome;
    category: CategoryRef | null;
    confidence: number | null;
    modelVersion: number | null;
    rule: string;
    reason: string | null;
    createdAt: string;
  } | null;
  reviewItem: { id: string; status: 'open' | 'resolved'; reason: string; resolution: string | null } | null;
  learnedInModelVersion: number | null;
}

export interface HistoryEntry {
  at: string;
  action: string;
  actorType: 'user' | 'api_key' | 'ai' | 'system' | (string & {});
  actorName: string;
  modelVersion: number | null;
  payload: Record<string, unknown>;
}

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
