import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { json, maybeOne } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { TicketDeps } from '../tickets/index.js';
import { connectionForUse } from './connection-store.js';
import type { IntegrationDeps } from './connections-service.js';
import type { InboundRequest } from './connector.js';
import { connectorOf } from './connector-registry.js';
import { type EventOutcome, processInboundEvent } from './process-inbound-event.js';

// One inbound delivery, from raw bytes to tickets and labels: authenticate (the connector's
// signature check), read, keep it raw once per delivery id, then take its events in. An
// unauthentic delivery stores nothing; an unreadable one is kept, marked rejected, for people
// to inspect; a failure while processing is kept as failed and answered 500, so the helpdesk
// delivers again and the same delivery id is processed again.

export type InboundDeps = IntegrationDeps & TicketDeps;

export interface DeliveryReceipt {
  inboundEventId: string;
  status: 'processed' | 'ignored';
  duplicate: boolean;
  outcomes: EventOutcome[];
}

/** Headers kept with the raw body: all but those that could carry a credential. */
const keptHeaders = (headers: InboundRequest['headers']) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !/authorization|cookie|token/i.test(name)));

export async function receiveDelivery(
  deps: InboundDeps,
  connectionId: string,
  request: InboundRequest,
  log: FastifyBaseLogger,
): Promise<DeliveryReceipt> {
  const found = await connectionForUse(deps.db, deps.secrets(), connectionId, null);
  if (!found) {
    log.warn({ connectionId }, 'inbound delivery refused: no such live connection');
    throw new AppError('invalid_signature', 'The delivery is not signed for a live connection.');
  }
  const connection = found.view;
  const connector = connectorOf(connection.kind);
  const verified = connector.verifyInbound(request, connection);
  if (!verified.ok) {
    log.warn({ connectionId, reason: verified.reason }, 'inbound delivery refused: bad signature');
    throw new AppError('invalid_signature', `The delivery's signature was refused: ${verified.reason}`);
  }
  const raw = request.rawBody.toString('utf8');
  const parsed = connector.parseInbound(request, connection);
  if (!parsed.ok) {
    const deliveryId = `rejected:${createHash('sha256').update(request.rawBody).digest('hex').slice(0, 32)}`;
    const row = await storeDelivery(
      deps,
      connection.workspaceId,
      connectionId,
      deliveryId,
      request,
      raw,
      'rejected',
      parsed.reason,
    );
    log.warn(
      { connectionId, inboundEventId: row.id, reason: parsed.reason },
      'inbound delivery rejected as malformed',
    );
    throw new AppError('malformed_event', `The delivery could not be read: ${parsed.reason}`, {
      inboundEventId: row.id,
    });
  }
  const row = await storeDelivery(
    deps,
    connection.workspaceId,
    connectionId,
    parsed.deliveryId,
    request,
    raw,
    'received',
    null,
  );
  if (!row.fresh && (row.status === 'processed' || row.status === 'ignored')) {
    return {
      inboundEventId: row.id,
      status: row.status,
      duplicate: true,
      outcomes: row.outcomes as EventOutcome[],
    };
  }
  const outcomes: EventOutcome[] = [];
  try {
    for (const event of parsed.events)
      outcomes.push(await processInboundEvent(deps, connector, connection, event));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await finish(deps, row.id, 'failed', reason, outcomes);
    log.error(
      { err: error, connectionId, inboundEventId: row.id },
      'inbound delivery failed while processing',
    );
    throw error instanceof AppError
      ? error
      : new AppError('internal_error', 'The delivery was kept but could not be processed; deliver it again.');
  }
  const status =
    outcomes.length === 0 || outcomes.every((o) => o.result === 'ignored') ? 'ignored' : 'processed';
  await finish(deps, row.id, status, null, outcomes);
  return { inboundEventId: row.id, status, duplicate: !row.fresh, outcomes };
}

async function storeDelivery(
  deps: InboundDeps,
  workspaceId: string,
  connectionId: string,
  deliveryId: string,
  request: InboundRequest,
  raw: string,
  status: 'received' | 'rejected',
  reason: string | null,
) {
  const inserted = await maybeOne<{ id: string }>(
    deps.db,
    `INSERT INTO inbound_events (workspace_id, connection_id, delivery_id, status, reason, raw_body, headers, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
     ON CONFLICT (connection_id, delivery_id) DO NOTHING RETURNING id`,
    [
      workspaceId,
      connectionId,
      deliveryId,
      status,
      reason,
      raw,
      json(keptHeaders(request.headers)),
      request.receivedAt,
    ],
  );
  if (inserted) return { id: inserted.id, fresh: true, status, outcomes: [] as unknown[] };
  const existing = await maybeOne<{ id: string; status: string; outcomes: unknown[] }>(
    deps.db,
    'SELECT id, status, outcomes FROM inbound_events WHERE connection_id = $1 AND delivery_id = $2',
    [connectionId, deliveryId],
  );
  return { ...existing!, fresh: false };
}

async function finish(
  deps: InboundDeps,
  id: string,
  status: 'processed' | 'ignored' | 'failed',
  reason: string | null,
  outcomes: EventOutcome[],
) {
  await deps.db.query(
    `UPDATE inbound_events SET status = $2, reason = $3, outcomes = $4::jsonb, processed_at = $5 WHERE id = $1`,
    [id, status, reason, json(outcomes), deps.clock.now()],
  );
}
