import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

// Taxonomy changes over HTTP: preview then apply, the history that still reads, and a clear
// refusal (its own code and a sentence) for each kind of mistake.
describe.each(targets)('taxonomy API on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    handle = await target.open();
    app = await startTestApp({ db: handle.db });
    api = apiClient(app.url, { apiKey: app.apiKey });
    const rows = ['Billing', 'Payments', 'Login'].flatMap((category) =>
      [1, 2, 3].map((n) => ({
        externalId: `${category}-${n}`,
        subject: `${category} question ${n}`,
        category,
      })),
    );
    const imported = await api<Json>('POST', '/api/v1/history/import', { rows, createCategories: true });
    expect(imported.status).toBe(200);
    for (const c of (await api<Json>('GET', '/api/v1/categories')).body.items) ids[c.name] = c.id;
  });
  afterAll(async () => {
    await app?.close();
    await handle?.dispose();
  });

  const post = (body: Json, preview = false) =>
    api<Json>('POST', `/api/v1/taxonomy/changes${preview ? '/preview' : ''}`, body);

  it('previews a merge without changing anything, then applies it as version 1', async () => {
    const merge = { kind: 'merge', sources: [ids.Billing], into: { categoryId: ids.Payments } };
    const preview = await post(merge, true);
    expect(preview.status).toBe(200);
    expect(preview.body.effect).toMatchObject({ labelsAppended: 3, ticketsMoved: 3, categoriesRetired: 1 });
    expect((await api<Json>('GET', '/api/v1/taxonomy')).body.version).toBe(0);
    expect((await api<Json>('GET', '/api/v1/taxonomy/changes')).body.items).toEqual([]);

    const applied = await post({ ...merge, note: 'Billing and Payments are one team now' });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ version: 1, kind: 'merge', effect: preview.body.effect });

    const taxonomy = (await api<Json>('GET', '/api/v1/taxonomy')).body;
    expect(taxonomy.version).toBe(1);
    const billing = taxonomy.categories.find((c: Json) => c.id === ids.Billing);
    expect(billing).toMatchObject({
      status: 'merged',
      displayName: 'Billing (retired, merged into Payments)',
    });
    expect(taxonomy.categories.find((c: Json) => c.id === ids.Payments).labelledTickets).toBe(6);
    expect((await api<Json>('GET', '/api/v1/taxonomy/changes')).body.items).toEqual([
      expect.objectContaining({ version: 1, note: 'Billing and Payments are one team now' }),
    ]);

    // A moved ticket: now Payments, and its history keeps the Billing label and adds the migrated one.
    const list = (await api<Json>('GET', `/api/v1/tickets?categoryId=${ids.Payments}&limit=10`)).body.items;
    const moved = list.find((t: Json) => t.subject.startsWith('Billing'));
    const ticket = (await api<Json>('GET', `/api/v1/tickets/${moved.id}`)).body;
    expect(ticket.category.name).toBe('Payments');
    const labels = ticket.history
      .filter((h: Json) => h.action === 'label.recorded')
      .map((h: Json) => h.payload);
    expect(labels).toEqual([
      expect.objectContaining({ kind: 'import', categoryId: ids.Billing }),
      expect.objectContaining({
        kind: 'taxonomy',
        reasonCode: 'category_merged',
        previousCategoryId: ids.Billing,
      }),
    ]);
  });

  it('refuses mistakes with their own codes', async () => {
    const expectError = async (body: Json, status: number, code: string) => {
      const res = await post(body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toMatch(/\w+ \w+/);
    };
    await expectError(
      { kind: 'retire', categoryId: '00000000-0000-4000-8000-000000000000' },
      422,
      'unknown_category',
    );
    await expectError({ kind: 'rename', categoryId: ids.Billing, name: 'Invoices' }, 422, 'category_retired');
    await expectError(
      { kind: 'merge', sources: [ids.Login], into: { categoryId: ids.Login } },
      422,
      'category_into_itself',
    );
    await expectError(
      { kind: 'split', source: ids.Login, targets: [{ name: 'SSO' }] },
      422,
      'split_too_few_targets',
    );
    const payments = (await api<Json>('GET', `/api/v1/tickets?categoryId=${ids.Payments}&limit=1`)).body
      .items[0];
    await expectError(
      {
        kind: 'split',
        source: ids.Login,
        targets: [{ name: 'SSO' }, { name: 'Passwords' }],
        assignments: [{ ticketId: payments.id, target: 'SSO' }],
      },
      422,
      'ticket_not_in_category',
    );
    await expectError({ kind: 'add', category: { name: 'login' } }, 409, 'duplicate_category_name');
    await expectError({ kind: 'merge', sources: [], into: { name: 'X' } }, 400, 'validation_failed');
    expect((await api<Json>('GET', '/api/v1/taxonomy')).body.version).toBe(1);
  });

  it('lets readers see the taxonomy but only category writers change it', async () => {
    const created = await api<Json>('POST', '/api/v1/users', {
      email: 'rita@example.com',
      name: 'Rita',
      password: 'a long enough password',
      role: 'reviewer',
    });
    expect(created.status).toBe(201);
    const login = await apiClient(app.url)<Json>('POST', '/api/v1/auth/login', {
      email: 'rita@example.com',
      password: 'a long enough password',
    });
    const rita = apiClient(app.url, {
      cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
      csrf: login.body.csrfToken,
    });
    expect((await rita<Json>('GET', '/api/v1/taxonomy')).status).toBe(200);
    const refused = await rita<Json>('POST', '/api/v1/taxonomy/changes', {
      kind: 'retire',
      categoryId: ids.Login,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = await api<Json>('GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/taxonomy',
        '/api/v1/taxonomy/changes',
        '/api/v1/taxonomy/changes/preview',
      ]),
    );
  });
});
