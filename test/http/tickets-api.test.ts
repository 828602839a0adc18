import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoHistory } from '../../src/modules/demo/index.js';
import { verifyEventChain } from '../../src/platform/events/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

describe.each(targets)('tickets API on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    handle = await target.open();
    app = await startTestApp({ db: handle.db });
    api = apiClient(app.url, { apiKey: app.apiKey });
    // A small labelled history through the public API, then a first model.
    const rows = generateDemoHistory({ seed: 7, count: 420 }).map((t) => ({
      externalId: t.externalId,
      subject: t.subject,
      body: t.body,
      category: t.category,
    }));
    const imported = await api<Json>('POST', '/api/v1/history/import', { rows, createCategories: true });
    expect(imported.status).toBe(200);
    expect(imported.body.created).toBe(420);
    expect((await api('POST', '/api/v1/models/train')).status).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await handle?.dispose();
  });

  const ticket = {
    source: 'zendesk',
    externalId: 'ZD-1',
    subject: 'Charged twice',
    body: 'My card was charged twice for the invoice this month.',
  };

  it('creates a ticket with its prediction and decision (201), and returns the same ticket on a repeat (200)', async () => {
    const first = await api<Json>('POST', '/api/v1/tickets', ticket);
    expect(first.status).toBe(201);
    expect(first.body.prediction.modelVersion).toBe(1);
    expect(['applied', 'suggested', 'needs_review']).toContain(first.body.decision.outcome);
    expect(first.body.decision.rule).toMatch(/threshold/);
    const again = await api<Json>('POST', '/api/v1/tickets', ticket);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const listed = await api<Json>('GET', '/api/v1/tickets?source=zendesk&externalId=ZD-1');
    expect(listed.body.items).toHaveLength(1);
  });

  it('answers 409 external_id_conflict for the same key with other content, writing nothing', async () => {
    const before = await api<Json>('GET', '/api/v1/tickets?source=zendesk&externalId=ZD-1');
    const res = await api<Json>('POST', '/api/v1/tickets', { ...ticket, body: 'something else' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('external_id_conflict');
    const after = await api<Json>('GET', `/api/v1/tickets/${before.body.items[0].id}`);
    expect(after.body.body).toBe(ticket.body);
  });

  it.each([
    ['malformed JSON', '{"source": "x",', 'invalid_json'],
    ['a missing field', { source: 'x', subject: 'hi' }, 'validation_failed'],
    ['a wrong type', { source: 'x', externalId: 5, subject: 'hi' }, 'validation_failed'],
    ['neither subject nor body', { source: 'x', externalId: 'e' }, 'validation_failed'],
    ['an unknown field', { ...ticket, externalId: 'u1', colour: 'red' }, 'validation_failed'],
  ])('answers 400 with a code for %s', async (_name, body, code) => {
    const res = await api<Json>('POST', '/api/v1/tickets', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toEqual(expect.any(String));
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('answers 413 for a body over 1 MB', async () => {
    const res = await api<Json>('POST', '/api/v1/tickets', {
      ...ticket,
      externalId: 'big',
      body: 'x'.repeat(1_100_000),
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('answers 401 without credentials and with a wrong key', async () => {
    const anonymous = apiClient(app.url);
    expect((await anonymous<Json>('POST', '/api/v1/tickets', ticket)).body.code).toBe('unauthenticated');
    expect((await anonymous('GET', '/api/v1/tickets')).status).toBe(401);
    expect((await anonymous('GET', '/metrics')).status).toBe(401);
    const wrong = apiClient(app.url, { apiKey: 'trg_not_a_real_key_at_all_123' });
    expect((await wrong('GET', '/api/v1/tickets')).status).toBe(401);
    expect((await anonymous('GET', '/healthz')).status).toBe(200);
  });

  it('answers 403 when an integration key asks for what it may not do', async () => {
    const created = await api<Json>('POST', '/api/v1/api-keys', { name: 'helpdesk', role: 'integration' });
    expect(created.status).toBe(201);
    const integration = apiClient(app.url, { apiKey: created.body.key });
    expect(
      (await integration('POST', '/api/v1/tickets', { ...ticket, externalId: 'via-integration' })).status,
    ).toBe(201);
    const denied = await integration<Json>('POST', '/api/v1/models/train');
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('forbidden');
  });

  it('applies updates and comments once per event id', async () => {
    const created = await api<Json>('POST', '/api/v1/tickets', { ...ticket, externalId: 'ZD-2' });
    const id = created.body.id;
    const update = { eventId: 'evt-1', assignee: 'ana@example.com', customFields: { priority: 'high' } };
    const first = await api<Json>('PATCH', `/api/v1/tickets/${id}`, update);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      applied: true,
      assignee: 'ana@example.com',
      customFields: { priority: 'high' },
    });
    const retry = await api<Json>('PATCH', `/api/v1/tickets/${id}`, update);
    expect(retry.body.applied).toBe(false);
    const conflict = await api<Json>('PATCH', `/api/v1/tickets/${id}`, {
      eventId: 'evt-1',
      assignee: 'bob@example.com',
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('event_id_conflict');
    const comment = { eventId: 'c-1', kind: 'comment', author: 'ana', body: 'Looking into it' };
    expect((await api('POST', `/api/v1/tickets/${id}/activities`, comment)).status).toBe(201);
    expect((await api('POST', `/api/v1/tickets/${id}/activities`, comment)).status).toBe(200);
    const full = await api<Json>('GET', `/api/v1/tickets/${id}`);
    const actions = full.body.history.map((h: Json) => h.action);
    expect(actions.filter((a: string) => a === 'ticket.updated')).toHaveLength(1);
    expect(actions.filter((a: string) => a === 'ticket.commented')).toHaveLength(1);
    expect(actions).toEqual(expect.arrayContaining(['ticket.received', 'prediction.made', 'decision.made']));
  });

  it('records each change of assignee for the re-assignment hops, once per change', async () => {
    const created = await api<Json>('POST', '/api/v1/tickets', {
      ...ticket,
      externalId: 'ZD-hops',
      assignee: 'ana@example.com',
    });
    const id = created.body.id;
    const patch = (eventId: string, assignee: string | null) =>
      api('PATCH', `/api/v1/tickets/${id}`, { eventId, assignee });
    await patch('hop-1', 'bob@example.com');
    await patch('hop-1', 'bob@example.com'); // a retry changes nothing
    await patch('hop-2', ' BOB@example.com'); // the same person: the ticket keeps the text, no change recorded
    await patch('hop-3', null);
    await patch('hop-4', 'ana@example.com');
    const rows = await app.services.db.query<{ from: string | null; to: string | null }>(
      `SELECT from_assignee AS from, to_assignee AS to FROM ticket_assignments WHERE ticket_id = $1 ORDER BY id`,
      [id],
    );
    expect(rows).toEqual([
      { from: null, to: 'ana@example.com' },
      { from: 'ana@example.com', to: 'bob@example.com' },
      { from: ' BOB@example.com', to: null },
      { from: null, to: 'ana@example.com' },
    ]);
  });

  it('pages through tickets with a cursor without repeats', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await api<Json>(
        'GET',
        `/api/v1/tickets?source=zendesk&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const t of page.body.items) {
        expect(seen.has(t.id)).toBe(false);
        seen.add(t.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await api<Json>('GET', '/api/v1/tickets?source=zendesk&limit=200');
    expect(all.body.items.length).toBeGreaterThan(1);
    expect(seen.size).toBe(all.body.items.length);
    expect((await api<Json>('GET', '/api/v1/tickets?cursor=garbage')).body.code).toBe('validation_failed');
  });

  it('learns from a correction: the label is recorded and the next model includes it', async () => {
    // Nothing may be applied automatically, so the ticket is certain to reach review.
    const categories = await api<Json>('GET', '/api/v1/categories');
    for (const c of categories.body.items) {
      const patched = await api<Json>('PATCH', `/api/v1/categories/${c.id}`, { autonomy: 'suggest' });
      expect(patched.body.autonomy).toBe('suggest');
    }
    // In-scope wording, so that the out-of-scope detector lets it through to a suggestion.
    const texts = [
      'We were charged twice on this month’s invoice, please refund the duplicate payment.',
      'Cannot log in: the password reset email never arrives.',
      'Hello, a quick question about our account please.',
    ];
    let vague: { body: Json } | undefined;
    for (const [i, body] of texts.entries()) {
      vague = await api<Json>('POST', '/api/v1/tickets', { source: 'api', externalId: `vague-${i}`, body });
      if (vague.body.decision.outcome === 'suggested') break;
    }
    expect(vague!.body.decision.outcome).toBe('suggested');
    const queue = await api<Json>('GET', '/api/v1/review?limit=200');
    const item = queue.body.items.find((i: Json) => i.ticketId === vague!.body.id);
    expect(item).toMatchObject({
      reason: 'suggestion',
      suggestedCategoryId: vague!.body.decision.category.id,
    });
    const other = categories.body.items.find((c: Json) => c.id !== item.suggestedCategoryId);
    const unknown = await api<Json>('POST', `/api/v1/review/${item.id}/correct`, {
      category: 'no-such-category',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_category');
    const corrected = await api<Json>('POST', `/api/v1/review/${item.id}/correct`, { category: other.key });
    expect(corrected.status).toBe(200);
    expect(corrected.body.resolution).toBe('corrected');
    const twice = await api<Json>('POST', `/api/v1/review/${item.id}/accept`);
    expect(twice.body.code).toBe('already_resolved');
    const beforeTraining = await api<Json>('GET', `/api/v1/tickets/${item.ticketId}`);
    expect(beforeTraining.body.category.id).toBe(other.id);
    expect(beforeTraining.body.categorySetBy).toBe('human');
    expect(beforeTraining.body.learnedInModelVersion).toBeNull();
    const trained = await api<Json>('POST', '/api/v1/models/train');
    expect(trained.body.version).toBe(2);
    const after = await api<Json>('GET', `/api/v1/tickets/${item.ticketId}`);
    expect(after.body.learnedInModelVersion).toBe(2);
    const trainedEvent = after.body.history.find((h: Json) => h.action === 'model.trained');
    expect(trainedEvent.payload.version).toBe(2);
    expect(
      after.body.history.some((h: Json) => h.action === 'label.recorded' && h.payload.kind === 'correct'),
    ).toBe(true);
  });

  it('manages categories, and never proposes a retired one', async () => {
    const created = await api<Json>('POST', '/api/v1/categories', {
      name: 'Legal requests',
      description: 'Subpoenas, data-processing agreements, contracts.',
      examples: ['Please sign our DPA'],
      autonomy: 'human_only',
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toBe('legal-requests');
    const clash = await api<Json>('POST', '/api/v1/categories', { name: 'legal REQUESTS' });
    expect(clash.status).toBe(409);
    expect(created.body.autonomy).toBe('human_only');
    const badAutonomy = await api<Json>('PATCH', `/api/v1/categories/${created.body.id}`, {
      autonomy: 'sometimes',
    });
    expect(badAutonomy.status).toBe(400);
    expect(badAutonomy.body.code).toBe('validation_failed');
    const renamed = await api<Json>('PATCH', `/api/v1/categories/${created.body.id}`, { name: 'Legal' });
    expect(renamed.body.name).toBe('Legal');

    const probe = {
      source: 'api',
      subject: 'Charged twice',
      body: 'My card was charged twice for the invoice this month.',
    };
    const before = await api<Json>('POST', '/api/v1/tickets', { ...probe, externalId: 'retire-1' });
    const top = before.body.prediction.category;
    expect((await api('POST', `/api/v1/categories/${top.id}/retire`)).status).toBe(200);
    const after = await api<Json>('POST', '/api/v1/tickets', { ...probe, externalId: 'retire-2' });
    expect(after.body.prediction.category.id).not.toBe(top.id);
    expect(after.body.prediction.ranked.map((r: Json) => r.categoryId)).not.toContain(top.id);
    const live = await api<Json>('GET', '/api/v1/categories');
    expect(live.body.items.map((c: Json) => c.id)).not.toContain(top.id);
    const all = await api<Json>('GET', '/api/v1/categories?includeRetired=true');
    expect(all.body.items.find((c: Json) => c.id === top.id).retiredAt).not.toBeNull();
  });

  it('serves an OpenAPI document, readiness and Prometheus metrics', async () => {
    const doc = await api<Json>('GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.paths['/api/v1/tickets'].post).toBeDefined();
    const ready = await api<Json>('GET', '/readyz');
    expect(ready.body.ready).toBe(true);
    const metrics = await api<string>('GET', '/metrics');
    expect(metrics.body).toMatch(/triage_decisions_total\{outcome="(applied|suggested|needs_review)"\} \d+/);
    expect(metrics.body).toMatch(/triage_http_request_duration_seconds_bucket/);
  });

  it('leaves an intact audit chain behind everything above', async () => {
    const result = await verifyEventChain(handle.db, app.workspaceId);
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThan(800);
  });
});
