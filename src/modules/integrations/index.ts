// Helpdesk integrations: connections, the connector contract, signed inbound webhooks, and
// write-back through the outbox. Other modules import only from here.

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
  type HelpdeskHttp,
  HelpdeskHttpError,
  type HelpdeskRequest,
  type HelpdeskResponse,
  helpdeskHttp,
} from './helpdesk-http.js';
export {
  categoryOfValue,
  effectMarker,
  explanationNote,
  helpdeskValueOf,
  noteMarkerLine,
  planStandardWriteBack,
} from './write-back-plan.js';
