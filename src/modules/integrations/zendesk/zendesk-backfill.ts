import type {
  ConnectionView,
  HelpdeskActor,
  PastTicket,
  PastTicketsPage,
  PastTicketsRequest,
} from '../connector.js';
import type { HelpdeskResponse } from '../helpdesk-http.js';
import { authorization } from './zendesk-connector.js';

// Backfill from Zendesk: the cursor-based incremental ticket export
// (https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based):
// `GET /api/v2/incremental/tickets/cursor.json?start_time=<unix seconds>` for the first page, then
// `?cursor=<after_cursor>` until `end_of_stream` is true. The export lists tickets changed since
// start_time in a stable order, so the after_cursor is a safe resume point. The category is the
// custom field's value; who set it comes from the ticket's audits
// (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/#list-audits-for-a-ticket),
// read only for tickets that have a category.

interface ExportedTicket {
  id: number;
  subject: string | null;
  description: string | null;
  status: string;
  tags: string[];
  created_at: string;
  custom_fields: Array<{ id: number; value: unknown }>;
}

interface CursorExport {
  tickets: ExportedTicket[];
  after_cursor: string | null;
  end_of_stream: boolean;
}

interface AuditPage {
  audits: Array<{ author_id: number; events: Array<{ type: string; field_name?: string }> }>;
  next_page: string | null;
}

const headersOf = (connection: ConnectionView) => ({ authorization: authorization(connection) });

/** The author of the latest audit that changed the category field, or null when none did. */
async function categoryAuthor(
  request: PastTicketsRequest,
  ticketId: number,
  fieldId: number,
): Promise<HelpdeskActor | null> {
  let author: number | null = null;
  let path: string | null = `/api/v2/tickets/${ticketId}/audits.json?per_page=100`;
  while (path !== null) {
    const answer: HelpdeskResponse<AuditPage> = await request.http.request({
      path,
      headers: headersOf(request.connection),
    });
    for (const audit of answer.body.audits) {
      if (audit.events.some((e) => e.type === 'Change' && e.field_name === String(fieldId)))
        author = audit.author_id;
    }
    path = answer.body.next_page;
  }
  if (author === null) return null;
  const own = request.connection.integrationUser.id;
  return {
    id: String(author),
    email: null,
    name: null,
    isIntegration: own !== null && own === String(author),
  };
}

export async function listZendeskPastTickets(request: PastTicketsRequest): Promise<PastTicketsPage> {
  const fieldId = Number(request.connection.settings.categoryFieldId);
  const perPage = Math.min(1000, Math.max(1, request.pageSize));
  // Zendesk refuses a start_time within the last minute; a backfill's since is always older.
  const query =
    request.cursor === null
      ? `start_time=${Math.floor(request.since.getTime() / 1000)}`
      : `cursor=${encodeURIComponent(request.cursor)}`;
  const answer = await request.http.request<CursorExport>({
    path: `/api/v2/incremental/tickets/cursor.json?${query}&per_page=${perPage}`,
    headers: headersOf(request.connection),
  });
  const tickets: PastTicket[] = [];
  // Deleted tickets stay in the export (status "deleted"): they are no history to learn from.
  for (const ticket of answer.body.tickets.filter((t) => t.status !== 'deleted')) {
    const raw = ticket.custom_fields.find((field) => field.id === fieldId)?.value;
    const categoryValue = typeof raw === 'string' && raw !== '' ? raw : null;
    const categorySetBy = categoryValue === null ? null : await categoryAuthor(request, ticket.id, fieldId);
    tickets.push({
      ticket: {
        externalId: String(ticket.id),
        subject: ticket.subject ?? '',
        body: ticket.description ?? '',
        requesterEmail: null,
        assigneeEmail: null,
        createdAt: ticket.created_at,
        fields: { tags: ticket.tags, status: ticket.status },
      },
      categoryValue,
      categorySetBy,
      setByTriage: categorySetBy?.isIntegration ?? false,
    });
  }
  return {
    tickets,
    nextCursor: answer.body.end_of_stream ? null : answer.body.after_cursor,
    total: null,
  };
}
