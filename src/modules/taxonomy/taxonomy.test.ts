import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.js';
import { one } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { systemActor, verifyEventChain } from '../../platform/events/index.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { insertUser, type User } from '../access/index.js';
import { type Category, listCategories } from '../categories/index.js';
import { syntheticTickets } from '../classifier/test-support/synthetic-tickets.js';
import { previewDecision } from '../decisions/index.js';
import { importHistoryBatch } from '../imports/index.js';
import { ChampionCache, labelledTickets, promoteModel, trainWorkspaceModel } from '../learning/index.js';
import { assignCategoryToQueue, createQueue, listReviewItems, resolveItem } from '../review/index.js';
import { receiveTicket } from '../tickets/index.js';
import {
  applyTaxonomyChange,
  categoryOverview,
  previewTaxonomyChange,
  type TaxonomyChangeInput,
  taxonomyStatus,
} from './index.js';

const { targets } = await databaseTargets();

const rejects = (promise: Promise<unknown>, code: string) =>
  expect(promise).rejects.toSatisfy((e) => e instanceof AppError && e.code === code);

const title = (c: string) => c[0]!.toUpperCase() + c.slice(1);
const history = syntheticTickets(25, 7);
/** Texts worded exactly like a category's labelled examples. */
const exampleOf = (category: string) => history.find((h) => h.category === category)!;

