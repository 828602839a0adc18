import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one } from '../../platform/db/database.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { claimItem } from './review-claims.js';
import {
  archiveQueue,
  assignCategoryToQueue,
  createQueue,
  setQueueMembers,
  updateQueue,
} from './review-queues.js';
import { listQueueSummaries, listReviewItems } from './review-read-model.js';
import { type ReviewFixture, reviewFixture } from './test-support/review-fixture.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

const itemRow = (f: ReviewFixture, id: string) =>
  one<{ queueId: string; dueAt: Date; createdAt: Date; claimedBy: string | null; status: string }>(
    f.db,
    `SELECT queue_id AS "queueId", due_at AS "dueAt", created_at AS "createdAt", claimed_by AS "claimedBy", status
       FROM review_items WHERE id = $1`,
    [id],
  );

describe.each(targets)('review queue routing on $name', (target) => {
  let handle: TestDatabase;
  let f: ReviewFixture;
  let defaultQueueId: string;

  beforeAll(async () => {
    handle = await target.open();
    f = await reviewFixture(handle.db, 'routing');
    ({ id: defaultQueueId } = await one<{ id: string }>(
      f.db,
      'SELECT id FROM review_queues WHERE workspace_id = $1 AND is_default',
      [f.workspaceId],
    ));
  });
  afterAll(() => handle.dispose());

  it('gives a new workspace its default queue, where items without a prediction go, due after its SLA', async () => {
    const { itemId } = await f.openItem(null);
    const row = await itemRow(f, itemId);
    expect(row.queueId).toBe(defaultQueueId);
    expect(row.dueAt.getTime() - row.createdAt.getTime()).toBe(24 * 60 * 60_000);
  });

  it("routes by the predicted category: a mapped category to its queue with that queue's SLA, others to the default", async () => {
    const ana = await f.person('Ana');
    const billing = await f.category('Billing');
    const login = await f.category('Login');
    const queue = await createQueue(f, f.admin, {
      name: 'Billing team',
      ownerUserId: ana.userId,
      slaMinutes: 90,
    });
    expect(queue.key).toBe('billing-team');
    await assignCategoryToQueue(f, f.admin, queue.id, billing.key);
    const toBilling = await itemRow(f, (await f.openItem(billing.id)).itemId);
    expect(toBilling.queueId).toBe(queue.id);
    expect(toBilling.dueAt.getTime() - toBilling.createdAt.getTime()).toBe(90 * 60_000);
    expect((await itemRow(f, (await f.openItem(login.id)).itemId)).queueId).toBe(defaultQueueId);
  });

  it('moves the unclaimed open items of a category when it changes queue; claimed ones stay with their holder', async () => {
    const owner = await f.person('Owner');
    const bo = await f.person('Bo');
    const refunds = await f.category('Refunds');
    const unclaimed = await f.openItem(refunds.id);
    const claimed = await f.openItem(refunds.id);
    await setQueueMembers(f, f.admin, defaultQueueId, [bo.userId]);
    await claimItem(f, bo, claimed.itemId);
    const before = await itemRow(f, unclaimed.itemId);
    const queue = await createQueue(f, f.admin, {
      name: 'Refunds',
      ownerUserId: owner.userId,
      slaMinutes: 30,
    });
    const assigned = await assignCategoryToQueue(f, f.admin, queue.id, refunds.id);
    expect(assigned.movedItems).toBe(1);
    const moved = await itemRow(f, unclaimed.itemId);
    expect(moved.queueId).toBe(queue.id);
    expect(moved.dueAt).toEqual(before.dueAt);
    expect((await itemRow(f, claimed.itemId)).queueId).toBe(defaultQueueId);
    // Assigning to the default queue unmaps the category.
    await assignCategoryToQueue(f, f.admin, defaultQueueId, refunds.id);
    expect((await itemRow(f, (await f.openItem(refunds.id)).itemId)).queueId).toBe(defaultQueueId);
  });

  it('archives a queue: its categories and open items fall back to the default queue, claims dropped', async () => {
    const owner = await f.person('Cy');
    const shipping = await f.category('Shipping');
    const queue = await createQueue(f, f.admin, {
      name: 'Shipping',
      ownerUserId: owner.userId,
      slaMinutes: 60,
      memberIds: [owner.userId],
    });
    await assignCategoryToQueue(f, f.admin, queue.id, shipping.id);
    const open = await f.openItem(shipping.id);
    await claimItem(f, owner, open.itemId);
    await archiveQueue(f, f.admin, queue.id);
    const row = await itemRow(f, open.itemId);
    expect(row).toMatchObject({ queueId: defaultQueueId, claimedBy: null, status: 'open' });
    expect((await itemRow(f, (await f.openItem(shipping.id)).itemId)).queueId).toBe(defaultQueueId);
    await expect(archiveQueue(f, f.admin, defaultQueueId)).rejects.toMatchObject({ code: 'conflict' });
    await expect(updateQueue(f, f.admin, queue.id, { slaMinutes: 5 })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('refuses owners and members who are not people of the workspace, and an owner as own fallback', async () => {
    const dee = await f.person('Dee');
    const stranger = '00000000-0000-4000-8000-000000000001';
    await expect(
      createQueue(f, f.admin, { name: 'Nobody', ownerUserId: stranger, slaMinutes: 10 }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { unknownUserIds: [stranger] } });
    await expect(
      createQueue(f, f.admin, {
        name: 'Self',
        ownerUserId: dee.userId,
        fallbackOwnerUserId: dee.userId,
        slaMinutes: 10,
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      createQueue(f, f.admin, { name: 'billing TEAM', ownerUserId: dee.userId, slaMinutes: 10 }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('lists by deadline, filters overdue, unclaimed and mine, and counts per queue', async () => {
    const eve = await f.person('Eve');
    const urgent = await f.category('Urgent');
    const queue = await createQueue(f, f.admin, {
      name: 'Urgent',
      ownerUserId: eve.userId,
      slaMinutes: 10,
    });
    await assignCategoryToQueue(f, f.admin, queue.id, urgent.id);
    const first = await f.openItem(urgent.id);
    f.clock.advanceMinutes(5);
    const second = await f.openItem(urgent.id);
    await claimItem(f, eve, second.itemId);
    f.clock.advanceMinutes(6);
    const viewer = { workspaceId: f.workspaceId, userId: eve.userId };
    const list = (filter: 'all' | 'mine' | 'unclaimed' | 'overdue') =>
      listReviewItems(f.db, viewer, { queueId: queue.id, filter, limit: 50 }, f.clock.now());
    expect((await list('all')).items.map((i) => i.id)).toEqual([first.itemId, second.itemId]);
    const overdue = await list('overdue');
    expect(overdue.items.map((i) => i.id)).toEqual([first.itemId]);
    expect(overdue.items[0]!.overdue).toBe(true);
    expect((await list('unclaimed')).items.map((i) => i.id)).toEqual([first.itemId]);
    const mine = await list('mine');
    expect(mine.items.map((i) => i.id)).toEqual([second.itemId]);
    expect(mine.items[0]).toMatchObject({ claimedByName: 'Eve', overdue: false, queueName: 'Urgent' });
    const summaries = await listQueueSummaries(f.db, viewer, f.clock.now());
    // The default queue has no owner here, and Eve is no member of it.
    expect(summaries[0]).toMatchObject({
      id: defaultQueueId,
      isDefault: true,
      ownerUserId: null,
      canWork: false,
    });
    const summary = summaries.find((q) => q.id === queue.id)!;
    expect(summary).toMatchObject({
      ownerName: 'Eve',
      canWork: true,
      categories: [{ id: urgent.id, name: 'Urgent' }],
      counts: { open: 2, unclaimed: 1, overdue: 1, mine: 1, secondReviews: 0 },
    });
  });

  it('recorded every change as an event on an intact chain', async () => {
    const trail = await f.auditTrail();
    expect(trail.actions).toEqual(
      expect.arrayContaining([
        'review.opened',
        'review.claimed',
        'review_queue.created',
        'review_queue.category_assigned',
        'review_queue.members_set',
        'review_queue.archived',
      ]),
    );
    expect(trail.chainIntact).toBe(true);
  });
});
