import type { Clock } from '../../platform/clock.js';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import type { Database, Sql } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import type { ConnectionTest, ConnectionUpdate, NewConnection } from './connection-schemas.js';
import {
  type Connection,
  type ConnectionFields,
  connectionFieldsForUpdate,
  connectionForUse,
  disableConnection,
  insertConnection,
  updateConnectionRow,
} from './connection-store.js';
import { connectorOf } from './connector-registry.js';
import { HelpdeskHttpError, helpdeskHttp } from './helpdesk-http.js';

// Use cases of connections: add, change, remove and test one. Each change is an event that
// names what changed but never carries a secret.

export interface IntegrationDeps {
  db: Database;
  clock: Clock;
  /** The secret box, built on first use (it may generate the key into the data folder). */
  secrets: () => SecretBox;
  /** How long one request to a helpdesk may take. */
  helpdeskTimeoutMs: number;
}

/** Checks the parts that depend on the connector and the workspace; returns what to store. */
async function validated(tx: Sql, workspaceId: string, fields: ConnectionFields): Promise<ConnectionFields> {
  const connector = connectorOf(fields.kind);
  const credentials = connector.credentialsSchema.safeParse(fields.credentials);
  if (!credentials.success) {
    const names = credentials.error.issues.map((i) => i.path.join('.') || 'credentials').join(', ');
    throw new AppError(
      'validation_failed',
      `The ${connector.displayName} credentials are incomplete or wrong: ${names}.`,
    );
  }
  const settings = connector.settingsSchema.safeParse(fields.settings);
  if (!settings.success) {
    const names = settings.error.issues
      .map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`)
      .join('; ');
    throw new AppError('validation_failed', `The ${connector.displayName} settings are wrong: ${names}.`);
  }
  if (connector.requiresInboundSecret && !fields.inboundSecret) {
    throw new AppError(
      'validation_failed',
      `A ${connector.displayName} connection needs an inboundSecret to check webhook signatures.`,
    );
  }
  const ids = [...new Set(fields.categoryMapping.map((m) => m.categoryId))];
  if (ids.length > 0) {
    const known = await tx.query<{ id: string }>(
      `SELECT id FROM categories WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND retired_at IS NULL`,
      [workspaceId, ids],
    );
    const missing = ids.filter((id) => !known.some((k) => k.id === id));
    if (missing.length > 0)
      throw new AppError(
        'unknown_category',
        `Unknown or retired categories in the mapping: ${missing.join(', ')}.`,
      );
  }
  return { ...fields, credentials: credentials.data, settings: settings.data };
}

const described = (f: ConnectionFields) => ({
  kind: f.kind,
  name: f.name,
  baseUrl: f.baseUrl,
  credentialFields: Object.keys(f.credentials).sort(),
  hasInboundSecret: f.inboundSecret !== null,
  integrationUser: f.integrationUser,
  rateLimitPerMinute: f.rateLimitPerMinute,
  categoryMapping: f.categoryMapping,
  writeSuggestionsAsNote: f.writeSuggestionsAsNote,
});

async function nameFree(tx: Sql, workspaceId: string, name: string, except: string | null) {
  const clash = await tx.query(
    `SELECT 1 FROM connections WHERE workspace_id = $1 AND lower(name) = lower($2) AND enabled
        AND ($3::uuid IS NULL OR id <> $3)`,
    [workspaceId, name, except],
  );
  if (clash.length > 0) throw new AppError('conflict', `A connection named "${name}" already exists.`);
}

export async function createConnection(
  deps: IntegrationDeps,
  ctx: RequestContext,
  input: NewConnection,
): Promise<Connection> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const fields = await validated(tx, ctx.workspaceId, {
      ...input,
      inboundSecret: input.inboundSecret ?? null,
      integrationUser: { id: input.integrationUser?.id ?? null, email: input.integrationUser?.email ?? null },
    });
    await nameFree(tx, ctx.workspaceId, fields.name, null);
    const connection = await insertConnection(tx, deps.secrets(), ctx.workspaceId, fields, now);
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'connection.created',
      subjectType: 'connection',
      subjectId: connection.id,
      payload: described(fields),
      occurredAt: now,
    });
    return connection;
  });
}

export async function updateConnection(
  deps: IntegrationDeps,
  ctx: RequestContext,
  id: string,
  changes: ConnectionUpdate,
): Promise<Connection> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const box = deps.secrets();
    const before = await connectionFieldsForUpdate(tx, box, ctx.workspaceId, id);
    if (!before) throw notFound('Connection', id);
    const after = await validated(tx, ctx.workspaceId, {
      ...before,
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      integrationUser: changes.integrationUser
        ? { id: changes.integrationUser.id ?? null, email: changes.integrationUser.email ?? null }
        : before.integrationUser,
    } as ConnectionFields);
    if (changes.name !== undefined) await nameFree(tx, ctx.workspaceId, after.name, id);
    const connection = await updateConnectionRow(tx, box, ctx.workspaceId, id, after, now);
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'connection.updated',
      subjectType: 'connection',
      subjectId: id,
      payload: {
        changed: Object.keys(changes).filter((k) => changes[k as keyof ConnectionUpdate] !== undefined),
        before: described(before),
        after: described(after),
      },
      occurredAt: now,
    });
    return connection;
  });
}

/** Removes a connection from use: inbound deliveries are refused, pending write-backs fail. */
export async function deleteConnection(
  deps: IntegrationDeps,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    if (!(await disableConnection(tx, ctx.workspaceId, id, now))) throw notFound('Connection', id);
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'connection.deleted',
      subjectType: 'connection',
      subjectId: id,
      occurredAt: now,
    });
  });
}

/** Calls the helpdesk with the stored credentials and says plainly what happened. */
export async function testConnection(
  deps: IntegrationDeps,
  ctx: RequestContext,
  id: string,
): Promise<ConnectionTest> {
  const found = await connectionForUse(deps.db, deps.secrets(), id, ctx.workspaceId);
  if (!found) throw notFound('Connection', id);
  const { view } = found;
  const connector = connectorOf(view.kind);
  const http = helpdeskHttp({
    baseUrl: view.baseUrl,
    signal: AbortSignal.timeout(deps.helpdeskTimeoutMs),
    timeoutMs: deps.helpdeskTimeoutMs,
    now: () => deps.clock.now(),
  });
  try {
    const { identity } = await connector.testConnection({ connection: view, http });
    const own = view.integrationUser;
    const integrationUserMatches =
      own.id === null && own.email === null
        ? null
        : (own.id !== null && own.id === identity.id) ||
          (own.email !== null && own.email.toLowerCase() === identity.email?.toLowerCase());
    const who = identity.email ?? identity.name ?? identity.id ?? 'an unnamed user';
    return {
      ok: true,
      identity,
      integrationUserMatches,
      message:
        integrationUserMatches === false
          ? `Connected as ${who}, which is not the integration user set on this connection: its own changes would be taken for a person's.`
          : `Connected to ${connector.displayName} as ${who}.`,
    };
  } catch (error) {
    if (error instanceof HelpdeskHttpError) {
      const hint =
        error.status === 401 || error.status === 403
          ? 'The helpdesk refused the credentials.'
          : error.status === 404
            ? 'The base URL does not look like this helpdesk’s API.'
            : 'The helpdesk answered with an error.';
      return { ok: false, httpStatus: error.status, message: `${hint} ${error.message}` };
    }
    const reason =
      (error as { cause?: { code?: string }; message?: string })?.cause?.code ?? (error as Error)?.message;
    return { ok: false, httpStatus: null, message: `The helpdesk could not be reached: ${reason}.` };
  }
}
