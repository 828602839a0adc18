import type { z } from 'zod';
import type { HelpdeskHttp } from './helpdesk-http.js';

// The connector contract: everything that differs between helpdesks lives behind this
// interface, one folder per helpdesk (src/modules/integrations/<kind>/). Everything that is
// the same — storing connections and their encrypted credentials, authenticating the inbound
// route, keeping raw deliveries, turning events into tickets and labels, recognising echoes,
// the outbox with its rate limits, ordering and marker checks — is the platform's, so a new
// helpdesk is one module plus its tests.

/** A connection as a connector sees it: credentials and the inbound secret are decrypted. */
export interface ConnectionView {
  id: string;
  workspaceId: string;
  kind: string;
  name: string;
  /** The helpdesk's API root, without a trailing slash (e.g. https://acme.zendesk.com). */
  baseUrl: string;
  /** Parsed with the connector's `credentialsSchema`. */
  credentials: Record<string, string>;
  /** The shared secret inbound deliveries are signed with; null if the helpdesk signs nothing. */
  inboundSecret: string | null;
  /** Who Triage writes as in the helpdesk: its events are echoes, never labels. */
  integrationUser: { id: string | null; email: string | null };
  /** Triage category ↔ the helpdesk value that stands for it (a field value, a tag, a label). */
  categoryMapping: readonly CategoryMapping[];
  /** Write a suggestion (not only an applied category) as an internal note. */
  writeSuggestionsAsNote: boolean;
  /** Parsed with the connector's `settingsSchema` (e.g. the id of the category field). */
  settings: Record<string, unknown>;
}

export interface CategoryMapping {
  categoryId: string;
  /** The helpdesk's value for it, compared case-insensitively when events come in. */
  value: string;
}

