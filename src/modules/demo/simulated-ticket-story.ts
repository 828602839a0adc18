import { randomUUID } from 'node:crypto';
import { type Actor, aiActor, type NewEvent, systemActor } from '../../platform/events/index.js';
import { type DecisionPolicy, decideAction } from '../decisions/index.js';
import type { LabelKind, LabelReasonCode, TicketPrediction } from '../learning/index.js';
import { dueAt, sampledForSecondReview } from '../review/index.js';
import type { TicketStage } from '../rollout/index.js';
import { ticketContentHash } from '../tickets/index.js';
import {
  type AgentAction,
  agentAction,
  type HandlingKind,
  handlingMinutes,
  type ItemSituation,
  waitMinutes,
} from './agent-behaviour.js';
import type { Rng } from './prng.js';
import { WEEKS_SOURCE, weeksExternalId, weeksTicket } from './simulate-ticket-work.js';
import { agentActor, type SimulatedAgent } from './simulated-agents.js';
import { type AssignmentRow, simulatedAssignments } from './simulated-reassignments.js';

// One simulated ticket's life as the rows the product writes for it: intake (ticket.received),
// the champion's prediction and the decision under the stage of the assignee's cohort × the
// predicted category, the review item the decision opens, the agent's claim and resolution (the
// handling time) with its label, a sampled blind second review, or — for a category applied
// automatically and wrong — the agent's change in the helpdesk. The same columns and event
// payloads as receiveTicket → decideTicket → openReviewItem → claimItem → resolveItem →
// recordLabel; simulate-rollout-weeks.test.ts compares the two paths row for row.

const MINUTE = 60_000;
export const demoFeedActor = systemActor('Demo feed');
const sampler = systemActor('Second-review sample');

/** What a simulated day knows once, for all its tickets. */
export interface StoryWorld {
  workspaceId: string;
  predict: ((input: { subject: string; body: string }) => TicketPrediction) | null;
  policy: DecisionPolicy;
  stageOf: (agent: SimulatedAgent, categoryId: string | null) => TicketStage;
  queueOf: (categoryId: string | null) => { id: string; slaMinutes: number };
  secondReviewShare: number;
  /** Category key → id. */
  categoryIds: Map<string, string>;
  /** Nothing happens at or after this instant: it is the present, which the live demo continues. */
  until: number;
}

export interface TicketRow {
  id: string;
  externalId: string;
  subject: string;
  body: string;
  requester: string;
  channel: string;
  assignee: string;
  contentHash: string;
  externalCreatedAt: string;
  receivedAt: string;
  updatedAt: string;
  categoryId: string | null;
  categorySetBy: 'ai' | 'human' | null;
}

export interface ItemRow {
  id: string;
  ticketId: string;
  decisionId: string;
  status: 'open' | 'resolved';
  reason: string;
  kind: 'first' | 'second';
  firstItemId: string | null;
  queueId: string;
  dueAt: string;
  createdAt: string;
  claimedBy: string | null;
  claimedAt: string | null;
  resolution: 'accepted' | 'corrected' | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolvedCategoryId: string | null;
}

export interface LabelRow {
  id: string;
  ticketId: string;
  categoryId: string;
  previousCategoryId: string | null;
  kind: LabelKind;
  reasonCode: LabelReasonCode;
  actorType: Actor['type'];
  actorId: string;
  createdAt: string;
}

export interface TicketStory {
  ticket: TicketRow;
  prediction: Record<string, unknown> | null;
  decision: Record<string, unknown>;
  items: ItemRow[];
  labels: LabelRow[];
  /** The assignee at arrival and any re-assignments (hops) since. */
  assignments: AssignmentRow[];
  /** label.recorded events are added once the labels' sequence numbers are known. */
  events: NewEvent[];
  /** The assignee, who gives the ticket's labels. */
  agent: Actor;
  outcome: 'applied' | 'suggested' | 'needs_review';
  action: AgentAction | 'helpdesk_change' | 'dispute' | null;
  /** A dispute the agent raises about a wrong automatic category (through the disputes module). */
  dispute?: { at: number; categoryId: string; reason: string };
}

const DISPUTE_REASONS = [
  'The customer is asking about something else entirely; this category sends it to the wrong team.',
  'Read past the first line: the real problem is in the second paragraph.',
  'We agreed in the team meeting that tickets like this belong elsewhere.',
];

