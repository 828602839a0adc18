import type { Notification } from '../notifications/index.js';
import type { EscalationLevel, Ownership } from './escalation-owner.js';

// The sentences an escalation is explained with: the rule of the `escalated` decision, the
// summary people see in lists, and the notifications. Pure, so each can be tested as text.

/** "2026-03-02 10:00 UTC": minutes are precise enough for deadlines counted in minutes. */
export function utcMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const ownerPhrase = (o: Ownership) => (o.owner ? `${o.owner.name}, ${o.reason}` : o.reason);

/** The rule of the decision that escalates an overdue review. */
export function overdueRule(dueAt: Date, ownership: Ownership): string {
  return `review item overdue since ${utcMinute(dueAt)}; escalated to ${ownerPhrase(ownership)}`;
}

export interface FailedEffect {
  kind: string;
  attempts: number;
  lastError: string;
}

/** "after 3 attempts (HTTP 500)": the error is cut, it can be a long response body. */
export function failureSummary(effect: FailedEffect): string {
  const attempts = `${effect.attempts} attempt${effect.attempts === 1 ? '' : 's'}`;
  const error = effect.lastError.length > 120 ? `${effect.lastError.slice(0, 119)}…` : effect.lastError;
  return `the ${effect.kind} effect failed after ${attempts} (${error})`;
}

/** The rule of the decision that escalates a ticket whose effect became a dead letter. */
export function deadLetterRule(effect: FailedEffect, ownership: Ownership): string {
  return `${failureSummary(effect)}; escalated to ${ownerPhrase(ownership)}`;
}

export interface EscalationSubject {
  kind: 'overdue_review' | 'dead_letter';
  queueName: string;
  ticket: { subject: string } | null;
  effect: { kind: string; attempts: number } | null;
}

const quoted = (subject: string) => `“${subject.trim() || '(no subject)'}”`;

/** What is escalated, in one line: "Overdue review of “Charged twice” in Billing". */
export function escalationSummary(s: EscalationSubject): string {
  if (s.kind === 'overdue_review') {
    return `Overdue review of ${s.ticket ? quoted(s.ticket.subject) : 'a ticket'} in ${s.queueName}`;
  }
  const effect = s.effect ? `${s.effect.kind} after ${s.effect.attempts} attempts` : 'an effect';
  return `Failed delivery of ${effect}${s.ticket ? ` for ${quoted(s.ticket.subject)}` : ''}`;
}

export interface EscalationNotice extends EscalationSubject {
  escalationId: string;
  ticketId: string | null;
  level: EscalationLevel;
  ownership: Ownership;
  /** Since when it is overdue (a review's deadline) or failing (the dead letter's time). */
  since: Date;
  dueAt: Date;
  lastError: string | null;
  occurredAt: Date;
}

/**
 * The notification of an escalation opened (level 1) or raised (level 2). One escalation's
 * notifications share an ordering key (its ticket's, when it has one), so at each endpoint
 * "raised" never arrives before "opened".
 */
export function escalationNotification(n: EscalationNotice): Notification {
  const raised = n.level === 2;
  const what = escalationSummary(n);
  const who = n.ownership.owner?.name ?? 'nobody';
  const fields = [
    { label: 'Owner', value: `${who} (${n.ownership.reason})` },
    { label: 'Level', value: raised ? '2 — fallback owner' : '1 — queue owner' },
    { label: 'Queue', value: n.queueName },
    {
      label: n.kind === 'overdue_review' ? 'Overdue since' : 'Failing since',
      value: utcMinute(n.since),
    },
    { label: 'Act by', value: utcMinute(n.dueAt) },
  ];
  if (n.lastError) fields.push({ label: 'Last error', value: n.lastError });
  return {
    key: `escalation:${n.escalationId}:${raised ? 'raised' : 'opened'}`,
    orderingKey: n.ticketId ?? `escalation:${n.escalationId}`,
    title: raised ? `Escalation raised to ${who}` : `Escalation for ${who}`,
    text: raised
      ? `${what} is still open after the owner's deadline; ${who} owns it now.`
      : `${what}. ${who} owns it now and should act by ${utcMinute(n.dueAt)}.`,
    fields,
    occurredAt: n.occurredAt,
  };
}
