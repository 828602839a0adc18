import '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { AppServices } from '../composition.js';
import {
  membershipsOf,
  type Principal,
  permissionsOfApiKeyRole,
  permissionsOfUserRole,
  resolveApiKey,
  resolveSession,
} from '../modules/access/index.js';
import { AppError } from '../platform/errors/app-error.js';

export const SESSION_COOKIE = 'triage_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Establishes who is calling: an API key (`Authorization: Bearer …`) or a session cookie.
 * Cookie-authenticated state changes must echo the session's CSRF token in `x-csrf-token`
 * (the cookie is also SameSite=Strict; the token guards older browsers and subdomains).
 */
export async function authenticate(services: AppServices, req: FastifyRequest): Promise<Principal> {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const key = match?.[1] && (await resolveApiKey(services, match[1]));
    if (!key) throw new AppError('unauthenticated', 'The API key is missing, malformed, unknown or revoked.');
    return {
      actor: { type: 'api_key', id: key.id, name: `API key ${key.name}` },
      workspaceId: key.workspaceId,
      workspaceSlug: key.workspaceSlug,
      via: 'api_key',
      role: key.role,
      permissions: permissionsOfApiKeyRole(key.role),
      userId: null,
      email: null,
      csrfToken: null,
    };
  }
  const token = req.cookies[SESSION_COOKIE];
  const session = token ? await resolveSession(services, token) : undefined;
  if (!session)
    throw new AppError('unauthenticated', 'Log in or send an API key as "Authorization: Bearer <key>".');
  if (!SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken) {
    throw new AppError('csrf_failed', 'This change needs the x-csrf-token header of your session.');
  }
  const memberships = await membershipsOf(services, session.user.id);
  const wanted = req.headers['x-triage-workspace'];
  const membership =
    typeof wanted === 'string' ? memberships.find((m) => m.workspaceSlug === wanted) : memberships[0];
  if (!membership) throw new AppError('forbidden', 'You are not a member of this workspace.');
  return {
    actor: { type: 'user', id: session.user.id, name: session.user.name },
    workspaceId: membership.workspaceId,
    workspaceSlug: membership.workspaceSlug,
    via: 'session',
    role: membership.role,
    permissions: permissionsOfUserRole(membership.role),
    userId: session.user.id,
    email: session.user.email,
    csrfToken: session.csrfToken,
  };
}