export function simulatedTicketStory(
  world: StoryWorld,
  rng: Rng,
  sequence: number,
  arrival: number,
  agent: SimulatedAgent,
): TicketStory {
  const generated = weeksTicket(sequence);
  const at = new Date(arrival);
  const iso = at.toISOString();
  const { workspaceId } = world;
  const input = {
    source: WEEKS_SOURCE,
    externalId: weeksExternalId(sequence),
    subject: generated.subject,
    body: generated.body,
    requester: generated.requester,
    channel: generated.channel,
    assignee: agent.email,
    createdAt: iso,
  };
  const ticket: TicketRow = {
    id: randomUUID(),
    externalId: input.externalId,
    subject: input.subject,
    body: input.body,
    requester: input.requester,
    channel: input.channel,
    assignee: input.assignee,
    contentHash: ticketContentHash(input),
    externalCreatedAt: iso,
    receivedAt: iso,
    updatedAt: iso,
    categoryId: null,
    categorySetBy: null,
  };
  const event = (
    actor: Actor,
    action: string,
    occurredAt: Date,
    payload: Record<string, unknown>,
  ): NewEvent => ({
    workspaceId,
    actor,
    action,
    subjectType: 'ticket',
    subjectId: ticket.id,
    payload,
    occurredAt,
  });
  const events: NewEvent[] = [
    event(demoFeedActor, 'ticket.received', at, {
      source: WEEKS_SOURCE,
      externalId: input.externalId,
      channel: input.channel,
    }),
  ];
  const prediction = world.predict?.(input) ?? null;
  const rollout = world.stageOf(agent, prediction?.ranked[0]?.categoryId ?? null);
  const decision = decideAction(prediction, world.policy, rollout.stage);
  const actor = prediction ? aiActor(prediction.modelVersion) : systemActor('Triage decision policy');
  let predictionRow: Record<string, unknown> | null = null;
  if (prediction && rollout.stage !== 'off') {
    const top = prediction.ranked[0];
    const ranked = prediction.ranked.slice(0, 5).map((r) => ({
      categoryId: r.categoryId,
      name: r.categoryName,
      probability: Number(r.probability.toFixed(4)),
    }));
    predictionRow = {
      id: randomUUID(),
      ticketId: ticket.id,
      modelId: prediction.modelId,
      modelVersion: prediction.modelVersion,
      categoryId: top?.categoryId ?? null,
      confidence: top?.probability ?? 0,
      ranked,
      explanation: prediction.explanation,
      createdAt: iso,
      onlineCorrections: prediction.onlineCorrections,
    };
    events.push(
      event(actor, 'prediction.made', at, {
        predictionId: predictionRow.id,
        categoryId: top?.categoryId ?? null,
        confidence: top?.probability ?? 0,
        ranked,
        onlineCorrections: prediction.onlineCorrections,
      }),
    );
  }
  const reason = decision.outcome === 'needs_review' ? decision.reason : null;
  const decisionRow = {
    id: randomUUID(),
    ticketId: ticket.id,
    predictionId: predictionRow?.id ?? null,
    outcome: decision.outcome,
    categoryId: decision.categoryId,
    confidence: decision.confidence,
    modelVersion: decision.modelVersion,
    rule: decision.rule,
    reason,
    inputs: decision.inputs,
    createdAt: iso,
    cohortId: rollout.cohortId,
  };
  events.push(
    event(actor, 'decision.made', at, {
      decisionId: decisionRow.id,
      outcome: decision.outcome,
      categoryId: decision.categoryId,
      confidence: decision.confidence,
      rule: decision.rule,
      reason,
      inputs: decision.inputs,
      rolloutScope: rollout.scope,
    }),
  );
  const story: TicketStory = {
    ticket,
    prediction: predictionRow,
    decision: decisionRow,
    items: [],
    labels: [],
    assignments: [],
    events,
    agent: agentActor(agent),
    outcome: decision.outcome,
    action: null,
  };
  const trueId = world.categoryIds.get(generated.category)!;
  story.assignments = simulatedAssignments({
    sequence,
    ticketId: ticket.id,
    arrival,
    agentEmail: agent.email,
    shownCategoryId: decision.outcome === 'needs_review' ? null : decision.categoryId,
    trueCategoryId: trueId,
    until: world.until,
  });
  const startAt = arrival + waitMinutes(rng) * MINUTE;
  const label = (categoryId: string, kind: LabelKind, reasonCode: LabelReasonCode, when: number) => {
    const previousCategoryId = ticket.categoryId ?? decision.categoryId;
    story.labels.push({
      id: randomUUID(),
      ticketId: ticket.id,
      categoryId,
      previousCategoryId,
      kind,
      reasonCode,
      actorType: 'user',
      actorId: agent.userId,
      createdAt: new Date(when).toISOString(),
    });
    Object.assign(ticket, { categoryId, categorySetBy: 'human', updatedAt: new Date(when).toISOString() });
  };
  if (decision.outcome === 'applied') {
    Object.assign(ticket, { categoryId: decision.categoryId, categorySetBy: 'ai' });
    // Right: nothing to do. Wrong: most people fix it where they work, in the helpdesk; some
    // dispute it so that the category's owner rules; a few let it pass.
    if (decision.categoryId === trueId) {
      // Now and then someone disagrees with a right one too; the owner will uphold it.
      const disputedAt = startAt + handlingMinutes(rng, 'correct', agent.pace) * MINUTE;
      if (!rng.chance(0.025) || disputedAt >= world.until) return story;
      const other = rng.pick([...world.categoryIds.values()].filter((id) => id !== trueId));
      story.action = 'dispute';
      story.dispute = { at: disputedAt, categoryId: other, reason: rng.pick(DISPUTE_REASONS) };
      return story;
    }
    const reaction = rng.weighted(['helpdesk_change', 'dispute', 'none'] as const, [0.6, 0.25, 0.15]);
    const changedAt = startAt + handlingMinutes(rng, 'correct', agent.pace) * MINUTE;
    if (reaction === 'none' || changedAt >= world.until) return story;
    story.action = reaction;
    if (reaction === 'dispute')
      story.dispute = { at: changedAt, categoryId: trueId, reason: rng.pick(DISPUTE_REASONS) };
    else label(trueId, 'helpdesk', 'helpdesk_change', changedAt);
    return story;
  }
  const queue = world.queueOf(decision.categoryId);
  const openItem = (openedAt: Date, reason: string, firstItemId: string | null): ItemRow => ({
    id: randomUUID(),
    ticketId: ticket.id,
    decisionId: decisionRow.id,
    status: 'open',
    reason,
    kind: firstItemId ? 'second' : 'first',
    firstItemId,
    queueId: queue.id,
    dueAt: dueAt(openedAt, queue.slaMinutes).toISOString(),
    createdAt: openedAt.toISOString(),
    claimedBy: null,
    claimedAt: null,
    resolution: null,
    resolvedBy: null,
    resolvedAt: null,
    resolvedCategoryId: null,
  });
  const item = openItem(at, decision.outcome === 'suggested' ? 'suggestion' : decision.reason, null);
  story.items.push(item);
  events.push(
    event(actor, 'review.opened', at, {
      reviewItemId: item.id,
      reason: item.reason,
      queueId: queue.id,
      dueAt: item.dueAt,
    }),
  );
  // What the item proposes (the decision's category), as resolveItem reads it.
  const proposed = decision.categoryId;
  const situation: ItemSituation =
    !proposed || decision.outcome !== 'suggested'
      ? 'no_suggestion'
      : proposed === trueId
        ? 'right_suggestion'
        : 'wrong_suggestion';
  const action = agentAction(rng, situation);
  const kind: HandlingKind =
    agent.group === 'control'
      ? 'control'
      : action === 'accept'
        ? 'confirm'
        : situation === 'no_suggestion'
          ? 'from_scratch'
          : 'correct';
  const resolvedAt = startAt + handlingMinutes(rng, kind, agent.pace) * MINUTE;
  // Ignored, or still being worked on now: the item stays open for the leads or the live demo.
  if (action === 'ignore' || resolvedAt >= world.until) {
    story.action = action === 'ignore' ? action : null;
    return story;
  }
  story.action = action;
  const categoryId =
    action === 'accept' && proposed
      ? proposed
      : action === 'wrong_category'
        ? rng.pick([...world.categoryIds.values()].filter((id) => id !== trueId))
        : trueId;
  const resolution = categoryId === proposed ? 'accepted' : 'corrected';
  Object.assign(item, { claimedBy: agent.userId, claimedAt: new Date(startAt).toISOString() });
  events.push(
    event(agentActor(agent), 'review.claimed', new Date(startAt), {
      reviewItemId: item.id,
      queueId: queue.id,
      kind: 'first',
    }),
  );
  if (resolution === 'accepted') label(categoryId, 'accept', 'accepted_suggestion', resolvedAt);
  else label(categoryId, 'correct', proposed ? 'corrected_prediction' : 'corrected_category', resolvedAt);
  const resolvedIso = new Date(resolvedAt).toISOString();
  Object.assign(item, {
    status: 'resolved',
    resolution,
    resolvedBy: agent.userId,
    resolvedAt: resolvedIso,
    resolvedCategoryId: categoryId,
  });
  events.push(
    event(agentActor(agent), 'review.resolved', new Date(resolvedAt), {
      reviewItemId: item.id,
      queueId: queue.id,
      resolution,
      categoryId,
      proposedCategoryId: proposed,
    }),
  );
  if (sampledForSecondReview(item.id, world.secondReviewShare)) {
    const second = openItem(new Date(resolvedAt), 'second_review', item.id);
    story.items.push(second);
    events.push(
      event(sampler, 'second_review.opened', new Date(resolvedAt), {
        reviewItemId: second.id,
        firstItemId: item.id,
        queueId: queue.id,
        dueAt: second.dueAt,
        share: world.secondReviewShare,
      }),
    );
  }
  return story;
}
