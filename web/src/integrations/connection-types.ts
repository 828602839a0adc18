// The shapes of the connections API as the page uses them (see src/modules/integrations).

export interface Connection {
  id: string;
  kind: string;
  name: string;
  baseUrl: string;
  credentialFields: string[];
  hasInboundSecret: boolean;
  keyId: string;
  integrationUser: { id: string | null; email: string | null };
  rateLimitPerMinute: number;
  categoryMapping: { categoryId: string; value: string }[];
  writeSuggestionsAsNote: boolean;
  inboundPath: string;
  createdAt: string;
}

export interface ConnectionList {
  items: Connection[];
  kinds: string[];
}

export type ConnectionTest =
  | { ok: true; message: string; integrationUserMatches: boolean | null }
  | { ok: false; message: string; httpStatus: number | null };

export interface Delivery {
  id: string;
  deliveryId: string;
  status: 'received' | 'processed' | 'ignored' | 'rejected' | 'failed';
  reason: string | null;
  outcomes: { result?: string; type?: string; why?: string }[];
  receivedAt: string;
  rawBody: string | null;
}

export interface WriteBack {
  id: string;
  orderingKey: string;
  status: 'pending' | 'delivering' | 'delivered' | 'dead';
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface BackfillRun {
  id: string;
  status: 'queued' | 'running' | 'paused' | 'failed' | 'done' | 'cancelled';
  since: string;
  requestedBy: string;
  pages: number;
  counts: {
    read: number;
    imported: number;
    unchanged: number;
    labelled: number;
    aiProvenance: number;
    uncategorised: number;
    unmapped: number;
    rejected: number;
  };
  total: number | null;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
  finishedAt: string | null;
}
