import { maybeOne, type Sql } from '../../platform/db/database.js';
import { enqueueEffect } from '../../platform/outbox/index.js';
import { type Notification, notify } from '../notifications/index.js';

// Who hears of an automatic rollback, and how. The category's owner answers for it, so it is
// addressed to them: by e-mail through the outbox where an SMTP server is configured (only
// they get it); otherwise through the workspace's notification endpoints, the only channel
// there is, with the owner named in the message. A category without an active owner falls to
// the workspace's earliest active admin, so a rollback never goes unaddressed.

/** The outbox kind of a notice e-mailed to one person (delivered by the e-mail handler). */
export const OWNER_NOTICE_EMAIL = 'email.owner_notice';

export interface RollbackOwner {
  id: string;
  name: string;
  email: string;
  /** Why this person, as a phrase after their name. */
  reason: string;
}

export async function rollbackOwner(
  tx: Sql,
  workspaceId: string,
  categoryId: string,
): Promise<RollbackOwner | null> {
  const owner = await maybeOne<Omit<RollbackOwner, 'reason'>>(
    tx,
    `SELECT u.id, u.name, u.email FROM categories c JOIN users u ON u.id = c.owner_user_id
      WHERE c.workspace_id = $1 AND c.id = $2 AND u.disabled_at IS NULL`,
    [workspaceId, categoryId],
  );
  if (owner) return { ...owner, reason: 'owner of the category' };
  const admin = await maybeOne<Omit<RollbackOwner, 'reason'>>(
    tx,
    `SELECT u.id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.workspace_id = $1 AND m.role = 'admin' AND u.disabled_at IS NULL
      ORDER BY m.created_at, u.id LIMIT 1`,
    [workspaceId],
  );
  return admin ? { ...admin, reason: 'admin of the workspace: the category has no active owner' } : null;
}

export interface NoticeResult {
  channel: 'email' | 'endpoints' | 'none';
  enqueued: number;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Sends the notice to the owner (e-mail when `byEmail`), else to the endpoints naming them. */
export async function noticeOwner(
  tx: Sql,
  workspaceId: string,
  owner: RollbackOwner | null,
  notification: Notification,
  byEmail: boolean,
): Promise<NoticeResult> {
  if (owner && byEmail) {
    const lines = [
      notification.text,
      '',
      ...(notification.fields ?? []).map((f) => `${f.label}: ${f.value}`),
    ];
    const { enqueued } = await enqueueEffect(tx, {
      workspaceId,
      kind: OWNER_NOTICE_EMAIL,
      orderingKey: `${owner.id}:${notification.orderingKey}`,
      idempotencyKey: `${notification.key}@${owner.id}`,
      payload: {
        to: [owner.email],
        subject: notification.title,
        text: `${owner.name}, as ${owner.reason}:\n\n${lines.join('\n')}\n`,
        html: `<p>${escapeHtml(owner.name)}, as ${escapeHtml(owner.reason)}:</p>${lines
          .filter(Boolean)
          .map((l) => `<p>${escapeHtml(l)}</p>`)
          .join('')}`,
      },
      enqueuedAt: notification.occurredAt,
    });
    return { channel: 'email', enqueued: enqueued ? 1 : 0 };
  }
  const named: Notification = owner
    ? {
        ...notification,
        title: `${notification.title} (for ${owner.name})`,
        fields: [{ label: 'Owner', value: `${owner.name}, ${owner.reason}` }, ...(notification.fields ?? [])],
      }
    : notification;
  const enqueued = await notify(tx, workspaceId, named);
  return { channel: enqueued > 0 ? 'endpoints' : 'none', enqueued };
}
