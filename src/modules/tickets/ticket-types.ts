import type { Explanation } from '../classifier/index.js';

export interface NewTicket {
  source: string;
  externalId: string;
  subject?: string;
  body?: string;
  requester?: string;
  channel?: string;
  assignee?: string;
  createdAt?: string;
  customFields?: Record<string, unknown>;
}

export interface TicketChanges {
  subject?: string;
  body?: string;
  assignee?: string | null;
  customFields?: Record<string, unknown>;
}

export interface CategoryRef {
  id: string;
  key: string;
  name: string;
}

export interface TicketView {
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
    ranked: { categoryId: string; name: string; probability: number }[];
    explanation: Explanation;
    createdAt: string;
  } | null;
  decision: {
    id: string;
    outcome: 'applied' | 'suggested' | 'needs_review';
    category: CategoryRef | null;
    confidence: number | null;
    modelVersion: number | null;
    rule: string;
    reason: string | null;
    createdAt: string;
  } | null;
  reviewItem: { id: string; status: 'open' | 'resolved'; reason: string; resolution: string | null } | null;
  /** The first model version whose training included this ticket's latest label. */
  learnedInModelVersion: number | null;
}
