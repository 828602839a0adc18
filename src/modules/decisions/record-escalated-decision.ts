import { json, maybeOne, type Sql } from '../../platform/db/database.js';
import { type Actor, appendEvent } from '../../platform/events/index.js';

/** Why a ticket was escalated: its review waited past its deadline, or an effect about it died. */
export type EscalationReason = 'overdue' | 'dead_letter';

export interface EscalatedDecisionInput {
  workspaceId: string;
  ticketId: string;
  /** The decision the escalation follows; its prediction, category and confidence carry over. */
  previousDecisionId: string;
  reason: EscalationReason;
  /** The sentence that says what happened and who owns it now. */
  rule: string;
  inputs: Record<string, unknown>;
  actor: Actor;
  at: Date;
}

/**
 * Records that a ticket's outcome is now `escalated`: a decision row that keeps the previous
 * decision's prediction and category (the AI's view has not changed; who must act has) and its
 * `decision.made` event, in the caller's transaction. The ticket's latest decision then says
 * escalated, with the owner in its rule. Returns the new decision's id, or null when the
 * previous decision does not exist in this workspace.
 */
export async function recordEscalatedDecision(
  tx: Sql,
  input: EscalatedDecisionInput,
): Promise<string | null> {
  const previous = await maybeOne<{
    predictionId: string | null;
    categoryId: string | null;
    confidence: number | null;
    modelVersion: number | null;
  }>(
    tx,
    `SELECT prediction_id AS "predictionId", category_id AS "categoryId", confidence,
            model_version AS "modelVersion"
       FROM decisions WHERE id = $1 AND workspace_id = $2 AND ticket_id = $3`,
    [input.previousDecisionId, input.workspaceId, input.ticketId],
  );
  if (!previous) return null;
  const inputs = { ...input.inputs, previousDecisionId: input.previousDecisionId };
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO decisions (workspace_id, ticket_id, prediction_id, outcome, category_id, confidence, model_version,
       rule, reason, inputs, created_at)
     VALUES ($1, $2, $3, 'escalated', $4, $5, $6, $7, $8, $9::jsonb, $10) RETURNING id`,
    [
      input.workspaceId,
      input.ticketId,
      previous.predictionId,
      previous.categoryId,
      previous.confidence,
      previous.modelVersion,
      input.rule,
      input.reason,
      json(inputs),
      input.at,
    ],
  );
  const decisionId = row!.id;
  await appendEvent(tx, {
    workspaceId: input.workspaceId,
    actor: input.actor,
    action: 'decision.made',
    subjectType: 'ticket',
    subjectId: input.ticketId,
    payload: {
      decisionId,
      outcome: 'escalated',
      categoryId: previous.categoryId,
      confidence: previous.confidence,
      rule: input.rule,
      reason: input.reason,
      inputs,
    },
    occurredAt: input.at,
  });
  return decisionId;
}
