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

export type { CategoryRef, HistoryEntry, TicketView } from './ticket-schemas.js';
