import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.js';
import { aiActor } from '../../platform/events/index.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { latestLabelOf, recordLabel } from './labels.js';
import { type LabelledWorkspace, labelledWorkspace } from './test-support/labelled-workspace.js';
import { resolveTicketLabel, type TicketLabel, trainingLabels } from './training-labels.js';

const by = (actorId: string, seq: number, categoryId: string, kind = 'correct'): TicketLabel => ({
  seq,
  categoryId,
  kind,
  actorType: 'user',
  actorId,
});

describe('resolveTicketLabel', () => {
  it('takes the one category everybody gave', () => {
    expect(resolveTicketLabel([by('ana', 1, 'A', 'accept'), by('bo', 2, 'A', 'review')])).toEqual({
      outcome: 'labelled',
      categoryId: 'A',
    });
  });

  it('counts a person correcting their own label once, by their latest', () => {
    expect(resolveTicketLabel([by('ana', 1, 'A'), by('ana', 3, 'B')])).toEqual({
      outcome: 'labelled',
      categoryId: 'B',
    });
  });

  it('leaves out a ticket on which different people disagree and nobody ruled', () => {
    expect(resolveTicketLabel([by('bo', 2, 'B', 'review'), by('ana', 1, 'A')])).toEqual({
      outcome: 'conflict',
      categoryIds: ['A', 'B'],
    });
  });

  it('lets the latest ruling win over every label before it', () => {
    const labels = [by('ana', 1, 'A'), by('bo', 2, 'B', 'review'), by('owner', 3, 'B', 'dispute')];
    expect(resolveTicketLabel(labels)).toEqual({ outcome: 'labelled', categoryId: 'B' });
    // A later ruling overturns an earlier one.
    expect(resolveTicketLabel([...labels, by('lead', 4, 'C', 'dispute')])).toEqual({
      outcome: 'labelled',
      categoryId: 'C',
    });
  });

  it('judges disagreement after the last ruling, the ruler included', () => {
    const ruled = [by('ana', 1, 'A'), by('owner', 2, 'B', 'dispute')];
    expect(resolveTicketLabel([...ruled, by('bo', 3, 'C')]).outcome).toBe('conflict');
    expect(resolveTicketLabel([...ruled, by('bo', 3, 'B', 'accept')])).toEqual({
      outcome: 'labelled',
      categoryId: 'B',
    });
  });

  it("reads labels in today's taxonomy: merged ones as their target, split or retired ones as no opinion", () => {
    // Billing was merged into Payments; Shipping was split.
    const today = (id: string) => ({ billing: 'payments', payments: 'payments', login: 'login' })[id];
    const migrated = [by('importer', 1, 'billing', 'import'), by('olga', 2, 'payments', 'taxonomy')];
    expect(resolveTicketLabel(migrated, today)).toEqual({ outcome: 'labelled', categoryId: 'payments' });
    // Without today's taxonomy the importer and Olga would seem to disagree.
    expect(resolveTicketLabel(migrated).outcome).toBe('conflict');
    const relabelled = [by('importer', 1, 'shipping', 'import'), by('rita', 2, 'login')];
    expect(resolveTicketLabel(relabelled, today)).toEqual({ outcome: 'labelled', categoryId: 'login' });
    expect(resolveTicketLabel([by('importer', 1, 'shipping', 'import')], today)).toEqual({
      outcome: 'retired',
    });
    // A disagreement that outlives the change stays one.
    expect(resolveTicketLabel([by('ana', 1, 'billing'), by('bo', 2, 'login')], today).outcome).toBe(
      'conflict',
    );
  });

  it('ignores anything the AI recorded, and has nothing to say without labels', () => {
    const ai = { ...by('x', 2, 'B'), actorType: 'ai', actorId: null };
    expect(resolveTicketLabel([by('ana', 1, 'A'), ai])).toEqual({ outcome: 'labelled', categoryId: 'A' });
    expect(resolveTicketLabel([ai])).toEqual({ outcome: 'unlabelled' });
  });
});

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

