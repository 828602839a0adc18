export * from './decide-action.js';
export { type DecideTicketDeps, decideTicket } from './decide-ticket.js';