describe.each(targets)('taxonomy changes on $name', (target) => {
  let handle: TestDatabase;
  let workspaceId: string;
  let olga: User;
  let byName: Map<string, Category>;
  let logisticsQueueId: string;
  let suggestedBeforeMerge: string;
  let suggestedBeforeSplit: string;
  const champions = new ChampionCache();
  const deps = () => ({ db: handle.db, clock: systemClock, splitSampleSize: 20 });
  const asOlga = () => ({
    workspaceId,
    actor: { type: 'user' as const, id: olga.id, name: olga.name },
    userId: olga.id,
  });
  const change = (input: TaxonomyChangeInput) => applyTaxonomyChange(deps(), asOlga(), input);
  const idOf = (name: string) => byName.get(name)!.id;
  const ticketsLabelled = (categoryId: string) =>
    handle.db.query<{ ticketId: string }>(
      `SELECT DISTINCT ticket_id AS "ticketId" FROM labels WHERE category_id = $1 AND kind = 'import' ORDER BY 1`,
      [categoryId],
    );

  beforeAll(async () => {
    handle = await target.open();
    workspaceId = (
      await one<{ id: string }>(
        handle.db,
        `INSERT INTO workspaces (slug, name) VALUES ('tx', 'Tx') RETURNING id`,
      )
    ).id;
    olga = await handle.db.transaction((tx) =>
      insertUser(
        tx,
        systemClock,
        { email: 'olga@tx.test', name: 'Olga Lead', passwordHash: 'x', workspaceId, role: 'lead' },
        { type: 'system', name: 'test' },
      ),
    );
    // The history comes from someone else than the person who later changes the taxonomy.
    await importHistoryBatch(
      { db: handle.db, clock: systemClock },
      { workspaceId, actor: systemActor('history import') },
      history.map((h) => ({
        externalId: h.id,
        subject: h.subject,
        body: h.body,
        category: title(h.category),
      })),
      { createCategories: true, source: 'history' },
    );
    byName = new Map((await listCategories(handle.db, workspaceId)).map((c) => [c.name, c]));
    const queue = await createQueue({ db: handle.db, clock: systemClock }, asOlga(), {
      name: 'Logistics',
      ownerUserId: olga.id,
      slaMinutes: 60,
    });
    logisticsQueueId = queue.id;
    await assignCategoryToQueue({ db: handle.db, clock: systemClock }, asOlga(), queue.id, idOf('Shipping'));
    await trainWorkspaceModel({ db: handle.db, clock: systemClock, champions }, asOlga());
    // A ticket the AI suggested Billing for, still waiting for its review when Billing is merged.
    // And one it suggested Shipping for, waiting when Shipping is split.
    await handle.db.query(`UPDATE categories SET autonomy = 'suggest' WHERE id = ANY($1::uuid[])`, [
      [idOf('Billing'), idOf('Shipping')],
    ]);
    const suggest = async (category: string) => {
      const text = exampleOf(category);
      const received = await receiveTicket({ db: handle.db, clock: systemClock, champions }, asOlga(), {
        source: 'api',
        externalId: `before-change-${category}`,
        subject: text.subject,
        body: text.body,
      });
      return received.ticketId;
    };
    suggestedBeforeMerge = await suggest('billing');
    suggestedBeforeSplit = await suggest('shipping');
  });
  afterAll(() => handle?.dispose());

  it('renames in place: the id stays and the name reads "now (was then)"', async () => {
    const renamed = await change({ kind: 'rename', categoryId: idOf('Login'), name: 'Sign-in' });
    expect(renamed).toMatchObject({
      version: 1,
      kind: 'rename',
      categoryMap: { from: 'Login', to: 'Sign-in' },
    });
    const overview = await categoryOverview(handle.db, workspaceId);
    expect(overview.find((c) => c.id === idOf('Login'))).toMatchObject({
      name: 'Sign-in',
      key: 'login',
      status: 'live',
      displayName: 'Sign-in (was Login)',
      labelledTickets: 25,
    });
  });

  it('merges by an explicit map: new labels, old ones untouched, history still names the old category', async () => {
    const billing = idOf('Billing');
    const billed = await ticketsLabelled(billing);
    const merge: TaxonomyChangeInput = {
      kind: 'merge',
      sources: [billing],
      into: { name: 'Payments' },
      note: 'one team',
    };

    const preview = await previewTaxonomyChange(deps(), asOlga(), merge);
    expect(preview.effect).toMatchObject({ labelsAppended: 25, ticketsMoved: 25, categoriesRetired: 1 });
    expect((await taxonomyStatus(handle.db, workspaceId)).version).toBe(1);
    expect((await listCategories(handle.db, workspaceId)).map((c) => c.name)).not.toContain('Payments');

    const merged = await change(merge);
    expect(merged).toMatchObject({ version: 2, kind: 'merge', note: 'one team', actorName: 'Olga Lead' });
    expect(merged.effect).toEqual(preview.effect);
    const payments = (merged.categoryMap as { into: string }).into;

    const labels = await handle.db.query<{
      kind: string;
      categoryId: string;
      previous: string | null;
      reasonCode: string | null;
      actorId: string;
    }>(
      `SELECT kind, category_id AS "categoryId", previous_category_id AS previous, reason_code AS "reasonCode",
              actor_id AS "actorId"
         FROM labels WHERE ticket_id = $1 ORDER BY seq`,
      [billed[0]!.ticketId],
    );
    expect(labels).toEqual([
      { kind: 'import', categoryId: billing, previous: null, reasonCode: 'imported', actorId: null },
      {
        kind: 'taxonomy',
        categoryId: payments,
        previous: billing,
        reasonCode: 'category_merged',
        actorId: olga.id,
      },
    ]);
    const moved = await handle.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1 AND category_id = $2`,
      [workspaceId, payments],
    );
    expect(moved[0]!.n).toBe(25);

    // The ticket's history still has the import label's event naming Billing, and the overview
    // resolves that id to its lineage.
    const events = await handle.db.query<{ action: string; payload: Record<string, unknown> }>(
      `SELECT action, payload FROM events WHERE subject_type = 'ticket' AND subject_id = $1 ORDER BY seq`,
      [billed[0]!.ticketId],
    );
    expect(events.map((e) => [e.action, e.payload.categoryId, e.payload.reasonCode])).toEqual([
      ['ticket.imported', undefined, undefined],
      ['label.recorded', billing, 'imported'],
      ['label.recorded', payments, 'category_merged'],
    ]);
    const overview = await categoryOverview(handle.db, workspaceId);
    expect(overview.find((c) => c.id === billing)).toMatchObject({
      status: 'merged',
      mergedIntoId: payments,
      displayName: 'Billing (retired, merged into Payments)',
      labelledTickets: 0,
    });
    expect(overview.find((c) => c.id === payments)).toMatchObject({ status: 'live', labelledTickets: 25 });
    const training = await labelledTickets(handle.db, workspaceId);
    expect(training.filter((t) => t.category === payments)).toHaveLength(25);
    expect(training.some((t) => t.category === billing)).toBe(false);

    // The suggestion made before the merge now reads as Payments, and accepting it records Payments.
    const { items } = await listReviewItems(
      handle.db,
      { workspaceId, userId: olga.id },
      { filter: 'all', limit: 10 },
      new Date(),
    );
    expect(items.filter((i) => i.ticketId === suggestedBeforeMerge)).toEqual([
      expect.objectContaining({
        ticketId: suggestedBeforeMerge,
        outcome: 'suggested',
        suggestedCategoryId: payments,
        suggestedCategoryName: 'Payments',
      }),
    ]);
    // (As the workspace's admin key: Olga does not work the default queue.)
    const accepted = await resolveItem(
      { db: handle.db, clock: systemClock },
      { ...asOlga(), userId: null },
      items.find((i) => i.ticketId === suggestedBeforeMerge)!.id,
      { action: 'accept' },
    );
    expect(accepted).toMatchObject({ resolution: 'accepted', categoryId: payments });
    expect((await verifyEventChain(handle.db, workspaceId)).ok).toBe(true);
  });

  it('splits: the map relabels what a person sorted, reviewers relabel a sample, the rest leaves training', async () => {
    const shipping = idOf('Shipping');
    const shipped = (await ticketsLabelled(shipping)).map((t) => t.ticketId);
    const split = await change({
      kind: 'split',
      source: shipping,
      targets: [{ name: 'Delivery' }, { name: 'Returns' }],
      assignments: [
        { ticketId: shipped[0]!, target: 'Delivery' },
        { ticketId: shipped[1]!, target: 'delivery' },
        { ticketId: shipped[2]!, target: 'Returns' },
      ],
      sampleSize: 5,
    });
    expect(split.version).toBe(3);
    expect(split.effect).toMatchObject({
      labelsAppended: 3,
      ticketsMoved: 3,
      ticketsToRelabel: 22,
      reviewItemsOpened: 5,
      categoriesCreated: 2,
      categoriesRetired: 1,
    });
    const map = split.categoryMap as { targets: string[]; sampled: string[] };
    const [delivery, returns] = map.targets as [string, string];
    expect(map.sampled).toHaveLength(5);
    expect(map.sampled.some((id) => shipped.slice(0, 3).includes(id))).toBe(false);

    const splitLabels = await handle.db.query<{ categoryId: string; reasonCode: string; previous: string }>(
      `SELECT category_id AS "categoryId", reason_code AS "reasonCode", previous_category_id AS previous
         FROM labels WHERE kind = 'taxonomy' AND ticket_id = ANY($1::uuid[]) ORDER BY category_id = $2 DESC`,
      [shipped.slice(0, 3), delivery],
    );
    expect(splitLabels).toEqual([
      { categoryId: delivery, reasonCode: 'category_split', previous: shipping },
      { categoryId: delivery, reasonCode: 'category_split', previous: shipping },
      { categoryId: returns, reasonCode: 'category_split', previous: shipping },
    ]);

    // The sample waits in the queue the split category worked in (the new categories inherit it).
    const items = await handle.db.query<{
      id: string;
      ticketId: string;
      reason: string;
      queueId: string;
      proposed: string | null;
    }>(
      `SELECT r.id, r.ticket_id AS "ticketId", r.reason, r.queue_id AS "queueId", d.category_id AS proposed
         FROM review_items r JOIN decisions d ON d.id = r.decision_id
        WHERE r.workspace_id = $1 AND r.status = 'open' AND r.kind = 'first' AND r.reason = 'taxonomy_split'
        ORDER BY r.ticket_id`,
      [workspaceId],
    );
    expect(items.map((i) => i.ticketId).sort()).toEqual([...map.sampled].sort());
    expect(
      items.every((i) => i.reason === 'taxonomy_split' && i.queueId === logisticsQueueId && !i.proposed),
    ).toBe(true);

    // Unrelabelled tickets of the split category are out of training; the three sorted ones are in.
    let training = await labelledTickets(handle.db, workspaceId);
    expect(training.filter((t) => t.category === delivery || t.category === returns)).toHaveLength(3);
    expect(training.some((t) => t.category === shipping)).toBe(false);

    // A reviewer's answer is an ordinary label, and the ticket is back in training.
    const resolved = await resolveItem({ db: handle.db, clock: systemClock }, asOlga(), items[0]!.id, {
      action: 'correct',
      category: returns,
    });
    expect(resolved.label).toMatchObject({
      kind: 'correct',
      categoryId: returns,
      previousCategoryId: shipping,
    });
    training = await labelledTickets(handle.db, workspaceId);
    expect(training.filter((t) => t.category === returns).map((t) => t.id)).toContain(items[0]!.ticketId);

    // The suggestion of Shipping made before the split is no suggestion any more: a person chooses.
    const waiting = (
      await listReviewItems(
        handle.db,
        { workspaceId, userId: olga.id },
        { filter: 'all', limit: 50 },
        new Date(),
      )
    ).items.find((i) => i.ticketId === suggestedBeforeSplit)!;
    expect(waiting).toMatchObject({
      outcome: 'suggested',
      suggestedCategoryId: null,
      suggestedCategoryName: null,
    });
    await rejects(
      resolveItem({ db: handle.db, clock: systemClock }, { ...asOlga(), userId: null }, waiting.id, {
        action: 'accept',
      }),
      'validation_failed',
    );

    const overview = await categoryOverview(handle.db, workspaceId);
    expect(overview.find((c) => c.id === shipping)).toMatchObject({
      status: 'split',
      displayName: 'Shipping (retired, split into Delivery, Returns)',
    });
    expect((await verifyEventChain(handle.db, workspaceId)).ok).toBe(true);
  });

  it('refuses bad changes, each with its own code, and changes nothing', async () => {
    const before = (await taxonomyStatus(handle.db, workspaceId)).version;
    const bug = idOf('Bug');
    const payments = (await listCategories(handle.db, workspaceId)).find((c) => c.name === 'Payments')!.id;
    await rejects(
      change({ kind: 'retire', categoryId: '00000000-0000-4000-8000-000000000000' }),
      'unknown_category',
    );
    await rejects(
      change({ kind: 'merge', sources: [idOf('Billing')], into: { categoryId: bug } }),
      'category_retired',
    );
    await rejects(
      change({ kind: 'merge', sources: [bug], into: { categoryId: bug } }),
      'category_into_itself',
    );
    await rejects(
      change({ kind: 'split', source: bug, targets: [{ categoryId: payments }] }),
      'split_too_few_targets',
    );
    await rejects(
      change({ kind: 'split', source: bug, targets: [{ name: 'Crash' }, { name: 'crash' }] }),
      'split_too_few_targets',
    );
    const notABug = (await ticketsLabelled(payments))[0];
    const paymentTicket = (await ticketsLabelled(idOf('Billing')))[0]!.ticketId;
    expect(notABug).toBeUndefined();
    await rejects(
      change({
        kind: 'split',
        source: bug,
        targets: [{ name: 'Crash' }, { name: 'Glitch' }],
        assignments: [{ ticketId: paymentTicket, target: 'Crash' }],
      }),
      'ticket_not_in_category',
    );
    await rejects(change({ kind: 'add', category: { name: 'payments' } }), 'duplicate_category_name');
    await rejects(change({ kind: 'rename', categoryId: bug, name: 'Sign-in' }), 'duplicate_category_name');
    expect((await taxonomyStatus(handle.db, workspaceId)).version).toBe(before);
  });

  it("never predicts a retired category: intake, suggestions and the classify preview use today's taxonomy", async () => {
    const billing = idOf('Billing');
    const shipping = idOf('Shipping');
    const retired = new Set([billing, shipping]);
    const live = new Map((await listCategories(handle.db, workspaceId)).map((c) => [c.id, c.name]));
    const payments = [...live].find(([, name]) => name === 'Payments')![0];
    // The champion was trained before the changes: it still knows Billing and Shipping.
    const status = await taxonomyStatus(handle.db, workspaceId);
    expect(status).toMatchObject({
      version: 3,
      champion: { version: 1, taxonomyVersion: 0, retrainDue: true },
    });

    const ticketDeps = { db: handle.db, clock: systemClock, champions };
    for (const [n, category] of ['billing', 'shipping'].entries()) {
      const text = exampleOf(category);
      const { ticketId } = await receiveTicket(ticketDeps, asOlga(), {
        source: 'api',
        externalId: `after-change-${n}`,
        subject: text.subject,
        body: text.body,
      });
      const prediction = await one<{
        categoryId: string | null;
        ranked: { categoryId: string; name: string }[];
        explanation: { similar: { category: string }[] };
      }>(
        handle.db,
        `SELECT category_id AS "categoryId", ranked, explanation FROM predictions WHERE ticket_id = $1`,
        [ticketId],
      );
      const decision = await one<{ categoryId: string | null; outcome: string }>(
        handle.db,
        `SELECT category_id AS "categoryId", outcome FROM decisions WHERE ticket_id = $1`,
        [ticketId],
      );
      const ticket = await one<{ categoryId: string | null }>(
        handle.db,
        'SELECT category_id AS "categoryId" FROM tickets WHERE id = $1',
        [ticketId],
      );
      const named = [
        prediction.categoryId,
        ...prediction.ranked.map((r) => r.categoryId),
        ...prediction.explanation.similar.map((s) => s.category),
        decision.categoryId,
        ticket.categoryId,
      ].filter((id): id is string => id !== null);
      expect(named.filter((id) => retired.has(id))).toEqual([]);
      expect(named.every((id) => live.has(id))).toBe(true);
      expect(prediction.ranked.map((r) => r.name)).not.toContain(title(category));

      const preview = await previewDecision(handle.db, champions, workspaceId, {
        subject: text.subject ?? '',
        body: text.body ?? '',
      });
      expect(preview!.prediction.ranked.some((r) => retired.has(r.categoryId))).toBe(false);
      expect(preview!.decision.categoryId === null || live.has(preview!.decision.categoryId)).toBe(true);
      if (category === 'billing') {
        // Merged: the model's Billing is read as Payments, which it never saw — suggested, not applied.
        expect(prediction.categoryId).toBe(payments);
        expect(preview!.prediction.ranked[0]).toMatchObject({ categoryId: payments, autoThreshold: null });
        expect(decision.outcome).not.toBe('applied');
      }
    }

    // Retraining on the new taxonomy: the model no longer knows the retired categories at all.
    // It starts as the challenger; an owner promotes it here (the gate would after its sample).
    const retrained = await trainWorkspaceModel({ db: handle.db, clock: systemClock, champions }, asOlga());
    expect(retrained.status).toBe('challenger');
    await promoteModel({ db: handle.db, clock: systemClock }, asOlga(), retrained.version);
    expect(await taxonomyStatus(handle.db, workspaceId)).toMatchObject({
      champion: { version: 2, taxonomyVersion: 3, retrainDue: false },
    });
    const champion = await champions.champion(handle.db, workspaceId);
    expect(champion!.model.categories.filter((c) => retired.has(c))).toEqual([]);
  });
});
