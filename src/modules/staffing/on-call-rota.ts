import type { Clock } from '../../platform/clock.js';
import { type Database, json, maybeOne, type Sql } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { type Actor, appendEvent } from '../../platform/events/index.js';
import { type OnCallShift, onCallFrom, type Override, type Rotation, upcomingShifts } from './on-call.js';

// The on-call rota for exceptions: the workspace's rotation and its overrides, each change an
// event in the same transaction, and `onCallAt` for whoever needs a person now (escalations).

export interface RotaDeps {
  db: Database;
  clock: Clock;
}

export interface RotaContext {
  workspaceId: string;
  actor: Actor;
}

export interface Rota {
  rotation: Rotation | null;
  overrides: Override[];
}

export interface OnCallPerson {
  id: string;
  name: string;
  source: OnCallShift['source'];
  until: Date;
}

/** The rotation and the overrides that have not ended by `since`. */
export async function readRota(sql: Sql, workspaceId: string, since: Date): Promise<Rota> {
  const [rotation, overrides] = await Promise.all([
    maybeOne<{ userIds: string[]; shiftHours: number; startsAt: Date }>(
      sql,
      `SELECT user_ids AS "userIds", shift_hours AS "shiftHours", starts_at AS "startsAt"
         FROM oncall_rotations WHERE workspace_id = $1`,
      [workspaceId],
    ),
    sql.query<Override>(
      `SELECT id, user_id AS "userId", starts_at AS "startsAt", ends_at AS "endsAt", created_at AS "createdAt"
         FROM oncall_overrides WHERE workspace_id = $1 AND ends_at > $2 ORDER BY starts_at, created_at`,
      [workspaceId, since],
    ),
  ]);
  return { rotation: rotation ?? null, overrides };
}

/**
 * The person on call for exceptions at `at`, or null when the rota names nobody or names
 * someone who is disabled or no longer a member (they cannot act, so nobody is on call).
 */
export async function onCallAt(sql: Sql, workspaceId: string, at: Date): Promise<OnCallPerson | null> {
  const rota = await readRota(sql, workspaceId, at);
  const shift = onCallFrom(rota.rotation, rota.overrides, at);
  if (!shift) return null;
  const person = await maybeOne<{ id: string; name: string }>(
    sql,
    `SELECT u.id, u.name FROM users u JOIN memberships m ON m.user_id = u.id AND m.workspace_id = $1
      WHERE u.id = $2 AND u.disabled_at IS NULL`,
    [workspaceId, shift.userId],
  );
  return person ? { ...person, source: shift.source, until: shift.until } : null;
}

/** The next `count` shifts from `at`, for the Staffing page. */
export async function rotaAhead(sql: Sql, workspaceId: string, at: Date, count: number) {
  const rota = await readRota(sql, workspaceId, at);
  return { ...rota, shifts: upcomingShifts(rota.rotation, rota.overrides, at, count) };
}

async function requireMembers(tx: Sql, workspaceId: string, userIds: string[]): Promise<void> {
  const found = await tx.query<{ id: string }>(
    `SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id AND m.workspace_id = $1
      WHERE u.id = ANY($2::uuid[]) AND u.disabled_at IS NULL`,
    [workspaceId, userIds],
  );
  const known = new Set(found.map((r) => r.id));
  const missing = userIds.find((id) => !known.has(id));
  if (missing) throw notFound('Active workspace member', missing);
}

/** Replaces the rotation (an empty list of people removes it). */
export async function setRotation(
  deps: RotaDeps,
  ctx: RotaContext,
  input: { userIds: string[]; shiftHours: number; startsAt: Date },
): Promise<Rotation | null> {
  if (new Set(input.userIds).size !== input.userIds.length) {
    throw new AppError(
      'validation_failed',
      'A person is listed twice in the rotation; list each person once.',
    );
  }
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const before = await readRota(tx, ctx.workspaceId, now);
    let after: Rotation | null = null;
    if (input.userIds.length === 0) {
      await tx.query('DELETE FROM oncall_rotations WHERE workspace_id = $1', [ctx.workspaceId]);
    } else {
      await requireMembers(tx, ctx.workspaceId, input.userIds);
      await tx.query(
        `INSERT INTO oncall_rotations (workspace_id, user_ids, shift_hours, starts_at, updated_at)
         VALUES ($1, $2::jsonb, $3, $4, $5)
         ON CONFLICT (workspace_id) DO UPDATE
           SET user_ids = EXCLUDED.user_ids, shift_hours = EXCLUDED.shift_hours,
               starts_at = EXCLUDED.starts_at, updated_at = EXCLUDED.updated_at`,
        [ctx.workspaceId, json(input.userIds), input.shiftHours, input.startsAt, now],
      );
      after = { userIds: input.userIds, shiftHours: input.shiftHours, startsAt: input.startsAt };
    }
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'staffing.rotation_set',
      subjectType: 'oncall_rota',
      subjectId: ctx.workspaceId,
      payload: { before: before.rotation, after },
      occurredAt: now,
    });
    return after;
  });
}

export async function addOverride(
  deps: RotaDeps,
  ctx: RotaContext,
  input: { userId: string; startsAt: Date; endsAt: Date; note: string },
): Promise<Override> {
  if (input.endsAt.getTime() <= input.startsAt.getTime()) {
    throw new AppError('validation_failed', 'An override must end after it starts.');
  }
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await requireMembers(tx, ctx.workspaceId, [input.userId]);
    const [row] = await tx.query<Override>(
      `INSERT INTO oncall_overrides (workspace_id, user_id, starts_at, ends_at, note, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, user_id AS "userId", starts_at AS "startsAt", ends_at AS "endsAt", created_at AS "createdAt"`,
      [ctx.workspaceId, input.userId, input.startsAt, input.endsAt, input.note, now],
    );
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'staffing.override_added',
      subjectType: 'oncall_rota',
      subjectId: ctx.workspaceId,
      payload: { overrideId: row!.id, ...input },
      occurredAt: now,
    });
    return row!;
  });
}

export async function removeOverride(deps: RotaDeps, ctx: RotaContext, overrideId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [removed] = await tx.query<{ userId: string; startsAt: Date; endsAt: Date }>(
      `DELETE FROM oncall_overrides WHERE id = $1 AND workspace_id = $2
       RETURNING user_id AS "userId", starts_at AS "startsAt", ends_at AS "endsAt"`,
      [overrideId, ctx.workspaceId],
    );
    if (!removed) throw notFound('On-call override', overrideId);
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'staffing.override_removed',
      subjectType: 'oncall_rota',
      subjectId: ctx.workspaceId,
      payload: { overrideId, ...removed },
      occurredAt: deps.clock.now(),
    });
  });
}
