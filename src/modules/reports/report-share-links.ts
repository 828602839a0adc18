import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne, type Sql } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors/app-error.js';
import { type Actor, appendEvent } from '../../platform/events/index.js';

// Share links: the weekly report for stakeholders without an account. The token is a long random
// secret shown once; only its SHA-256 is stored (a fast hash suffices for such a secret), and it
// opens the weekly report of its workspace only — no API, no other page.

export interface ShareLinkDeps {
  db: Database;
  clock: Clock;
}

export interface ShareLink {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const TOKEN_PREFIX = 'trs_';

export async function createShareLink(
  deps: ShareLinkDeps,
  ctx: { workspaceId: string; actor: Actor },
  name: string,
): Promise<ShareLink & { token: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [link] = await tx.query<ShareLink>(
      `INSERT INTO report_share_links (workspace_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, name, prefix, created_at AS "createdAt", revoked_at AS "revokedAt"`,
      [ctx.workspaceId, name, hashOf(token), token.slice(0, 10), now],
    );
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'report.share_link_created',
      subjectType: 'report_share_link',
      subjectId: link!.id,
      payload: { name, prefix: link!.prefix },
      occurredAt: now,
    });
    return { ...link!, token };
  });
}

export async function listShareLinks(sql: Sql, workspaceId: string): Promise<ShareLink[]> {
  return sql.query<ShareLink>(
    `SELECT id, name, prefix, created_at AS "createdAt", revoked_at AS "revokedAt"
       FROM report_share_links WHERE workspace_id = $1 ORDER BY created_at, id`,
    [workspaceId],
  );
}

export async function revokeShareLink(
  deps: ShareLinkDeps,
  ctx: { workspaceId: string; actor: Actor },
  id: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [revoked] = await tx.query<{ name: string }>(
      `UPDATE report_share_links SET revoked_at = $3 WHERE id = $1 AND workspace_id = $2 AND revoked_at IS NULL
       RETURNING name`,
      [id, ctx.workspaceId, now],
    );
    if (!revoked) throw notFound('Live share link', id);
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'report.share_link_revoked',
      subjectType: 'report_share_link',
      subjectId: id,
      payload: { name: revoked.name },
      occurredAt: now,
    });
  });
}

/** The workspace a live share token opens, or null (unknown, malformed or revoked). */
export async function workspaceOfShareToken(sql: Sql, token: string): Promise<string | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const row = await maybeOne<{ workspaceId: string }>(
    sql,
    `SELECT workspace_id AS "workspaceId" FROM report_share_links WHERE token_hash = $1 AND revoked_at IS NULL`,
    [hashOf(token)],
  );
  return row?.workspaceId ?? null;
}
