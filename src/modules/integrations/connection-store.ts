import type { SecretBox } from '../../platform/crypto/secret-box.js';
import { json, maybeOne, type Sql } from '../../platform/db/database.js';
import type { CategoryMapping, ConnectionView } from './connector.js';

// The SQL of connections. Credentials and the inbound secret go in and out only through the
// secret box: the columns hold AES-256-GCM ciphertexts, and `Connection` (what the API shows)
// has no field that could carry them.

/** A connection as the API shows it: everything but the secrets. */
export interface Connection {
  id: string;
  kind: string;
  name: string;
  baseUrl: string;
  /** The names of the stored credential fields (their values are never shown). */
  credentialFields: string[];
  hasInboundSecret: boolean;
  /** Which encryption key the secrets are under. */
  keyId: string;
  integrationUser: { id: string | null; email: string | null };
  rateLimitPerMinute: number;
  categoryMapping: CategoryMapping[];
  writeSuggestionsAsNote: boolean;
  settings: Record<string, unknown>;
  enabled: boolean;
  /** Where the helpdesk sends its webhooks (relative to Triage's URL). */
  inboundPath: string;
  createdAt: Date;
  updatedAt: Date;
}

interface ConnectionRow {
  id: string;
  workspaceId: string;
  kind: string;
  name: string;
  baseUrl: string;
  credentialsEncrypted: string;
  inboundSecretEncrypted: string | null;
  keyId: string;
  integrationUserId: string | null;
  integrationUserEmail: string | null;
  rateLimitPerMinute: number;
  categoryMapping: CategoryMapping[];
  writeSuggestionsAsNote: boolean;
  settings: Record<string, unknown>;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const columns = `id, workspace_id AS "workspaceId", kind, name, base_url AS "baseUrl",
  credentials_encrypted AS "credentialsEncrypted", inbound_secret_encrypted AS "inboundSecretEncrypted",
  key_id AS "keyId", integration_user_id AS "integrationUserId", integration_user_email AS "integrationUserEmail",
  rate_limit_per_minute AS "rateLimitPerMinute", category_mapping AS "categoryMapping",
  write_suggestions_as_note AS "writeSuggestionsAsNote", settings, enabled, created_at AS "createdAt",
  updated_at AS "updatedAt"`;

export const inboundPathOf = (id: string) => `/api/v1/integrations/${id}/events`;

/** Tickets from a connection carry this source, so (source, externalId) is unique per connection. */
export const ticketSourceOf = (connection: { kind: string; id: string }) =>
  `${connection.kind}:${connection.id}`;

/** The connection id in a ticket source made by `ticketSourceOf`, or null for any other source. */
export function connectionIdOfSource(source: string): string | null {
  return (
    /^[a-z][a-z0-9_]*:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(source)?.[1] ??
    null
  );
}

function publicView(row: ConnectionRow, box: SecretBox): Connection {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    baseUrl: row.baseUrl,
    credentialFields: Object.keys(JSON.parse(box.open(row.credentialsEncrypted)) as object).sort(),
    hasInboundSecret: row.inboundSecretEncrypted !== null,
    keyId: row.keyId,
    integrationUser: { id: row.integrationUserId, email: row.integrationUserEmail },
    rateLimitPerMinute: row.rateLimitPerMinute,
    categoryMapping: row.categoryMapping,
    writeSuggestionsAsNote: row.writeSuggestionsAsNote,
    settings: row.settings,
    enabled: row.enabled,
    inboundPath: inboundPathOf(row.id),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function decryptedView(row: ConnectionRow, box: SecretBox): ConnectionView {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    kind: row.kind,
    name: row.name,
    baseUrl: row.baseUrl.replace(/\/+$/, ''),
    credentials: JSON.parse(box.open(row.credentialsEncrypted)) as Record<string, string>,
    inboundSecret: row.inboundSecretEncrypted === null ? null : box.open(row.inboundSecretEncrypted),
    integrationUser: { id: row.integrationUserId, email: row.integrationUserEmail },
    categoryMapping: row.categoryMapping,
    writeSuggestionsAsNote: row.writeSuggestionsAsNote,
    settings: row.settings,
  };
}

/** What is stored for a connection; secrets in clear here, sealed on the way in. */
export type ConnectionFields = Pick<
  ConnectionView,
  | 'kind'
  | 'name'
  | 'baseUrl'
  | 'credentials'
  | 'inboundSecret'
  | 'integrationUser'
  | 'writeSuggestionsAsNote'
  | 'settings'
> & { rateLimitPerMinute: number; categoryMapping: CategoryMapping[] };

export async function insertConnection(
  tx: Sql,
  box: SecretBox,
  workspaceId: string,
  fields: ConnectionFields,
  now: Date,
): Promise<Connection> {
  const [row] = await tx.query<ConnectionRow>(
    `INSERT INTO connections (workspace_id, kind, name, base_url, credentials_encrypted, inbound_secret_encrypted,
       key_id, integration_user_id, integration_user_email, rate_limit_per_minute, category_mapping,
       write_suggestions_as_note, settings, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13::jsonb, $14, $14)
     RETURNING ${columns}`,
    [workspaceId, ...sealedValues(box, fields), now],
  );
  return publicView(row!, box);
}

export async function updateConnectionRow(
  tx: Sql,
  box: SecretBox,
  workspaceId: string,
  id: string,
  fields: ConnectionFields,
  now: Date,
): Promise<Connection> {
  const [row] = await tx.query<ConnectionRow>(
    `UPDATE connections SET kind = $3, name = $4, base_url = $5, credentials_encrypted = $6,
       inbound_secret_encrypted = $7, key_id = $8, integration_user_id = $9, integration_user_email = $10,
       rate_limit_per_minute = $11, category_mapping = $12::jsonb, write_suggestions_as_note = $13,
       settings = $14::jsonb, updated_at = $15
     WHERE workspace_id = $1 AND id = $2 RETURNING ${columns}`,
    [workspaceId, id, ...sealedValues(box, fields), now],
  );
  return publicView(row!, box);
}

function sealedValues(box: SecretBox, f: ConnectionFields) {
  return [
    f.kind,
    f.name,
    f.baseUrl,
    box.seal(JSON.stringify(f.credentials)),
    f.inboundSecret === null ? null : box.seal(f.inboundSecret),
    box.keyId,
    f.integrationUser.id,
    f.integrationUser.email,
    f.rateLimitPerMinute,
    json(f.categoryMapping),
    f.writeSuggestionsAsNote,
    json(f.settings),
  ];
}

export async function disableConnection(
  tx: Sql,
  workspaceId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE connections SET enabled = false, updated_at = $3 WHERE workspace_id = $1 AND id = $2 AND enabled
     RETURNING id`,
    [workspaceId, id, now],
  );
  return rows.length > 0;
}

const liveRow = (sql: Sql, id: string, workspaceId: string | null, lock = false) =>
  maybeOne<ConnectionRow>(
    sql,
    `SELECT ${columns} FROM connections
      WHERE id = $1 AND enabled AND ($2::uuid IS NULL OR workspace_id = $2)${lock ? ' FOR UPDATE' : ''}`,
    [id, workspaceId],
  );

export async function getConnection(sql: Sql, box: SecretBox, workspaceId: string, id: string) {
  const row = await liveRow(sql, id, workspaceId);
  return row ? publicView(row, box) : null;
}

/** The stored fields in clear, for an update that changes some of them. */
export async function connectionFieldsForUpdate(
  tx: Sql,
  box: SecretBox,
  workspaceId: string,
  id: string,
): Promise<(ConnectionFields & { rateLimitPerMinute: number }) | null> {
  const row = await liveRow(tx, id, workspaceId, true);
  if (!row) return null;
  const view = decryptedView(row, box);
  return {
    kind: row.kind,
    name: row.name,
    baseUrl: row.baseUrl,
    credentials: view.credentials,
    inboundSecret: view.inboundSecret,
    integrationUser: view.integrationUser,
    rateLimitPerMinute: row.rateLimitPerMinute,
    categoryMapping: row.categoryMapping,
    writeSuggestionsAsNote: row.writeSuggestionsAsNote,
    settings: row.settings,
  };
}

export async function listConnections(sql: Sql, box: SecretBox, workspaceId: string): Promise<Connection[]> {
  const rows = await sql.query<ConnectionRow>(
    `SELECT ${columns} FROM connections WHERE workspace_id = $1 AND enabled ORDER BY lower(name)`,
    [workspaceId],
  );
  return rows.map((row) => publicView(row, box));
}

/**
 * A live connection with its secrets decrypted, for the inbound route (which knows only the id:
 * pass a null workspace) and the write-back handler. Also its rate limit, for the outbox.
 */
export async function connectionForUse(
  sql: Sql,
  box: SecretBox,
  id: string,
  workspaceId: string | null,
): Promise<{ view: ConnectionView; rateLimitPerMinute: number } | null> {
  const row = await liveRow(sql, id, workspaceId);
  return row ? { view: decryptedView(row, box), rateLimitPerMinute: row.rateLimitPerMinute } : null;
}
