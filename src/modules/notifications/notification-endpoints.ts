import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne, one, type Sql } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';

// Where notifications go. A webhook URL is itself a credential (anyone holding a Slack
// incoming-webhook URL can post to the channel), so neither it nor the signing secret is
// ever returned or written to the event log in full.

export interface NotificationEndpoint {
  id: string;
  name: string;
  /** Scheme and host plus the path's last characters: enough to tell endpoints apart. */
  urlHint: string;
  signed: boolean;
  enabled: boolean;
  createdAt: Date;
}

export interface NewNotificationEndpoint {
  name: string;
  url: string;
  /** Signs each request with HMAC-SHA256 (X-Triage-Signature) when set. */
  secret?: string;
}

export interface NotificationDeps {
  db: Database;
  clock: Clock;
}

interface EndpointRow {
  id: string;
  name: string;
  url: string;
  secret: string | null;
  enabled: boolean;
  createdAt: Date;
}

const columns = 'id, name, url, secret, enabled, created_at AS "createdAt"';

export function urlHint(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname + parsed.search;
  return path.length > 1 ? `${parsed.origin}/…${path.slice(-4)}` : parsed.origin;
}

const publicView = (row: EndpointRow): NotificationEndpoint => ({
  id: row.id,
  name: row.name,
  urlHint: urlHint(row.url),
  signed: row.secret !== null,
  enabled: row.enabled,
  createdAt: row.createdAt,
});

export async function listNotificationEndpoints(
  sql: Sql,
  workspaceId: string,
): Promise<NotificationEndpoint[]> {
  const rows = await sql.query<EndpointRow>(
    `SELECT ${columns} FROM notification_endpoints WHERE workspace_id = $1 ORDER BY enabled DESC, created_at`,
    [workspaceId],
  );
  return rows.map(publicView);
}

export async function createNotificationEndpoint(
  deps: NotificationDeps,
  ctx: RequestContext,
  input: NewNotificationEndpoint,
): Promise<NotificationEndpoint> {
  return deps.db.transaction(async (tx) => {
    const clash = await maybeOne(
      tx,
      'SELECT 1 FROM notification_endpoints WHERE workspace_id = $1 AND lower(name) = lower($2) AND enabled',
      [ctx.workspaceId, input.name],
    );
    if (clash) throw new AppError('conflict', `A notification endpoint named "${input.name}" exists.`);
    const now = deps.clock.now();
    const row = await one<EndpointRow>(
      tx,
      `INSERT INTO notification_endpoints (workspace_id, name, url, secret, created_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
      [ctx.workspaceId, input.name, input.url, input.secret ?? null, now.toISOString()],
    );
    const endpoint = publicView(row);
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'notification_endpoint.created',
      subjectType: 'notification_endpoint',
      subjectId: row.id,
      payload: { name: endpoint.name, urlHint: endpoint.urlHint, signed: endpoint.signed },
      occurredAt: now,
    });
    return endpoint;
  });
}

/** Stops sending to an endpoint. Effects still queued for it become dead letters. */
export async function disableNotificationEndpoint(
  deps: NotificationDeps,
  ctx: RequestContext,
  id: string,
): Promise<NotificationEndpoint> {
  return deps.db.transaction(async (tx) => {
    const row = await maybeOne<EndpointRow>(
      tx,
      `SELECT ${columns} FROM notification_endpoints WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [ctx.workspaceId, id],
    );
    if (!row) throw notFound('Notification endpoint', id);
    if (!row.enabled) return publicView(row);
    await tx.query('UPDATE notification_endpoints SET enabled = false WHERE id = $1', [id]);
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'notification_endpoint.disabled',
      subjectType: 'notification_endpoint',
      subjectId: id,
      payload: { name: row.name },
      occurredAt: deps.clock.now(),
    });
    return publicView({ ...row, enabled: false });
  });
}

/** What the delivery needs, read at delivery time so a disabled endpoint stops receiving. */
export async function endpointForDelivery(
  sql: Sql,
  workspaceId: string,
  id: string,
): Promise<{ url: string; secret: string | null; enabled: boolean } | undefined> {
  return maybeOne(
    sql,
    'SELECT url, secret, enabled FROM notification_endpoints WHERE workspace_id = $1 AND id = $2',
    [workspaceId, id],
  );
}

/** The endpoints a new notification goes to. */
export async function enabledEndpointIds(sql: Sql, workspaceId: string): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    'SELECT id FROM notification_endpoints WHERE workspace_id = $1 AND enabled ORDER BY created_at, id',
    [workspaceId],
  );
  return rows.map((row) => row.id);
}
