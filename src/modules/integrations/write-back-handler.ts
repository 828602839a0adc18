import { type Database, maybeOne, type Sql } from '../../platform/db/database.js';
import { appendEvent, systemActor } from '../../platform/events/index.js';
import {
  type ClaimedEffect,
  type DeliveryResult,
  deliveryResultOfError,
  type EffectHandler,
} from '../../platform/outbox/index.js';
import { connectionForUse } from './connection-store.js';
import type { IntegrationDeps } from './connections-service.js';
import type { EffectContext } from './connector.js';
import { connectorOf } from './connector-registry.js';
import type { WriteBackPayload } from './enqueue-write-back.js';
import { HelpdeskHttpError, helpdeskHttp } from './helpdesk-http.js';

// Delivers one write-back effect: look first, then write. The connector's `inspect` reads the
// remote ticket; an effect already there (its marker, value, tags or note) is not written again,
// so a retry after a lost answer or a worker crash never doubles it. A category a person set in
// the helpdesk since Triage last wrote is never overwritten: the effect is skipped, with why —
// unless a person in Triage chose their category over exactly that value (the payload says so).

export const writeBackActor = systemActor('Triage write-back');

type WriteResult = 'written' | 'already_present' | 'skipped';

/** What Triage last put in the ticket's category (written, or found already there). */
export async function lastWrittenCategory(
  sql: Sql,
  connectionId: string,
  ticketId: string,
): Promise<string | null> {
  const row = await maybeOne<{ value: string | null }>(
    sql,
    `SELECT value FROM helpdesk_writes
      WHERE connection_id = $1 AND ticket_id = $2 AND action = 'set_category' AND result <> 'skipped'
      ORDER BY seq DESC LIMIT 1`,
    [connectionId, ticketId],
  );
  return row?.value ?? null;
}

async function recordWrite(
  db: Database,
  effect: ClaimedEffect,
  payload: WriteBackPayload,
  result: WriteResult,
  reason: string | null,
  now: Date,
): Promise<void> {
  const { action, marker } = payload.effect;
  const value =
    action.type === 'set_category'
      ? action.value
      : action.type === 'add_tags'
        ? action.tags.join(',')
        : action.type === 'set_group'
          ? action.group
          : action.type === 'set_assignee'
            ? action.assignee
            : null;
  await db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO helpdesk_writes (workspace_id, connection_id, ticket_id, outbox_id, marker, action, value, result,
         reason, written_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (connection_id, marker) DO NOTHING RETURNING seq`,
      [
        effect.workspaceId,
        payload.connectionId,
        payload.ticketId,
        effect.id,
        marker,
        action.type,
        value,
        result,
        reason,
        now,
      ],
    );
    if (inserted.length === 0) return;
    await appendEvent(tx, {
      workspaceId: effect.workspaceId,
      actor: writeBackActor,
      action: result === 'skipped' ? 'helpdesk.write_skipped' : 'helpdesk.written',
      subjectType: 'ticket',
      subjectId: payload.ticketId,
      payload: { connectionId: payload.connectionId, marker, action: action.type, value, result, reason },
      occurredAt: now,
    });
  });
}

/** A person in Triage chose a category over this helpdesk value: their write may replace it. */
const replaces = (supersedes: string | null | undefined, remote: string) =>
  supersedes != null && supersedes.trim().toLowerCase() === remote.trim().toLowerCase();

function resultOfError(error: unknown): DeliveryResult {
  if (error instanceof HelpdeskHttpError) {
    if (!error.retryable) return { outcome: 'failed', error: error.message, httpStatus: error.status };
    return {
      outcome: 'retry',
      error: error.message,
      httpStatus: error.status,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      ...(error.rateLimited ? { rateLimited: true } : {}),
    };
  }
  return deliveryResultOfError(error);
}

export function writeBackHandler(deps: IntegrationDeps): EffectHandler {
  return async (effect, { signal }) => {
    const payload = effect.payload as WriteBackPayload;
    const found = await connectionForUse(deps.db, deps.secrets(), payload.connectionId, effect.workspaceId);
    if (!found)
      return { outcome: 'failed', error: 'The helpdesk connection was deleted or no longer exists.' };
    const connector = connectorOf(found.view.kind);
    const context: EffectContext = {
      connection: found.view,
      externalId: payload.externalId,
      effect: payload.effect,
      http: helpdeskHttp({
        baseUrl: found.view.baseUrl,
        signal,
        timeoutMs: deps.helpdeskTimeoutMs,
        now: () => deps.clock.now(),
        idempotencyKey: payload.effect.marker,
      }),
    };
    try {
      const remote = await connector.inspect(context);
      if (remote.applied) {
        await recordWrite(deps.db, effect, payload, 'already_present', null, deps.clock.now());
        return { outcome: 'delivered' };
      }
      if (payload.effect.action.type === 'set_category' && remote.categoryValue != null) {
        const ours = await lastWrittenCategory(deps.db, payload.connectionId, payload.ticketId);
        if (remote.categoryValue !== ours && !replaces(payload.supersedes, remote.categoryValue)) {
          const reason = `A person set "${remote.categoryValue}" in the helpdesk${ours === null ? '' : ` after Triage wrote "${ours}"`}; Triage does not overwrite it.`;
          await recordWrite(deps.db, effect, payload, 'skipped', reason, deps.clock.now());
          return { outcome: 'delivered' };
        }
      }
      await connector.apply(context);
      await recordWrite(deps.db, effect, payload, 'written', null, deps.clock.now());
      return { outcome: 'delivered' };
    } catch (error) {
      return resultOfError(error);
    }
  };
}
