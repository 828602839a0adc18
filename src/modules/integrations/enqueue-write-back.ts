import type { Clock } from '../../platform/clock.js';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import { maybeOne, type Sql } from '../../platform/db/database.js';
import { actorName } from '../../platform/events/index.js';
import { enqueueEffect } from '../../platform/outbox/index.js';
import type { DecidedTicket, DecisionHook } from '../decisions/index.js';
import type { Label, LabelHook, LabelKind } from '../learning/index.js';
import { connectionForUse, connectionIdOfSource } from './connection-store.js';
import type { ConnectionView, PlannedEffect, WriteBackInput } from './connector.js';
import { connectorOf } from './connector-registry.js';
import { helpdeskValueOf } from './write-back-plan.js';

/** The outbox kind of one write-back effect on a helpdesk ticket. */
export const HELPDESK_WRITEBACK = 'helpdesk.writeback';

export interface WriteBackPayload {
  connectionId: string;
  ticketId: string;
  externalId: string;
  effect: PlannedEffect;
  /**
   * For a category a person chose in Triage: the helpdesk value they saw and replaced. The
   * write may replace that value (or Triage's own); any other value is a helpdesk person's
   * later word and is left alone.
   */
  supersedes?: string | null;
  [key: string]: unknown;
}

/** One connection's effects share this ordering key: a ticket's writes go out in order. */
export const writeBackOrderingKey = (connectionId: string, ticketId: string) =>
  `helpdesk:${connectionId}:${ticketId}`;

interface Deps {
  secrets: () => SecretBox;
  clock: Clock;
}

interface TicketOfConnection {
  source: string;
  externalId: string;
  categoryName: string | null;
}

/**
 * Plans the write-back of `input` for a ticket that came from a helpdesk connection and
 * enqueues each effect in the caller's transaction, ordered per ticket, keyed by its marker,
 * under the connection's rate limit. Tickets from elsewhere are left alone.
 */
async function enqueueFor(
  tx: Sql,
  deps: Deps,
  target: { workspaceId: string; ticketId: string; categoryId: string | null },
  inputOf: (ticket: TicketOfConnection) => WriteBackInput,
  extra: (connection: ConnectionView) => Partial<WriteBackPayload> = () => ({}),
): Promise<void> {
  const ticket = await maybeOne<TicketOfConnection>(
    tx,
    `SELECT t.source, t.external_id AS "externalId",
            (SELECT name FROM categories c WHERE c.id = $3) AS "categoryName"
       FROM tickets t WHERE t.workspace_id = $1 AND t.id = $2`,
    [target.workspaceId, target.ticketId, target.categoryId],
  );
  const connectionId = ticket && connectionIdOfSource(ticket.source);
  if (!ticket || !connectionId) return;
  const found = await connectionForUse(tx, deps.secrets(), connectionId, target.workspaceId);
  if (!found) return;
  const { view, rateLimitPerMinute } = found;
  const effects = connectorOf(view.kind).planWriteBack(inputOf(ticket), view);
  const now = deps.clock.now();
  for (const effect of effects) {
    const payload: WriteBackPayload = {
      connectionId,
      ticketId: target.ticketId,
      externalId: ticket.externalId,
      effect,
      ...extra(view),
    };
    await enqueueEffect(tx, {
      workspaceId: target.workspaceId,
      kind: HELPDESK_WRITEBACK,
      orderingKey: writeBackOrderingKey(connectionId, target.ticketId),
      idempotencyKey: `${HELPDESK_WRITEBACK}:${effect.marker}`,
      payload,
      enqueuedAt: now,
      throttle: { key: `connection:${connectionId}`, minIntervalMs: 60_000 / rateLimitPerMinute },
    });
  }
}

/** The decision hook: an AI decision on a helpdesk ticket is written back to it. */
export function enqueueWriteBack(deps: Deps): DecisionHook {
  return (tx: Sql, decided: DecidedTicket) => {
    const { decision } = decided;
    return enqueueFor(
      tx,
      deps,
      { workspaceId: decided.workspaceId, ticketId: decided.ticketId, categoryId: decision.categoryId },
      (ticket) => ({
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
      }),
    );
  };
}

/**
 * Labels a person gives in Triage that set a helpdesk ticket's category. A helpdesk label came
 * from there already, an import or a taxonomy map is no one's new word on the ticket, and a
 * blind second review never sets the category.
 */
const WRITTEN_BACK_LABELS: readonly LabelKind[] = ['accept', 'correct', 'dispute'];

const howOf = (label: Label): string =>
  label.kind === 'dispute' ? 'dispute ruling' : label.kind === 'accept' ? 'accepted' : 'corrected';

/**
 * The label hook: a category a person chose in Triage is written back to the helpdesk the
 * ticket came from, the same way an applied decision is, saying who set it. The value the person
 * replaced is carried along, so the write replaces it but never a helpdesk person's later change.
 */
export function enqueueLabelWriteBack(deps: Deps): LabelHook {
  return async (tx, { workspaceId, label, actor }) => {
    if (!WRITTEN_BACK_LABELS.includes(label.kind)) return;
    await enqueueFor(
      tx,
      deps,
      { workspaceId, ticketId: label.ticketId, categoryId: label.categoryId },
      (ticket) => ({
        ticket: { id: label.ticketId, externalId: ticket.externalId },
        decision: {
          id: `label:${label.id}`,
          outcome: 'applied',
          categoryId: label.categoryId,
          categoryName: ticket.categoryName,
          confidence: null,
          modelVersion: null,
          rule: 'set by a person in Triage',
          setBy: { name: actorName(actor), how: howOf(label) },
        },
        explanationTerms: [],
      }),
      (connection) => ({ supersedes: helpdeskValueOf(connection, label.previousCategoryId) }),
    );
  };
}
