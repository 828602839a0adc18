import type { Clock } from '../../platform/clock.js';
import { json, one, type Sql } from '../../platform/db/database.js';
import { aiActor, appendEvent, systemActor } from '../../platform/events/index.js';
import {
  type ChallengerCache,
  type ChampionCache,
  predictTicket,
  recordShadowPrediction,
  type TicketPrediction,
} from '../learning/index.js';
import { openReviewItem, supersedeOpenReviewItem } from '../review/index.js';
import { ticketStage } from '../rollout/index.js';
import { type Decision, decideAction } from './decide-action.js';
import { decisionPolicyOf } from './decision-policy-store.js';

export interface DecideTicketDeps {
  clock: Clock;
  champions: ChampionCache;
  /** When given, a challenger model also predicts, in shadow (recorded, never acted on). */
  challengers?: ChallengerCache;
  onDecision?: (outcome: Decision['outcome']) => void;
  /**
   * Runs in the decision's transaction after it is stored: what the decision causes elsewhere
   * (a helpdesk write-back enqueued in the outbox) commits with it or not at all.
   */
  afterDecision?: DecisionHook;
}

export interface DecidedTicket {
  workspaceId: string;
  ticketId: string;
  decisionId: string;
  decision: Decision;
  /** The terms that drove the prediction (none without a model). */
  explanationTerms: string[];
}

export type DecisionHook = (tx: Sql, decided: DecidedTicket) => Promise<void>;

/**
 * What the policy would decide for a text, storing nothing (the classify endpoint and CLI).
 * Null when the workspace has no model yet.
 */
export async function previewDecision(
  sql: Sql,
  champions: ChampionCache,
  workspaceId: string,
  input: { subject: string; body: string },
): Promise<{ prediction: TicketPrediction; decision: Decision } | null> {
  const policy = await decisionPolicyOf(sql, workspaceId);
  const prediction = await predictTicket(sql, champions, workspaceId, input, policy.targetPrecision);
  return prediction ? { prediction, decision: decideAction(prediction, policy) } : null;
}

/**
 * Predicts a ticket's category with the champion model, decides what to do, and stores the
 * prediction, the decision (with the rule that fired) and its effect — the category
 * applied, or a review item opened — in the caller's transaction. The AI is the actor.
 */
export async function decideTicket(
  tx: Sql,
  deps: DecideTicketDeps,
  input: { workspaceId: string; ticketId: string; subject: string; body: string },
): Promise<Decision> {
  const policy = await decisionPolicyOf(tx, input.workspaceId);
  const prediction = await predictTicket(
    tx,
    deps.champions,
    input.workspaceId,
    input,
    policy.targetPrecision,
  );
  // The stage of the assignee's cohort for the predicted category caps what the AI may do.
  const rollout = await ticketStage(
    tx,
    input.workspaceId,
    input.ticketId,
    prediction?.ranked[0]?.categoryId ?? null,
  );
  const decision = decideAction(prediction, policy, rollout.stage);
  const actor = prediction ? aiActor(prediction.modelVersion) : systemActor('Triage decision policy');
  const now = deps.clock.now();
  let predictionId: string | null = null;
  // At the off stage the AI takes no part, so its prediction is not kept either.
  if (prediction && rollout.stage !== 'off') {
    const top = prediction.ranked[0];
    const ranked = prediction.ranked.slice(0, 5).map((r) => ({
      categoryId: r.categoryId,
      name: r.categoryName,
      probability: Number(r.probability.toFixed(4)),
    }));
    ({ id: predictionId } = await one<{ id: string }>(
      tx,
      `INSERT INTO predictions (workspace_id, ticket_id, model_id, model_version, category_id, confidence, ranked,
         explanation, created_at, online_corrections)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10) RETURNING id`,
      [
        input.workspaceId,
        input.ticketId,
        prediction.modelId,
        prediction.modelVersion,
        top?.categoryId ?? null,
        top?.probability ?? 0,
        json(ranked),
        json(prediction.explanation),
        now,
        prediction.onlineCorrections,
      ],
    ));
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      actor,
      action: 'prediction.made',
      subjectType: 'ticket',
      subjectId: input.ticketId,
      payload: {
        predictionId,
        categoryId: top?.categoryId ?? null,
        confidence: top?.probability ?? 0,
        ranked,
        onlineCorrections: prediction.onlineCorrections,
      },
      occurredAt: now,
    });
    if (deps.challengers) {
      await recordShadowPrediction(
        tx,
        { clock: deps.clock, challengers: deps.challengers },
        {
          ...input,
          championId: prediction.modelId,
          championCategoryId: top?.categoryId ?? null,
        },
      );
    }
  }
  const reason = decision.outcome === 'needs_review' ? decision.reason : null;
  const { id: decisionId } = await one<{ id: string }>(
    tx,
    `INSERT INTO decisions (workspace_id, ticket_id, prediction_id, outcome, category_id, confidence, model_version,
       rule, reason, inputs, created_at, cohort_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12) RETURNING id`,
    [
      input.workspaceId,
      input.ticketId,
      predictionId,
      decision.outcome,
      decision.categoryId,
      decision.confidence,
      decision.modelVersion,
      decision.rule,
      reason,
      json(decision.inputs),
      now,
      rollout.cohortId,
    ],
  );
  await appendEvent(tx, {
    workspaceId: input.workspaceId,
    actor,
    action: 'decision.made',
    subjectType: 'ticket',
    subjectId: input.ticketId,
    payload: {
      decisionId,
      outcome: decision.outcome,
      categoryId: decision.categoryId,
      confidence: decision.confidence,
      rule: decision.rule,
      reason,
      inputs: decision.inputs,
      rolloutScope: rollout.scope,
    },
    occurredAt: now,
  });
  switch (decision.outcome) {
    case 'applied':
      await tx.query(
        `UPDATE tickets SET category_id = $2, category_set_by = 'ai', updated_at = $3 WHERE id = $1`,
        [input.ticketId, decision.categoryId, now],
      );
      // On a re-decision, a review still open from the previous decision is no longer needed.
      await supersedeOpenReviewItem(tx, deps.clock, { ...input, actor, reason: 'the category was applied' });
      break;
    case 'suggested':
    case 'needs_review':
      // On a re-decision, a category the AI applied earlier no longer stands (a person's never
      // reaches here: see redecideTicket).
      await tx.query(
        `UPDATE tickets SET category_id = NULL, category_set_by = NULL, updated_at = $2
          WHERE id = $1 AND category_set_by = 'ai'`,
        [input.ticketId, now],
      );
      await openReviewItem(tx, deps.clock, {
        ...input,
        decisionId,
        reason: decision.outcome === 'suggested' ? 'suggestion' : decision.reason,
        actor,
      });
      break;
  }
  await deps.afterDecision?.(tx, {
    workspaceId: input.workspaceId,
    ticketId: input.ticketId,
    decisionId,
    decision,
    explanationTerms: prediction?.explanation.terms.map((t) => t.term) ?? [],
  });
  deps.onDecision?.(decision.outcome);
  return decision;
}
