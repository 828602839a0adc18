import type { Clock } from '../clock.js';
import { type Database, maybeOne } from '../db/database.js';
import { AppError, notFound } from '../errors/app-error.js';
import { type Actor, appendEvent } from '../events/index.js';
import type { OutboxPolicy } from './deliver-due-effects.js';
import type { EffectStatus } from './effect.js';
import { type EffectDetail, getEffect } from './outbox-read-model.js';

export interface OutboxDeps {
  db: Database;
  clock: Clock;
  outboxPolicy: OutboxPolicy;
}

/**
 * Gives a dead letter a fresh set of attempts (after someone fixed the endpoint). It keeps
 * its place in its ordering key: it is delivered before the key's younger pending effects.
 * Its idempotency key is unchanged, so a receiver that did apply it still ignores it.
 */
export async function replayDeadLetter(
  deps: OutboxDeps,
  ctx: { workspaceId: string; actor: Actor },
  id: string,
): Promise<EffectDetail> {
  await deps.db.transaction(async (tx) => {
    const effect = await maybeOne<{
      status: EffectStatus;
      kind: string;
      attempts: number;
      lastError: string | null;
    }>(
      tx,
      `SELECT status, kind, attempts, last_error AS "lastError" FROM outbox
        WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [ctx.workspaceId, id],
    );
    if (!effect) throw notFound('Outbox effect', id);
    if (effect.status !== 'dead') {
      throw new AppError('conflict', `Only a dead letter can be replayed; this effect is ${effect.status}.`);
    }
    const now = deps.clock.now();
    await tx.query(`UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2 WHERE id = $1`, [
      id,
      now.toISOString(),
    ]);
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'outbox.replayed',
      subjectType: 'outbox_effect',
      subjectId: id,
      payload: { kind: effect.kind, previousAttempts: effect.attempts, lastError: effect.lastError },
      occurredAt: now,
    });
  });
  return (await getEffect(deps.db, ctx.workspaceId, id, deps.outboxPolicy.defaultMaxAttempts))!;
}
