import { type Permission, permissionsOfUserRole, type UserRole } from '../modules/access/index.js';
import { maybeOne, type Sql } from '../platform/db/database.js';
import { AppError } from '../platform/errors/app-error.js';
import type { Actor } from '../platform/events/index.js';

// On the database directly there is no login: a command that needs a person (a step up is
// requested and approved by people, never by "the CLI") names them with --as, and they must be
// an active member whose role holds the permission the API would ask for.

export interface PersonContext {
  workspaceId: string;
  actor: Actor;
  userId: string;
}

export async function personContext(
  sql: Sql,
  workspaceId: string,
  email: string | undefined,
  permission: Permission,
): Promise<PersonContext> {
  if (!email)
    throw new AppError('validation_failed', 'Say who you are: --as <e-mail of a workspace member>.');
  const person = await maybeOne<{ id: string; name: string; role: UserRole }>(
    sql,
    `SELECT u.id, u.name, m.role FROM users u JOIN memberships m ON m.user_id = u.id AND m.workspace_id = $1
      WHERE lower(u.email) = lower($2) AND u.disabled_at IS NULL`,
    [workspaceId, email.trim()],
  );
  if (!person) throw new AppError('not_found', `${email} is not an active member of this workspace.`);
  if (!permissionsOfUserRole(person.role).has(permission)) {
    throw new AppError(
      'forbidden',
      `${person.name} (${person.role}) may not do this: it needs ${permission}.`,
    );
  }
  return { workspaceId, actor: { type: 'user', id: person.id, name: person.name }, userId: person.id };
}
