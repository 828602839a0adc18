// Helpdesk integrations: connections, the connector contract, signed inbound webhooks, and
// write-back through the outbox. Other modules import only from here.

export {
  BACKFILL_MAX_ATTEMPTS,
  type BackfillRunView,
  type BackfillTick,
  backfillRunViewSchema,
  changeBackfill,
  getBackfillRun,
  runDueBackfills,
  startBackfill,
} from './backfill/index.js';
export {
  type Connection,
  connectionIdOfSource,
  inboundPathOf,
  listConnections,
  ticketSourceOf,
} from './connection-store.js';
export { type IntegrationDeps, testConnection } from './connections-service.js';
export type {
  CategoryMapping,
  ConnectionView,
  Connector,
  EffectContext,
  ExternalTicket,
  HelpdeskActor,
  InboundEvent,
  InboundRequest,
  ParseResult,
  PastTicket,
  PastTicketsPage,
  PastTicketsRequest,
  PlannedEffect,
  RemoteState,
  TicketCreatedEvent,
  TicketFields,
  VerifyResult,
  WriteBackAction,
  WriteBackInput,
} from './connector.js';
export { connectorKinds, connectorOf } from './connector-registry.js';
export {
  enqueueLabelWriteBack,
  enqueueWriteBack,
  HELPDESK_WRITEBACK,
  type WriteBackPayload,
} from './enqueue-write-back.js';
export {
  type HelpdeskHttp,
  HelpdeskHttpError,
  type HelpdeskRequest,
  type HelpdeskResponse,
  helpdeskHttp,
} from './helpdesk-http.js';
export { integrationsRoutes } from './integrations-routes.js';
export { ECHO_WINDOW_MS, type EventOutcome } from './process-inbound-event.js';
export { type InboundDeps, receiveDelivery } from './receive-delivery.js';
export { lastWrittenCategory, writeBackHandler } from './write-back-handler.js';
export {
  categoryOfValue,
  effectMarker,
  explanationNote,
  helpdeskValueOf,
  noteMarkerLine,
  planStandardWriteBack,
} from './write-back-plan.js';
