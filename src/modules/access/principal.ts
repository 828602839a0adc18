import type { Actor } from '../../platform/events/index.js';
import type { Permission } from './permissions.js';

/** The authenticated caller of one request, scoped to one workspace. */
export interface Principal {
  actor: Actor;
  workspaceId: string;
  workspaceSlug: string;
  via: 'session' | 'api_key';
  role: string;
  permissions: ReadonlySet<Permission>;
  userId: string | null;
  email: string | null;
  /** The session's CSRF token (cookie sessions only). */
  csrfToken: string | null;
}

/** What a domain function needs to know about the caller. */
export interface RequestContext {
  workspaceId: string;
  actor: Actor;
}
