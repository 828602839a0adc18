import { generateDemoHistory } from '../../src/modules/demo/index.js';
import { HELPDESK_WRITEBACK } from '../../src/modules/integrations/index.js';
import { type DeliveryRun, deliverDueEffects } from '../../src/platform/outbox/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import type { DatabaseTarget, TestDatabase } from '../../src/platform/testing/test-databases.js';
import { type ApiClient, type ApiResponse, apiClient } from './api-client.js';

// What every connector's end-to-end test needs: the real app on a test database with a
// trained model (so tickets from the helpdesk are categorised), a connection made through the
// API, a way to deliver webhooks to it, and the outbox's delivery loop to run on demand.

type Json = Record<string, any>;

export interface HarnessCategory {
  id: string;
  key: string;
  name: string;
}

export interface ConnectorHarness {
  handle: TestDatabase;
  app: TestApp;
  api: ApiClient;
  categories: HarnessCategory[];
  connectionId: string;
  /** A clear ticket text of `billing` (its predicted category, applied at the loose policy). */
  clearTicket: { subject: string; body: string };
  billing: HarnessCategory;
  /** POSTs raw bytes to the connection's inbound route. */
  deliver(rawBody: string, headers: Record<string, string>): Promise<ApiResponse<Json>>;
  /** Runs the write-back delivery loop until no write-back is due or `timeoutMs` passed. */
  runOutbox(options?: { timeoutMs?: number; workerId?: string }): Promise<DeliveryRun[]>;
  ticketOf(externalId: string): Promise<Json | null>;
  labelsOf(ticketId: string): Promise<Json[]>;
  writeBacks(): Promise<Json[]>;
  close(): Promise<void>;
}

export async function startConnectorHarness(
  target: DatabaseTarget,
  connection: (categories: HarnessCategory[], billing: HarnessCategory) => Json,
): Promise<ConnectorHarness> {
  const handle = await target.open();
  const app = await startTestApp({ db: handle.db });
  const api = apiClient(app.url, { apiKey: app.apiKey });
  const rows = generateDemoHistory({ seed: 11, count: 700 }).map((t) => ({
    externalId: t.externalId,
    subject: t.subject,
    body: t.body,
    category: t.category,
  }));
  const imported = await api('POST', '/api/v1/history/import', { rows, createCategories: true });
  if (imported.status !== 200) throw new Error(`history import answered ${imported.status}`);
  if ((await api('POST', '/api/v1/models/train')).status !== 201) throw new Error('training failed');
  // A loose target so that a clear ticket is certain to clear its category's threshold.
  await api('PATCH', '/api/v1/decision-policy', { targetPrecision: 0.5 });
  const categories = ((await api<Json>('GET', '/api/v1/categories')).body.items as Json[]).map((c) => ({
    id: c.id as string,
    key: c.key as string,
    name: c.name as string,
  }));
  const clearTicket = {
    subject: 'Charged twice for the same invoice',
    body: 'Our card was charged twice for this month’s invoice. Please refund the duplicate payment.',
  };
  const preview = await api<Json>('POST', '/api/v1/classify', clearTicket);
  const billing = categories.find((c) => c.id === preview.body.ranked[0].categoryId)!;
  const created = await api<Json>('POST', '/api/v1/connections', connection(categories, billing));
  if (created.status !== 201)
    throw new Error(`creating the connection answered ${created.status}: ${JSON.stringify(created.body)}`);
  const connectionId = created.body.id as string;
  const services = app.services;

  return {
    handle,
    app,
    api,
    categories,
    connectionId,
    clearTicket,
    billing,
    deliver: (rawBody, headers) =>
      apiClient(app.url)<Json>('POST', `/api/v1/integrations/${connectionId}/events`, rawBody, headers),
    async runOutbox(options = {}) {
      const until = Date.now() + (options.timeoutMs ?? 15_000);
      const runs: DeliveryRun[] = [];
      for (;;) {
        const run = await deliverDueEffects(
          services.db,
          { [HELPDESK_WRITEBACK]: services.effectHandlers[HELPDESK_WRITEBACK]! },
          {
            workerId: options.workerId ?? 'test-worker',
            clock: services.clock,
            policy: services.outboxPolicy,
            onDeadLetter: services.onDeadLetter,
          },
        );
        runs.push(run);
        const [{ open }] = (await services.db.query<{ open: number }>(
          `SELECT count(*)::int AS open FROM outbox WHERE kind = $1 AND status IN ('pending', 'delivering')`,
          [HELPDESK_WRITEBACK],
        )) as [{ open: number }];
        if (open === 0 || Date.now() > until) return runs;
        if (run.claimed === 0) await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async ticketOf(externalId) {
      const [row] = await services.db.query<{ id: string }>(
        'SELECT id FROM tickets WHERE source = $1 AND external_id = $2',
        [`${created.body.kind}:${connectionId}`, externalId],
      );
      if (!row) return null;
      return (await api<Json>('GET', `/api/v1/tickets/${row.id}`)).body;
    },
    labelsOf: (ticketId) =>
      services.db.query<Json>(
        `SELECT kind, reason_code AS "reasonCode", category_id AS "categoryId", actor_type AS "actorType",
                actor_id AS "actorId" FROM labels WHERE ticket_id = $1 ORDER BY seq`,
        [ticketId],
      ),
    writeBacks: () =>
      services.db.query<Json>(
        `SELECT id, ordering_key AS "orderingKey", status, attempts, deferrals, payload, seq
           FROM outbox WHERE kind = $1 ORDER BY seq`,
        [HELPDESK_WRITEBACK],
      ),
    async close() {
      await app.close();
      await handle.dispose();
    },
  };
}
