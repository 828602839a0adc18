import type { Sql } from '../db/database.js';
import { appendEvent, systemActor } from '../events/index.js';
import type { ClaimedEffect, DeadLetter, DeadLetterHook } from './effect.js';

/** The actor of what the delivery loop does on its own (dead letters). */
export const outboxActor = systemActor('Triage outbox');

/**
 * Marks a claimed effect dead, records the event and calls the hook, all in `tx`: a dead
 * letter is never without its event or its escalation.
 */
export async function markDead(
  tx: Sql,
  effect: ClaimedEffect,
  failure: { error: string; httpStatus: number | null },
  deadAt: Date,
  onDeadLetter: DeadLetterHook | undefined,
): Promise<void> {
  await tx.query(
    `UPDATE outbox SET status = 'dead', last_error = $2, locked_by = NULL, locked_until = NULL
      WHERE id = $1`,
    [effect.id, failure.error],
  );
  await appendEvent(tx, {
    workspaceId: effect.workspaceId,
    actor: outboxActor,
    action: 'outbox.dead_lettered',
    subjectType: 'outbox_effect',
    subjectId: effect.id,
    payload: {
      kind: effect.kind,
      orderingKey: effect.orderingKey,
      idempotencyKey: effect.idempotencyKey,
      attempts: effect.attempt,
      error: failure.error,
      httpStatus: failure.httpStatus,
    },
    occurredAt: deadAt,
  });
  const deadLetter: DeadLetter = {
    ...effect,
    lastError: failure.error,
    httpStatus: failure.httpStatus,
    deadAt,
  };
  await onDeadLetter?.(tx, deadLetter);
}
