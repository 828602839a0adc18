export { type Actor, actorId, actorName, aiActor, systemActor } from './actor.js';
export {
  appendEvent,
  appendEvents,
  type ChainVerification,
  eventColumns,
  type NewEvent,
  type StoredEvent,
  verifyEventChain,
} from './event-log.js';