/** One inbound HTTP request exactly as it arrived: the signature covers the raw bytes. */
export interface InboundRequest {
  rawBody: Buffer;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  receivedAt: Date;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Who did something in the helpdesk. */
export interface HelpdeskActor {
  id: string | null;
  email: string | null;
  name: string | null;
  /** The connection's own integration user, i.e. Triage's own write coming back (an echo). */
  isIntegration: boolean;
}

/** A ticket as the helpdesk describes it, in the helpdesk's terms but normalised. */
export interface ExternalTicket {
  externalId: string;
  subject: string;
  body: string;
  requesterEmail: string | null;
  assigneeEmail: string | null;
  createdAt: string | null;
  /** Anything else worth keeping on the Triage ticket (custom fields, tags, labels, group). */
  fields: Record<string, unknown>;
}

interface EventBase {
  /** Stable per change: a retry of the same change carries the same id (ticket activity key). */
  eventId: string;
  externalId: string;
  actor: HelpdeskActor;
  occurredAt: string | null;
}

/** What a delivery says happened. Anything else a connector leaves out (it is kept raw). */
export type InboundEvent =
  | (EventBase & { type: 'ticket_created'; ticket: ExternalTicket })
  | (EventBase & {
      type: 'ticket_updated';
      changes: { subject?: string; body?: string; assigneeEmail?: string | null };
    })
  | (EventBase & { type: 'ticket_commented'; comment: { body: string; isPublic: boolean } })
  | (EventBase & {
      type: 'category_changed';
      /** The helpdesk value now set (field value, tag or label); null when cleared. */
      value: string | null;
      previousValue: string | null;
    });

export type TicketCreatedEvent = Extract<InboundEvent, { type: 'ticket_created' }>;

export type ParseResult =
  | {
      ok: true;
      /** The helpdesk's id for this delivery: a redelivery with the same id is stored once. */
      deliveryId: string;
      events: InboundEvent[];
    }
  | { ok: false; reason: string };

/** The fields of a Triage ticket (the platform sets `source` to the connection's source key). */
export interface TicketFields {
  externalId: string;
  subject: string;
  body: string;
  requester?: string;
  assignee?: string;
  channel?: string;
  createdAt?: string;
  customFields?: Record<string, unknown>;
}

/** What Triage decided about a ticket, as write-back planning sees it. */
export interface WriteBackInput {
  ticket: { id: string; externalId: string };
  decision: {
    id: string;
    outcome: 'applied' | 'suggested' | 'needs_review';
    categoryId: string | null;
    categoryName: string | null;
    confidence: number | null;
    modelVersion: number | null;
    rule: string;
    /**
     * Set when a person chose the category in Triage (a review's answer, a dispute's ruling):
     * their name, and the decision id is the label's. The write-back then says who set it.
     */
    setBy?: { name: string; how: string } | null;
  };
  /** The terms that drove the prediction, for the explanation note. */
  explanationTerms: readonly string[];
}

/** One change on the helpdesk. Connectors say how each is carried out. */
export type WriteBackAction =
  | { type: 'set_category'; value: string }
  | { type: 'add_tags'; tags: string[] }
  | { type: 'set_group'; group: string }
  | { type: 'set_assignee'; assignee: string }
  | { type: 'add_note'; body: string };

export interface PlannedEffect {
  action: WriteBackAction;
  /**
   * Deterministic (the same decision plans the same markers): the effect's idempotency key
   * and what `inspect` looks for on the remote, so a retry never doubles a note or a tag.
   */
  marker: string;
}

/** What an executor is given: one planned effect for one ticket on one connection. */
export interface EffectContext {
  connection: ConnectionView;
  externalId: string;
  effect: PlannedEffect;
  http: HelpdeskHttp;
}

/** What the remote looks like before a write. */
export interface RemoteState {
  /** The effect is already there (its marker, value, tags or note found): nothing to write. */
  applied: boolean;
  /**
   * For `set_category`: the helpdesk value that now stands for the category (null: none). The
   * platform compares it with what Triage last wrote and never overwrites a person's value.
   */
  categoryValue?: string | null;
}

/** One past ticket as backfill reads it: its content and the category it ended with. */
export interface PastTicket {
  ticket: ExternalTicket;
  /** The helpdesk value that stands for the category now (field value, tag, label); null: none. */
  categoryValue: string | null;
  /** Who last set that value, when the helpdesk says (the platform checks it against the integration user). */
  categorySetBy: HelpdeskActor | null;
  /**
   * The connector can tell Triage itself set the category (its integration user, its marker): AI
   * provenance, kept on the ticket but never a training label.
   */
  setByTriage: boolean;
}

export interface PastTicketsPage {
  tickets: PastTicket[];
  /** Opaque; passed back to read the next page. null: this was the last page. */
  nextCursor: string | null;
  /** How many tickets the whole backfill covers, when the helpdesk says (for progress); null: unknown. */
  total: number | null;
}

export interface PastTicketsRequest {
  connection: ConnectionView;
  http: HelpdeskHttp;
  /** Tickets created (or updated, where the helpdesk only filters by that) at or after this instant. */
  since: Date;
  /** null for the first page, then the previous page's `nextCursor`. */
  cursor: string | null;
  /** A hint: helpdesks cap it themselves. */
  pageSize: number;
}

export interface Connector {
  /** The connection kind, e.g. 'generic', 'github', 'zendesk' (lower-case, [a-z0-9_]). */
  kind: string;
  displayName: string;
  /** Checked when a connection is created or updated; stored encrypted. */
  credentialsSchema: z.ZodType<Record<string, string>>;
  /** Connector-specific settings (e.g. the category field's id); stored as given. */
  settingsSchema: z.ZodType<Record<string, unknown>>;
  /** Whether deliveries must be signed (the connection then needs an inbound secret). */
  requiresInboundSecret: boolean;

  /** Authenticates a delivery: signature or shared secret, compared in constant time. */
  verifyInbound(request: InboundRequest, connection: ConnectionView): VerifyResult;
  /** Reads a verified delivery. Never throws for bad input: returns { ok: false, reason }. */
  parseInbound(request: InboundRequest, connection: ConnectionView): ParseResult;
  /** Maps a created ticket to Triage's ticket fields. */
  toTicket(event: TicketCreatedEvent, connection: ConnectionView): TicketFields;
  /** The ordered effects that write a decision back; `planStandardWriteBack` fits most helpdesks. */
  planWriteBack(input: WriteBackInput, connection: ConnectionView): PlannedEffect[];
  /** Reads the remote ticket: is the effect already there? (Throw HelpdeskHttpError on failure.) */
  inspect(context: EffectContext): Promise<RemoteState>;
  /** Writes the effect (only called when `inspect` found it missing and no person's value is in the way). */
  apply(context: EffectContext): Promise<void>;
  /**
   * Backfill: the helpdesk's past tickets since a date, one page at a time, in a stable order
   * so a cursor resumes where a stopped run left off. Optional: a connector without it cannot
   * backfill. Throw HelpdeskHttpError on failure (the platform retries, honouring Retry-After).
   */
  listPastTickets?(request: PastTicketsRequest): Promise<PastTicketsPage>;
  /** Calls the remote with the credentials: who are we there? */
  testConnection(context: { connection: ConnectionView; http: HelpdeskHttp }): Promise<{
    identity: { id: string | null; email: string | null; name: string | null };
  }>;
}
