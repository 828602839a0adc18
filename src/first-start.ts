import { randomBytes } from 'node:crypto';
import type { AppServices } from './composition.js';
import { countUsers, hashPassword, insertApiKey, insertUser } from './modules/access/index.js';
import { seedDemoWorkspace, simulateRolloutWeeks } from './modules/demo/index.js';
import { championVersion, trainWorkspaceModel, unreadableChampions } from './modules/learning/index.js';
import { adoptDefaultQueue } from './modules/review/index.js';
import { insertWorkspace, listWorkspaces, workspaceBySlug } from './modules/workspaces/index.js';
import { systemActor } from './platform/events/index.js';

export interface FirstStartResult {
  workspaceSlug: string;
  adminEmail: string;
  /** Present only when generated here: printed once, never stored in plain text. */
  adminPassword?: string;
  apiKey?: string;
  demo?: { categories: number; history: number; modelVersion: number };
  /** The simulated weeks of rollout history, when this start wrote (or completed) them. */
  demoWeeks?: { days: number; tickets: number; seconds: number };
}

const DEMO_SLUG = 'demo';

/**
 * On an empty database: the first workspace, an admin account and an admin API key, in one
 * transaction so a crash cannot leave an admin without the credentials that were never
 * shown (TRIAGE_ADMIN_PASSWORD / TRIAGE_ADMIN_API_KEY are used when set). Then, with
 * TRIAGE_DEMO on, the demo — resumed on the next start if a crash interrupted it.
 * Returns undefined when there was nothing to create.
 */
export async function firstStart(
  services: AppServices,
  onProgress: (msg: string) => void = () => undefined,
): Promise<FirstStartResult | undefined> {
  const { config } = services;
  const actor = systemActor('First start');
  let result: FirstStartResult | undefined;
  if ((await countUsers(services.db)) === 0) {
    const password = config.adminPassword ?? randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(password);
    const [existing] = await listWorkspaces(services.db);
    result = await services.db.transaction(async (tx) => {
      const workspace =
        existing ??
        (await insertWorkspace(
          tx,
          services.clock,
          config.demo
            ? { slug: DEMO_SLUG, name: 'Acme Cloud Support (demo)' }
            : { slug: 'default', name: 'Support' },
          actor,
        ));
      const admin = await insertUser(
        tx,
        services.clock,
        { email: config.adminEmail, name: 'Admin', passwordHash, workspaceId: workspace.id, role: 'admin' },
        actor,
      );
      await adoptDefaultQueue(tx, services.clock, { workspaceId: workspace.id, userId: admin.id }, actor);
      const key = await insertApiKey(
        tx,
        services.clock,
        {
          workspaceId: workspace.id,
          name: 'admin',
          role: 'admin',
          createdBy: admin.id,
          presetSecret: config.adminApiKey,
        },
        actor,
      );
      return {
        workspaceSlug: workspace.slug,
        adminEmail: admin.email,
        adminPassword: config.adminPassword ? undefined : password,
        apiKey: config.adminApiKey ? undefined : key.key,
      };
    });
  }
  const demo = config.demo ? await workspaceBySlug(services.db, DEMO_SLUG) : undefined;
  if (demo && !(await championVersion(services.db, demo.id))) {
    const [owner] = await services.db.query<{ id: string }>(
      `SELECT user_id AS id FROM memberships WHERE workspace_id = $1 AND role = 'admin' ORDER BY created_at LIMIT 1`,
      [demo.id],
    );
    const seeded = await seedDemoWorkspace(services, demo.id, { ownerUserId: owner?.id ?? null, onProgress });
    result = { ...(result ?? { workspaceSlug: demo.slug, adminEmail: config.adminEmail }), demo: seeded };
  }
  // Weeks of simulated team work on top of the seeded demo; resumed when a start was interrupted.
  if (demo && (await championVersion(services.db, demo.id))) {
    const started = performance.now();
    const weeks = await simulateRolloutWeeks(services, demo.id, { onProgress });
    if (weeks.ran) {
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      result = {
        ...(result ?? { workspaceSlug: demo.slug, adminEmail: config.adminEmail }),
        demoWeeks: { days: weeks.days, tickets: weeks.tickets, seconds },
      };
    }
  }
  await retrainUnreadableChampions(services, onProgress);
  return result;
}

/**
 * A champion saved in a model format this version cannot read (an upgrade changed it) would leave
 * every ticket without a prediction: retrain it from the same labels, as a new version.
 */
async function retrainUnreadableChampions(services: AppServices, onProgress: (msg: string) => void) {
  for (const stale of await unreadableChampions(services.db)) {
    onProgress(`Model v${stale.version} cannot be read by this version (${stale.reason}); retraining it.`);
    await trainWorkspaceModel(
      services,
      {
        workspaceId: stale.workspaceId,
        actor: systemActor('model-upgrade'),
      },
      { trigger: 'upgrade', replaceChampion: true },
    );
  }
}
