export { receiveTicket, type TicketDeps, ticketContentHash } from './receive-ticket.js';
export { type ActivityKey, addTicketActivity, type CommentInput, updateTicket } from './ticket-activity.js';
export { getTicketView, listTickets, type TicketFilters, ticketHistory } from './ticket-read-model.js';
export type { CategoryRef, HistoryEntry, NewTicket, TicketChanges, TicketView } from './ticket-types.js';
export { ticketsRoutes } from './tickets-routes.js';
