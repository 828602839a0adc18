import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne, one, type Sql } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { type Actor, appendEvent } from '../../platform/events/index.js';
import type { ApiKeyRole, UserRole } from './permissions.js';
import { hashPassword, newSecret, safeEqual, sha256Hex, verifyPassword } from './secrets.js';

export interface AccessDeps {
  db: Database;
  clock: Clock;
}

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Membership {
  workspaceId: string;
  workspaceSlug: string;
  workspaceName: string;
  role: UserRole;
}

const SESSION_DAYS = 14;

export interface NewUser {
  email: string;
  name: string;
  password: string;
  workspaceId: string;
  role: UserRole;
}

export async function createUser(deps: AccessDeps, input: NewUser, actor: Actor): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction((tx) => insertUser(tx, deps.clock, { ...input, passwordHash }, actor));
}

/** Adds a person and their membership within the caller's transaction (the password already hashed). */
export async function insertUser(
  tx: Sql,
  clock: Clock,
  input: Omit<NewUser, 'password'> & { passwordHash: string },
  actor: Actor,
): Promise<User> {
  const taken = await maybeOne(tx, 'SELECT 1 FROM users WHERE lower(email) = lower($1)', [input.email]);
  if (taken) throw new AppError('conflict', `A user with e-mail ${input.email} already exists.`);
  const user = await one<User>(
    tx,
    'INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id, email, name',
    [input.email, input.name, input.passwordHash],
  );
  await tx.query('INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3)', [
    input.workspaceId,
    user.id,
    input.role,
  ]);
  await appendEvent(tx, {
    workspaceId: input.workspaceId,
    actor,
    action: 'user.created',
    subjectType: 'user',
    subjectId: user.id,
    payload: { email: user.email, name: user.name, role: input.role },
    occurredAt: clock.now(),
  });
  return user;
}

export async function listUsers(deps: AccessDeps, workspaceId: string) {
  return deps.db.query<User & { role: UserRole; createdAt: Date }>(
    `SELECT u.id, u.email, u.name, m.role, u.created_at AS "createdAt"
       FROM users u JOIN memberships m ON m.user_id = u.id
      WHERE m.workspace_id = $1 AND u.disabled_at IS NULL ORDER BY u.email`,
    [workspaceId],
  );
}

export async function countUsers(sql: Sql): Promise<number> {
  return (await one<{ n: number }>(sql, 'SELECT count(*)::int AS n FROM users')).n;
}

export async function login(
  deps: AccessDeps,
  email: string,
  password: string,
): Promise<{ token: string; csrfToken: string; user: User }> {
  const row = await maybeOne<User & { passwordHash: string | null }>(
    deps.db,
    `SELECT id, email, name, password_hash AS "passwordHash" FROM users
      WHERE lower(email) = lower($1) AND disabled_at IS NULL`,
    [email],
  );
  // Verify against a dummy hash when the user is unknown so timing does not reveal it.
  const ok = row?.passwordHash
    ? await verifyPassword(row.passwordHash, password)
    : (await verifyPassword(await dummyHash(), password)) && false;
  if (!row || !ok) throw new AppError('invalid_credentials', 'E-mail or password is incorrect.');
  const token = newSecret('');
  const csrfToken = newSecret('');
  const expires = new Date(deps.clock.now().getTime() + SESSION_DAYS * 86_400_000);
  await deps.db.query(
    'INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)',
    [sha256Hex(token), row.id, csrfToken, expires],
  );
  return { token, csrfToken, user: { id: row.id, email: row.email, name: row.name } };
}

let dummy: Promise<string> | undefined;
const dummyHash = () => {
  dummy ??= hashPassword('not-a-real-password');
  return dummy;
};

export async function logout(deps: AccessDeps, token: string): Promise<void> {
  await deps.db.query('DELETE FROM sessions WHERE token_hash = $1', [sha256Hex(token)]);
}

export async function resolveSession(
  deps: AccessDeps,
  token: string,
): Promise<{ user: User; csrfToken: string } | undefined> {
  const row = await maybeOne<User & { csrfToken: string }>(
    deps.db,
    `SELECT u.id, u.email, u.name, s.csrf_token AS "csrfToken"
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
    [sha256Hex(token), deps.clock.now()],
  );
  return row && { user: { id: row.id, email: row.email, name: row.name }, csrfToken: row.csrfToken };
}

export async function membershipsOf(deps: AccessDeps, userId: string): Promise<Membership[]> {
  return deps.db.query<Membership>(
    `SELECT w.id AS "workspaceId", w.slug AS "workspaceSlug", w.name AS "workspaceName", m.role
       FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
      WHERE m.user_id = $1 ORDER BY w.created_at`,
    [userId],
  );
}

export interface ApiKeyIdentity {
  id: string;
  name: string;
  role: ApiKeyRole;
  workspaceId: string;
  workspaceSlug: string;
}

/**
 * Creates an API key and returns its secret, which is never shown again. `presetSecret`
 * lets automation choose the first admin key (TRIAGE_ADMIN_API_KEY).
 */
export interface NewApiKey {
  workspaceId: string;
  name: string;
  role: ApiKeyRole;
  createdBy: string | null;
  /** Lets automation choose the first admin key (TRIAGE_ADMIN_API_KEY). */
  presetSecret?: string;
}

/** Creates an API key and returns its secret, which is never shown again. */
export async function createApiKey(
  deps: AccessDeps,
  input: NewApiKey,
  actor: Actor,
): Promise<{ id: string; key: string; prefix: string }> {
  return deps.db.transaction((tx) => insertApiKey(tx, deps.clock, input, actor));
}

export async function insertApiKey(
  tx: Sql,
  clock: Clock,
  input: NewApiKey,
  actor: Actor,
): Promise<{ id: string; key: string; prefix: string }> {
  const key = input.presetSecret ?? newSecret('trg_');
  const prefix = key.slice(0, 8);
  const { id } = await one<{ id: string }>(
    tx,
    `INSERT INTO api_keys (workspace_id, name, prefix, secret_hash, role, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [input.workspaceId, input.name, prefix, sha256Hex(key), input.role, input.createdBy],
  );
  await appendEvent(tx, {
    workspaceId: input.workspaceId,
    actor,
    action: 'api_key.created',
    subjectType: 'api_key',
    subjectId: id,
    payload: { name: input.name, role: input.role, prefix },
    occurredAt: clock.now(),
  });
  return { id, key, prefix };
}

export async function resolveApiKey(deps: AccessDeps, key: string): Promise<ApiKeyIdentity | undefined> {
  const hash = sha256Hex(key);
  const row = await maybeOne<ApiKeyIdentity & { secretHash: string }>(
    deps.db,
    `SELECT k.id, k.name, k.role, k.workspace_id AS "workspaceId", w.slug AS "workspaceSlug",
            k.secret_hash AS "secretHash"
       FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
      WHERE k.secret_hash = $1 AND k.revoked_at IS NULL`,
    [hash],
  );
  if (!row || !safeEqual(row.secretHash, hash)) return undefined;
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    workspaceId: row.workspaceId,
    workspaceSlug: row.workspaceSlug,
  };
}
