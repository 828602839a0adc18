import type { Clock } from '../../platform/clock.js';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import { maybeOne, type Sql } from '../../platform/db/database.js';
import { enqueueEffect } from '../../platform/outbox/index.js';
import type { DecidedTicket, DecisionHook } from '../decisions/index.js';
import { connectionForUse, connectionIdOfSource } from './connection-store.js';
import type { PlannedEffect } from './connector.js';
import { connectorOf } from './connector-registry.js';

/** The outbox kind of one write-back effect on a helpdesk ticket. */
export const HELPDESK_WRITEBACK = 'helpdesk.writeback';

export interface WriteBackPayload {
  connectionId: string;
  ticketId: string;
  externalId: string;
  effect: PlannedEffect;
  [key: string]: unknown;
}

/** One connection's effects share this ordering key: a ticket's writes go out in order. */
export const writeBackOrderingKey = (connectionId: string, ticketId: string) =>
  `helpdesk:${connectionId}:${ticketId}`;

/**
 * The decision hook: when the decided ticket came from a helpdesk connection, the
 * connector plans the write-back and each effect is enqueued in the decision's transaction,
 * ordered per ticket, keyed by its marker, under the connection's rate limit.
 */
export function enqueueWriteBack(deps: { secrets: () => SecretBox; clock: Clock }): DecisionHook {
  return async (tx: Sql, decided: DecidedTicket) => {
    const ticket = await maybeOne<{ source: string; externalId: string; categoryName: string | null }>(
      tx,
      `SELECT t.source, t.external_id AS "externalId",
              (SELECT name FROM categories c WHERE c.id = $3) AS "categoryName"
         FROM tickets t WHERE t.workspace_id = $1 AND t.id = $2`,
      [decided.workspaceId, decided.ticketId, decided.decision.categoryId],
    );
    const connectionId = ticket && connectionIdOfSource(ticket.source);
    if (!ticket || !connectionId) return;
    const found = await connectionForUse(tx, deps.secrets(), connectionId, decided.workspaceId);
    if (!found) return;
    const { view, rateLimitPerMinute } = found;
    const { decision } = decided;
    const effects = connectorOf(view.kind).planWriteBack(
      {
        ticket: { id: decided.ticketId, externalId: ticket.externalId },
        decision: {
          id: decided.decisionId,
          outcome: decision.outcome,
          categoryId: decision.categoryId,
          categoryName: ticket.categoryName,
          confidence: decision.confidence,
          modelVersion: decision.modelVersion,
          rule: decision.rule,
        },
        explanationTerms: decided.explanationTerms,
      },
      view,
    );
    const now = deps.clock.now();
    for (const effect of effects) {
      const payload: WriteBackPayload = {
        connectionId,
        ticketId: decided.ticketId,
        externalId: ticket.externalId,
        effect,
      };
      await enqueueEffect(tx, {
        workspaceId: decided.workspaceId,
        kind: HELPDESK_WRITEBACK,
        orderingKey: writeBackOrderingKey(connectionId, decided.ticketId),
        idempotencyKey: `${HELPDESK_WRITEBACK}:${effect.marker}`,
        payload,
        enqueuedAt: now,
        throttle: { key: `connection:${connectionId}`, minIntervalMs: 60_000 / rateLimitPerMinute },
      });
    }
  };
}
