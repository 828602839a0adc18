import { randomBytes } from 'node:crypto';
import type { AppServices } from './composition.js';
import { countUsers, createApiKey, createUser } from './modules/access/index.js';
import { seedDemoWorkspace } from './modules/demo/index.js';
import { createWorkspace, listWorkspaces } from './modules/workspaces/index.js';
import { systemActor } from './platform/events/index.js';

export interface FirstStartResult {
  workspaceSlug: string;
  adminEmail: string;
  /** Present only when generated here: printed once, never stored in plain text. */
  adminPassword?: string;
  apiKey?: string;
  demo?: { categories: number; history: number; modelVersion: number };
}

/**
 * On an empty database: creates the first workspace, an admin account and an admin API key
 * (from TRIAGE_ADMIN_PASSWORD / TRIAGE_ADMIN_API_KEY when set), and the demo when enabled.
 * Returns undefined when the database already has people in it.
 */
export async function firstStart(
  services: AppServices,
  onProgress: (msg: string) => void = () => undefined,
): Promise<FirstStartResult | undefined> {
  if ((await countUsers(services.db)) > 0) return undefined;
  const { config } = services;
  const actor = systemActor('First start');
  const existing = await listWorkspaces(services.db);
  const workspace =
    existing[0] ??
    (await createWorkspace(
      services,
      config.demo ? { slug: 'demo', name: 'Acme Cloud Support (demo)' } : { slug: 'default', name: 'Support' },
      actor,
    ));
  const password = config.adminPassword ?? randomBytes(12).toString('base64url');
  const admin = await createUser(
    services,
    { email: config.adminEmail, name: 'Admin', password, workspaceId: workspace.id, role: 'admin' },
    actor,
  );
  const key = await createApiKey(
    services,
    { workspaceId: workspace.id, name: 'admin', role: 'admin', createdBy: admin.id, presetSecret: config.adminApiKey },
    actor,
  );
  const demo = config.demo ? await seedDemoWorkspace(services, workspace.id, { ownerUserId: admin.id, onProgress }) : undefined;
  return {
    workspaceSlug: workspace.slug,
    adminEmail: admin.email,
    adminPassword: config.adminPassword ? undefined : password,
    apiKey: config.adminApiKey ? undefined : key.key,
    demo,
  };
}
