import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one } from '../../platform/db/database.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import type { Category } from '../categories/index.js';
import { trainingLabels } from '../learning/index.js';
import { reviewAgreement } from './review-agreement.js';
import { claimItem, releaseItem } from './review-claims.js';
import type { ReviewerContext } from './review-item-lock.js';
import { assignCategoryToQueue, createQueue } from './review-queues.js';
import { listSecondReviewsFor } from './review-read-model.js';
import { updateReviewSettings } from './review-settings.js';
import { bulkResolve, resolveItem } from './resolve-items.js';
import { type ReviewFixture, reviewFixture } from './test-support/review-fixture.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Person = ReviewerContext & { userId: string };

describe.each(targets)('working a review queue on $name', (target) => {
  let handle: TestDatabase;
  let f: ReviewFixture;
  let owner: Person;
  let ana: Person;
  let bo: Person;
  let outsider: Person;
  let billing: Category;
  let refunds: Category;

  const row = (id: string) =>
    one<{ status: string; resolution: string | null; claimedBy: string | null; suggested: string | null }>(
      f.db,
      `SELECT status, resolution, claimed_by AS "claimedBy", suggested_category AS suggested
         FROM review_items WHERE id = $1`,
      [id],
    );
  const labelCount = async (ticketId: string) =>
    (await one<{ n: number }>(f.db, 'SELECT count(*)::int AS n FROM labels WHERE ticket_id = $1', [ticketId]))
      .n;
  const eventCount = async () =>
    (
      await one<{ n: number }>(f.db, 'SELECT count(*)::int AS n FROM events WHERE workspace_id = $1', [
        f.workspaceId,
      ])
    ).n;

  beforeAll(async () => {
    handle = await target.open();
    f = await reviewFixture(handle.db, 'work');
    [owner, ana, bo, outsider] = [
      await f.person('Owner'),
      await f.person('Ana'),
      await f.person('Bo'),
      await f.person('Out'),
    ];
    billing = await f.category('Billing');
    refunds = await f.category('Refunds');
    const queue = await createQueue(f, f.admin, {
      name: 'Money',
      ownerUserId: owner.userId,
      slaMinutes: 60,
      memberIds: [ana.userId, bo.userId],
    });
    await assignCategoryToQueue(f, f.admin, queue.id, billing.id);
    await assignCategoryToQueue(f, f.admin, queue.id, refunds.id);
    await updateReviewSettings(f, f.admin, { secondReviewShare: 0 });
  });
  afterAll(() => handle.dispose());

  it('lets a member claim; others then get item_already_claimed, non-members not_queue_member', async () => {
    const { itemId } = await f.openItem(billing.id);
    await expect(claimItem(f, outsider, itemId)).rejects.toMatchObject({ code: 'not_queue_member' });
    const claim = await claimItem(f, ana, itemId);
    expect(claim.claimedBy).toBe(ana.userId);
    expect(await claimItem(f, ana, itemId)).toEqual(claim);
    await expect(claimItem(f, bo, itemId)).rejects.toMatchObject({ code: 'item_already_claimed' });
    await expect(resolveItem(f, bo, itemId, { action: 'accept' })).rejects.toMatchObject({
      code: 'item_already_claimed',
    });
    await expect(releaseItem(f, bo, itemId)).rejects.toMatchObject({ code: 'item_already_claimed' });
    await expect(claimItem(f, f.admin, itemId)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('gives exactly one of two simultaneous claims the item', async () => {
    const { itemId } = await f.openItem(billing.id);
    const results = await Promise.allSettled([claimItem(f, ana, itemId), claimItem(f, bo, itemId)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'item_already_claimed' });
    const claimedBy = (await row(itemId)).claimedBy;
    expect([ana.userId, bo.userId]).toContain(claimedBy);
  });

  it("releases by the holder or the queue's owner, after which someone else can claim", async () => {
    const { itemId } = await f.openItem(billing.id);
    await claimItem(f, ana, itemId);
    await releaseItem(f, owner, itemId);
    expect((await row(itemId)).claimedBy).toBeNull();
    expect(await releaseItem(f, bo, itemId)).toMatchObject({ claimedBy: null });
    await claimItem(f, bo, itemId);
    await releaseItem(f, bo, itemId);
    await claimItem(f, ana, itemId);
    expect((await row(itemId)).claimedBy).toBe(ana.userId);
  });

  it('accepts and corrects as labels, without needing a claim first', async () => {
    const accepted = await f.openItem(billing.id);
    const result = await resolveItem(f, ana, accepted.itemId, { action: 'accept' });
    expect(result).toMatchObject({
      resolution: 'accepted',
      categoryId: billing.id,
      secondReviewItemId: null,
    });
    expect(result.label).toMatchObject({ kind: 'accept', reasonCode: 'accepted_suggestion' });
    const corrected = await f.openItem(billing.id);
    const fixed = await resolveItem(f, bo, corrected.itemId, { action: 'correct', category: 'Refunds' });
    expect(fixed).toMatchObject({
      resolution: 'corrected',
      categoryId: refunds.id,
      label: { kind: 'correct', reasonCode: 'corrected_prediction', actorId: bo.userId },
    });
    await expect(resolveItem(f, ana, corrected.itemId, { action: 'accept' })).rejects.toMatchObject({
      code: 'already_resolved',
    });
    await expect(
      resolveItem(f, outsider, (await f.openItem(billing.id)).itemId, { action: 'accept' }),
    ).rejects.toMatchObject({ code: 'not_queue_member' });
  });

  it('records "none fits" with the proposed category and no label, and refuses an existing name', async () => {
    const { itemId, ticketId } = await f.openItem(billing.id);
    await expect(
      resolveItem(f, ana, itemId, { action: 'none_fits', suggestedCategory: 'billing' }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { categoryId: billing.id } });
    const result = await resolveItem(f, ana, itemId, {
      action: 'none_fits',
      suggestedCategory: 'Chargebacks',
    });
    expect(result).toMatchObject({ resolution: 'none_fits', categoryId: null, label: null });
    expect(await row(itemId)).toMatchObject({
      status: 'resolved',
      resolution: 'none_fits',
      suggested: 'Chargebacks',
    });
    expect(await labelCount(ticketId)).toBe(0);
  });

  it('bulk-resolves all items or none: one claimed by someone else leaves every item as it was', async () => {
    const items = [await f.openItem(billing.id), await f.openItem(refunds.id), await f.openItem(billing.id)];
    await claimItem(f, bo, items[2]!.itemId);
    const events = await eventCount();
    const ids = items.map((i) => i.itemId);
    await expect(bulkResolve(f, ana, { itemIds: ids, category: refunds.id })).rejects.toMatchObject({
      code: 'item_already_claimed',
      details: { itemId: items[2]!.itemId },
    });
    for (const item of items) {
      expect((await row(item.itemId)).status).toBe('open');
      expect(await labelCount(item.ticketId)).toBe(0);
    }
    expect(await eventCount()).toBe(events);
    await expect(
      bulkResolve(f, ana, {
        itemIds: [ids[0]!, '00000000-0000-4000-8000-000000000009'],
        category: refunds.id,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(bulkResolve(f, ana, { itemIds: ids, category: 'no such category' })).rejects.toMatchObject({
      code: 'unknown_category',
    });

    await releaseItem(f, bo, items[2]!.itemId);
    const { resolved } = await bulkResolve(f, ana, { itemIds: ids, category: refunds.id });
    expect(resolved.map((r) => r.resolution).sort()).toEqual(['accepted', 'corrected', 'corrected']);
    for (const item of items) {
      expect((await row(item.itemId)).status).toBe('resolved');
      expect(await labelCount(item.ticketId)).toBe(1);
    }
  });

  it('sends the sampled share to a blind second review by someone else, and measures agreement', async () => {
    await updateReviewSettings(f, f.admin, { secondReviewShare: 1 });
    const tickets: { ticketId: string; agreed: boolean; first: string }[] = [];
    const answers: [string, string][] = [
      [billing.id, billing.id],
      [billing.id, billing.id],
      [refunds.id, refunds.id],
      [billing.id, refunds.id],
    ];
    for (const [first, second] of answers) {
      const { itemId, ticketId } = await f.openItem(billing.id);
      const resolved = await resolveItem(f, ana, itemId, { action: 'correct', category: first });
      const secondId = resolved.secondReviewItemId!;
      expect(secondId).toEqual(expect.any(String));
      // Ana did the first review: the second is not hers to see, claim or answer.
      const anasList = await listSecondReviewsFor(f.db, ana, { limit: 50 }, f.clock.now());
      expect(anasList.items.map((i) => i.id)).not.toContain(secondId);
      await expect(claimItem(f, ana, secondId)).rejects.toMatchObject({ code: 'forbidden' });
      const bosList = await listSecondReviewsFor(f.db, bo, { limit: 50 }, f.clock.now());
      const shown = bosList.items.find((i) => i.id === secondId)!;
      expect(shown).toMatchObject({ kind: 'second', suggestedCategoryId: billing.id });
      expect(JSON.stringify(shown)).not.toContain('corrected');
      await expect(bulkResolve(f, bo, { itemIds: [secondId], category: second })).rejects.toMatchObject({
        code: 'validation_failed',
      });
      const secondResult = await resolveItem(f, bo, secondId, { action: 'correct', category: second });
      // The second answer is a 'review' label with its provenance, but it does not overrule: the
      // ticket keeps the first reviewer's category.
      expect(secondResult).toMatchObject({
        kind: 'second',
        label: { kind: 'review', reasonCode: 'second_review', categoryId: second, previousCategoryId: first },
        secondReviewItemId: null,
      });
      expect(await labelCount(ticketId)).toBe(2);
      const { categoryId } = await one<{ categoryId: string }>(
        f.db,
        'SELECT category_id AS "categoryId" FROM tickets WHERE id = $1',
        [ticketId],
      );
      expect(categoryId).toBe(first);
      tickets.push({ ticketId, agreed: first === second, first });
    }
    // Training: agreeing pairs teach their category; the pair that disagreed, never settled, is left out.
    const training = await trainingLabels(f.db, f.workspaceId);
    const taught = new Map(training.examples.map((e) => [e.id, e.category]));
    for (const t of tickets) expect(taught.get(t.ticketId)).toBe(t.agreed ? t.first : undefined);
    expect(training.conflicting).toBe(1);
    const report = await reviewAgreement(f.db, f.workspaceId);
    expect(report.pairs).toBe(4);
    expect(report.observed).toBeCloseTo(0.75, 10);
    // First (3 billing, 1 refunds), second (2, 2): p_e = 0.75·0.5 + 0.25·0.5 = 0.5.
    expect(report.kappa).toBeCloseTo(0.5, 10);
    expect(report.categories.map((c) => c.name)).toEqual(['Billing', 'Refunds']);
    expect(report.categories[0]).toMatchObject({ categoryId: billing.id, agreed: 2, involved: 3 });
  });

  it('samples nothing at share 0', async () => {
    await updateReviewSettings(f, f.admin, { secondReviewShare: 0 });
    const { itemId } = await f.openItem(billing.id);
    expect((await resolveItem(f, ana, itemId, { action: 'accept' })).secondReviewItemId).toBeNull();
  });

  it('recorded every change as an event on an intact chain', async () => {
    const trail = await f.auditTrail();
    expect(trail.actions).toEqual(
      expect.arrayContaining([
        'review.claimed',
        'review.released',
        'review.resolved',
        'label.recorded',
        'second_review.opened',
        'second_review.resolved',
        'review.settings_updated',
      ]),
    );
    expect(trail.chainIntact).toBe(true);
  });
});
