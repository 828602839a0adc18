import type { AddressInfo } from 'node:net';
import { type AppServices, createServices } from '../../composition.js';
import { firstStart } from '../../first-start.js';
import { feedLiveDemoTicket, seedDemoWorkspace } from '../../modules/demo/index.js';
import { createServer } from '../../server/create-server.js';
import { loadConfig } from '../config/config.js';
import type { Database } from '../db/database.js';
import { databaseTargets } from './test-databases.js';

const openReviewItems = async (db: Database, workspaceId: string) =>
  (
    await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM review_items WHERE workspace_id = $1 AND status = 'open'`,
      [workspaceId],
    )
  )[0]!.n;

export interface TestApp {
  url: string;
  adminEmail: string;
  adminPassword: string;
  apiKey: string;
  workspaceId: string;
  services: AppServices;
  close(): Promise<void>;
}

export const TEST_ADMIN_PASSWORD = 'correct horse battery staple';
export const TEST_ADMIN_KEY = 'trg_test_admin_key_0123456789abcdef';
/** A fixed key, so tests never generate one into a data folder. */
export const TEST_ENCRYPTION_KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

/**
 * Starts the real app (composition root, HTTP server on a free port) on a fresh test
 * database. `seedReview` adds the demo categories, a small labelled history, a trained
 * model and live tickets, so the review queue has items.
 */
export async function startTestApp(
  options: { seedReview?: boolean; db?: Database; historySize?: number } = {},
): Promise<TestApp> {
  const owned = options.db ? undefined : await (await databaseTargets()).targets[0]!.open();
  const db = options.db ?? owned!.db;
  const config = loadConfig({
    TRIAGE_DEMO: 'false',
    TRIAGE_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    TRIAGE_ADMIN_API_KEY: TEST_ADMIN_KEY,
    LOG_LEVEL: 'warn',
    TRIAGE_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
  });
  const services = await createServices(config, { db });
  const first = await firstStart(services);
  const [workspace] = await db.query<{ id: string }>('SELECT id FROM workspaces ORDER BY created_at LIMIT 1');
  if (options.seedReview) {
    await seedDemoWorkspace(services, workspace!.id, {
      ownerUserId: null,
      historySize: options.historySize ?? 700,
      liveTickets: 0,
    });
    // Review items must not depend on how confident the model happens to be: with no
    // automatic application, live tickets are suggested until the queue has enough work.
    await db.query(`UPDATE categories SET autonomy = 'suggest' WHERE workspace_id = $1`, [workspace!.id]);
    for (let fed = 0; fed < 60 && (await openReviewItems(db, workspace!.id)) < 8; fed++) {
      await feedLiveDemoTicket(services, workspace!.id);
    }
  }
  const server = await createServer(services);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    adminEmail: first?.adminEmail ?? config.adminEmail,
    adminPassword: TEST_ADMIN_PASSWORD,
    apiKey: TEST_ADMIN_KEY,
    workspaceId: workspace!.id,
    services,
    async close() {
      await server.close();
      await owned?.dispose();
    },
  };
}
