import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne, one, type Sql } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { actorName, aiActor, appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { requireLiveCategory } from '../categories/index.js';
import {
  type ChampionCache,
  type LabelHook,
  type LabelLearning,
  latestLabelOf,
  learningOfLabel,
  recordLabel,
} from '../learning/index.js';
import { type DisputeViewer, getDispute } from './dispute-read-model.js';
import type { DisputeView, RaiseDisputeInput, RuleDisputeInput } from './dispute-schemas.js';
import { rulingRight } from './ruling-right.js';

// A dispute says "this decision is wrong" about a ticket's current category, whoever set it.
// The disputed category's owner rules; the ruling is a label like an accept or a correction,
// so the next model learns from it, and both parties find the outcome in their lists and in
// the ticket's history.

export interface DisputeDeps {
  db: Database;
  clock: Clock;
  /** When given, a ruling's answer says whether the champion learned it at once. */
  champions?: ChampionCache;
  /** In the ruling's transaction, after its label is recorded (helpdesk write-back). */
  afterLabel?: LabelHook;
}

/** The caller of a dispute use case: a person, and whether they may rule where no owner can. */
export type DisputeCaller = RequestContext & DisputeViewer;

/** Who set the disputed category, as stored on the dispute and in its events. */
interface DisputedParty {
  actorType: 'ai' | 'user' | 'api_key' | 'system';
  actorId: string | null;
  actorName: string;
  modelVersion: number | null;
  decisionId: string | null;
  labelId: string | null;
}

function personOf(caller: DisputeCaller): string {
  if (!caller.userId) {
    throw new AppError(
      'forbidden',
      'Disputes are raised, ruled and withdrawn by people: log in rather than use an API key.',
    );
  }
  return caller.userId;
}

/** The AI's applying decision, or the person (or import) behind the latest label. */
async function disputedParty(
  tx: Sql,
  workspaceId: string,
  ticket: { id: string; categoryId: string; setBy: 'ai' | 'human' },
): Promise<DisputedParty> {
  if (ticket.setBy === 'ai') {
    const decision = await maybeOne<{ id: string; modelVersion: number | null }>(
      tx,
      `SELECT id, model_version AS "modelVersion" FROM decisions
        WHERE ticket_id = $1 AND outcome = 'applied' AND category_id = $2
        ORDER BY created_at DESC, id DESC LIMIT 1`,
      [ticket.id, ticket.categoryId],
    );
    if (decision?.modelVersion == null) {
      throw new Error(
        `Ticket ${ticket.id} was set by the AI but has no applying decision with a model version`,
      );
    }
    const actor = aiActor(decision.modelVersion);
    return {
      actorType: 'ai',
      actorId: null,
      actorName: actorName(actor),
      modelVersion: decision.modelVersion,
      decisionId: decision.id,
      labelId: null,
    };
  }
  const label = await latestLabelOf(tx, ticket.id);
  if (!label) throw new Error(`Ticket ${ticket.id} was set by a person but has no label`);
  // Labels keep the actor's id only; the event that recorded the label kept the name as it was then.
  const recorded = await maybeOne<{ actorName: string }>(
    tx,
    `SELECT actor_name AS "actorName" FROM events
      WHERE workspace_id = $1 AND subject_type = 'ticket' AND subject_id = $2
        AND action = 'label.recorded' AND payload->>'labelId' = $3
      LIMIT 1`,
    [workspaceId, ticket.id, label.id],
  );
  return {
    actorType: label.actorType as DisputedParty['actorType'],
    actorId: label.actorId,
    actorName: recorded?.actorName ?? label.actorType,
    modelVersion: null,
    decisionId: null,
    labelId: label.id,
  };
}

export async function raiseDispute(
  deps: DisputeDeps,
  caller: DisputeCaller,
  ticketId: string,
  input: RaiseDisputeInput,
): Promise<DisputeView> {
  const raisedBy = personOf(caller);
  const id = await deps.db.transaction(async (tx) => {
    // The row lock keeps a concurrent label or dispute from changing what is being disputed.
    const ticket = await maybeOne<{ categoryId: string | null; setBy: 'ai' | 'human' | null }>(
      tx,
      `SELECT category_id AS "categoryId", category_set_by AS "setBy" FROM tickets
        WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [caller.workspaceId, ticketId],
    );
    if (!ticket) throw notFound('Ticket', ticketId);
    if (!ticket.categoryId || !ticket.setBy) {
      throw new AppError(
        'conflict',
        'This ticket has no category yet, so there is no decision to dispute; its review item decides it.',
      );
    }
    const open = await maybeOne<{ id: string }>(
      tx,
      `SELECT id FROM disputes WHERE ticket_id = $1 AND status = 'open'`,
      [ticketId],
    );
    if (open) {
      throw new AppError(
        'conflict',
        'This ticket already has an open dispute; it must be ruled on or withdrawn before another is raised.',
        { disputeId: open.id },
      );
    }
    const proposed = input.proposedCategory
      ? await requireLiveCategory(tx, caller.workspaceId, input.proposedCategory)
      : null;
    if (proposed?.id === ticket.categoryId) {
      throw new AppError(
        'validation_failed',
        `The ticket is already in ${proposed.name}; propose another category or none.`,
      );
    }
    const party = await disputedParty(tx, caller.workspaceId, {
      id: ticketId,
      categoryId: ticket.categoryId,
      setBy: ticket.setBy,
    });
    const { id } = await one<{ id: string }>(
      tx,
      `INSERT INTO disputes (workspace_id, ticket_id, disputed_category_id, disputed_actor_type, disputed_actor_id,
         disputed_actor_name, disputed_model_version, disputed_decision_id, disputed_label_id, raised_by, reason,
         proposed_category_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        caller.workspaceId,
        ticketId,
        ticket.categoryId,
        party.actorType,
        party.actorId,
        party.actorName,
        party.modelVersion,
        party.decisionId,
        party.labelId,
        raisedBy,
        input.reason.trim(),
        proposed?.id ?? null,
        deps.clock.now(),
      ],
    );
    await appendEvent(tx, {
      workspaceId: caller.workspaceId,
      actor: caller.actor,
      action: 'dispute.raised',
      subjectType: 'ticket',
      subjectId: ticketId,
      payload: {
        disputeId: id,
        categoryId: ticket.categoryId,
        proposedCategoryId: proposed?.id ?? null,
        reason: input.reason.trim(),
        disputed: eventParty(party),
      },
      occurredAt: deps.clock.now(),
    });
    return id;
  });
  return getDispute(deps.db, caller, id);
}

/** The disputed party in an event payload: for the AI, the model version that decided. */
function eventParty(p: Pick<DisputedParty, 'actorType' | 'actorId' | 'actorName' | 'modelVersion'>) {
  return { actorType: p.actorType, actorId: p.actorId, actorName: p.actorName, modelVersion: p.modelVersion };
}

interface LockedDispute {
  id: string;
  ticketId: string;
  status: string;
  raisedBy: string;
  disputedCategoryId: string;
  categoryName: string;
  ownerUserId: string | null;
  ownerName: string | null;
  actorType: DisputedParty['actorType'];
  actorId: string | null;
  actorName: string;
  modelVersion: number | null;
}

async function lockOpenDispute(tx: Sql, workspaceId: string, id: string): Promise<LockedDispute> {
  const dispute = await maybeOne<LockedDispute>(
    tx,
    `SELECT d.id, d.ticket_id AS "ticketId", d.status, d.raised_by AS "raisedBy",
            d.disputed_category_id AS "disputedCategoryId", c.name AS "categoryName",
            c.owner_user_id AS "ownerUserId", u.name AS "ownerName",
            d.disputed_actor_type AS "actorType", d.disputed_actor_id AS "actorId",
            d.disputed_actor_name AS "actorName", d.disputed_model_version AS "modelVersion"
       FROM disputes d
       JOIN categories c ON c.id = d.disputed_category_id
       LEFT JOIN users u ON u.id = c.owner_user_id
      WHERE d.workspace_id = $1 AND d.id = $2
      FOR UPDATE OF d`,
    [workspaceId, id],
  );
  if (!dispute) throw notFound('Dispute', id);
  if (dispute.status !== 'open') {
    throw new AppError('dispute_not_open', `This dispute was already ${dispute.status}.`);
  }
  return dispute;
}

/**
 * Rules on an open dispute: the chosen category becomes a 'dispute' label (and so the
 * ticket's category, set by a person). Choosing the disputed category upholds the decision;
 * any other overturns it.
 */
export async function ruleDispute(
  deps: DisputeDeps,
  caller: DisputeCaller,
  id: string,
  input: RuleDisputeInput,
): Promise<DisputeView & { learning: LabelLearning | null }> {
  const userId = personOf(caller);
  const labelSeq = await deps.db.transaction(async (tx) => {
    const dispute = await lockOpenDispute(tx, caller.workspaceId, id);
    const right = rulingRight({
      userId,
      raisedBy: dispute.raisedBy,
      ownerUserId: dispute.ownerUserId,
      ownerName: dispute.ownerName,
      categoryName: dispute.categoryName,
      canRuleUnowned: caller.canRuleUnowned,
    });
    if (!right.allowed) throw new AppError('forbidden', right.reason);
    const ruling = await requireLiveCategory(tx, caller.workspaceId, input.category);
    const outcome = ruling.id === dispute.disputedCategoryId ? 'upheld' : 'overturned';
    const label = await recordLabel(tx, deps.clock, caller, {
      ticketId: dispute.ticketId,
      categoryId: ruling.id,
      kind: 'dispute',
      reasonCode: outcome === 'upheld' ? 'dispute_upheld' : 'dispute_overturned',
    });
    await deps.afterLabel?.(tx, { workspaceId: caller.workspaceId, label, actor: caller.actor });
    const note = input.note?.trim() || null;
    await tx.query(
      `UPDATE disputes SET status = 'ruled', outcome = $2, ruling_category_id = $3, ruling_note = $4,
         ruled_by = $5, ruled_at = $6, ruling_label_id = $7
       WHERE id = $1`,
      [id, outcome, ruling.id, note, userId, deps.clock.now(), label.id],
    );
    await appendEvent(tx, {
      workspaceId: caller.workspaceId,
      actor: caller.actor,
      action: 'dispute.ruled',
      subjectType: 'ticket',
      subjectId: dispute.ticketId,
      payload: {
        disputeId: id,
        outcome,
        categoryId: ruling.id,
        disputedCategoryId: dispute.disputedCategoryId,
        note,
        labelId: label.id,
        ruledAs: right.as,
        raisedBy: dispute.raisedBy,
        disputed: eventParty(dispute),
      },
      occurredAt: deps.clock.now(),
    });
    return label.seq;
  });
  const champion = deps.champions ? await deps.champions.champion(deps.db, caller.workspaceId) : undefined;
  return {
    ...(await getDispute(deps.db, caller, id)),
    learning: champion === undefined ? null : learningOfLabel(champion, labelSeq),
  };
}

/** The raiser takes an open dispute back; nothing about the ticket changes. */
export async function withdrawDispute(
  deps: DisputeDeps,
  caller: DisputeCaller,
  id: string,
): Promise<DisputeView> {
  const userId = personOf(caller);
  await deps.db.transaction(async (tx) => {
    const dispute = await lockOpenDispute(tx, caller.workspaceId, id);
    if (dispute.raisedBy !== userId) {
      throw new AppError('forbidden', 'Only the person who raised a dispute can withdraw it.');
    }
    await tx.query(`UPDATE disputes SET status = 'withdrawn', withdrawn_at = $2 WHERE id = $1`, [
      id,
      deps.clock.now(),
    ]);
    await appendEvent(tx, {
      workspaceId: caller.workspaceId,
      actor: caller.actor,
      action: 'dispute.withdrawn',
      subjectType: 'ticket',
      subjectId: dispute.ticketId,
      payload: {
        disputeId: id,
        disputedCategoryId: dispute.disputedCategoryId,
        disputed: eventParty(dispute),
      },
      occurredAt: deps.clock.now(),
    });
  });
  return getDispute(deps.db, caller, id);
}