describe.each(targets)('training labels on $name', (target) => {
  let handle: TestDatabase;
  let w: LabelledWorkspace;

  beforeAll(async () => {
    handle = await target.open();
    w = await labelledWorkspace(handle.db);
  });
  afterAll(() => handle?.dispose());

  it('resolves every ticket by the rule, counts what it leaves out, and honours the watermark', async () => {
    const ana = w.person('Ana');
    const bo = w.person('Bo');
    const owner = w.person('Owner');
    const agreed = await w.ticket('my invoice is wrong');
    await w.label(ana, agreed, 'billing', 'accept', 'accepted_suggestion');
    await w.label(bo, agreed, 'billing', 'review', 'second_review');

    const disagreed = await w.ticket('cannot sign in after the payment');
    await w.label(ana, disagreed, 'billing');
    const { seq: beforeSecondReview } = await w.label(ana, disagreed, 'login'); // her own correction
    await w.label(bo, disagreed, 'billing', 'review', 'second_review');

    const ruled = await w.ticket('the parcel tracking page crashes');
    await w.label(ana, ruled, 'shipping');
    await w.label(bo, ruled, 'bug', 'review', 'second_review');
    await w.label(owner, ruled, 'bug', 'dispute', 'dispute_overturned');

    const all = await trainingLabels(w.db, w.workspaceId);
    const taught = new Map(all.examples.map((e) => [e.id, e.category]));
    expect(taught.get(agreed)).toBe(w.categories.billing!.id);
    expect(taught.has(disagreed)).toBe(false);
    expect(taught.get(ruled)).toBe(w.categories.bug!.id);
    expect(all.conflicting).toBe(1);

    // Up to the watermark before Bo's second review, Ana's latest word on that ticket stands.
    const earlier = await trainingLabels(w.db, w.workspaceId, beforeSecondReview);
    expect(earlier.examples.find((e) => e.id === disagreed)?.category).toBe(w.categories.login!.id);
    expect(earlier.conflicting).toBe(0);
  });

  it("names who set the ticket's category: a second review's label does not, and keeps the category", async () => {
    const ticketId = await w.ticket('charged twice');
    const { seq } = await w.label(w.person('Ana'), ticketId, 'billing', 'accept', 'accepted_suggestion');
    await w.label(w.person('Bo'), ticketId, 'bug', 'review', 'second_review');
    expect(await latestLabelOf(w.db, ticketId)).toMatchObject({
      seq,
      actorId: 'Ana-id',
      reasonCode: 'accepted_suggestion',
    });
    const [ticket] = await w.db.query<{ categoryId: string }>(
      'SELECT category_id AS "categoryId" FROM tickets WHERE id = $1',
      [ticketId],
    );
    expect(ticket!.categoryId).toBe(w.categories.billing!.id);
  });

  it('gives imported history its reason code', async () => {
    const imported = await labelledWorkspace(w.db, { historyPerCategory: 2 });
    const rows = await w.db.query<{ kind: string; reasonCode: string }>(
      'SELECT DISTINCT kind, reason_code AS "reasonCode" FROM labels WHERE workspace_id = $1',
      [imported.workspaceId],
    );
    expect(rows).toEqual([{ kind: 'import', reasonCode: 'imported' }]);
  });

  it('refuses a label from the AI, so a model never trains on its own decisions', async () => {
    const ticketId = await w.ticket('refund please');
    await expect(
      handle.db.transaction((tx) =>
        recordLabel(
          tx,
          systemClock,
          { workspaceId: w.workspaceId, actor: aiActor(1) },
          { ticketId, categoryId: w.categories.billing!.id, kind: 'accept', reasonCode: 'accepted_applied' },
        ),
      ),
    ).rejects.toThrow(/human-confirmed/);
  });
});
