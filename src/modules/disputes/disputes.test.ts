import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.js';
import { one } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { systemActor, verifyEventChain } from '../../platform/events/index.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { insertUser, type User } from '../access/index.js';
import { type Category, insertCategory, retireCategory } from '../categories/index.js';
import { recordLabel } from '../learning/index.js';
import { listDisputes, raiseDispute, ruleDispute, withdrawDispute } from './index.js';

const { targets } = await databaseTargets();

const rejects = (promise: Promise<unknown>, code: string) =>
  expect(promise).rejects.toSatisfy((e) => e instanceof AppError && e.code === code);

describe.each(targets)('disputes on $name', (target) => {
  let handle: TestDatabase;
  let workspaceId: string;
  const people: Record<'olga' | 'andy' | 'rita' | 'lee', User> = {} as never;
  let billing: Category;
  let login: Category;
  let exports: Category;
  let n = 0;
  const deps = () => ({ db: handle.db, clock: systemClock });
  const as = (user: User, canRuleUnowned = false) => ({
    workspaceId,
    actor: { type: 'user' as const, id: user.id, name: user.name },
    userId: user.id,
    canRuleUnowned,
  });

  const newTicket = async () =>
    (
      await one<{ id: string }>(
        handle.db,
        `INSERT INTO tickets (workspace_id, source, external_id, subject, content_hash)
         VALUES ($1, 'test', $2, 'A ticket', 'hash') RETURNING id`,
        [workspaceId, `t-${n++}`],
      )
    ).id;

  // What decideTicket leaves behind when model v3 applies a category on its own.
  const appliedByAi = async (category: Category) => {
    const id = await newTicket();
    await handle.db.query(
      `INSERT INTO decisions (workspace_id, ticket_id, outcome, category_id, confidence, model_version, rule)
       VALUES ($1, $2, 'applied', $3, 0.97, 3, 'confidence ≥ auto threshold')`,
      [workspaceId, id, category.id],
    );
    await handle.db.query(`UPDATE tickets SET category_id = $2, category_set_by = 'ai' WHERE id = $1`, [
      id,
      category.id,
    ]);
    return id;
  };

  const labelledBy = async (user: User, category: Category) => {
    const id = await newTicket();
    await handle.db.transaction((tx) =>
      recordLabel(tx, systemClock, as(user), {
        ticketId: id,
        categoryId: category.id,
        kind: 'correct',
        reasonCode: 'corrected_category',
      }),
    );
    return id;
  };

  const eventsOf = (ticketId: string) =>
    handle.db.query<{ action: string; actorName: string; payload: Record<string, any> }>(
      `SELECT action, actor_name AS "actorName", payload FROM events
        WHERE subject_type = 'ticket' AND subject_id = $1 ORDER BY seq`,
      [ticketId],
    );

  beforeAll(async () => {
    handle = await target.open();
    workspaceId = (
      await one<{ id: string }>(
        handle.db,
        `INSERT INTO workspaces (slug, name) VALUES ('d', 'D') RETURNING id`,
      )
    ).id;
    const actor = systemActor('test');
    await handle.db.transaction(async (tx) => {
      const roles = { olga: 'reviewer', andy: 'agent', rita: 'reviewer', lee: 'lead' } as const;
      for (const [key, role] of Object.entries(roles) as [keyof typeof roles, (typeof roles)['olga']][]) {
        people[key] = await insertUser(
          tx,
          systemClock,
          { email: `${key}@example.com`, name: key, passwordHash: 'x', workspaceId, role },
          actor,
        );
      }
      const ctx = { workspaceId, actor };
      billing = await insertCategory(tx, systemClock, ctx, { name: 'Billing', ownerUserId: people.olga.id });
      login = await insertCategory(tx, systemClock, ctx, { name: 'Login' });
      exports = await insertCategory(tx, systemClock, ctx, { name: 'Exports', ownerUserId: people.andy.id });
    });
  });
  afterAll(() => handle.dispose());

  it('raises a dispute on an AI-applied ticket, naming the AI and its model version', async () => {
    const ticketId = await appliedByAi(billing);
    const dispute = await raiseDispute(deps(), as(people.andy), ticketId, {
      reason: '  The customer cannot log in; billing is a guess.  ',
      proposedCategory: 'login',
    });
    expect(dispute).toMatchObject({
      status: 'open',
      reason: 'The customer cannot log in; billing is a guess.',
      disputed: {
        category: { id: billing.id },
        actorType: 'ai',
        modelVersion: 3,
        actorName: 'Triage AI (model v3)',
      },
      proposedCategory: { id: login.id },
      raisedBy: { id: people.andy.id },
      ruler: { id: people.olga.id },
      ruling: null,
      canRule: false,
      canWithdraw: true,
    });
    const [raised] = (await eventsOf(ticketId)).filter((e) => e.action === 'dispute.raised');
    expect(raised).toMatchObject({
      actorName: 'andy',
      payload: {
        disputeId: dispute.id,
        categoryId: billing.id,
        disputed: { actorType: 'ai', modelVersion: 3 },
      },
    });
  });

  it('allows one open dispute per ticket, in the service and in the database', async () => {
    const ticketId = await appliedByAi(billing);
    const first = await raiseDispute(deps(), as(people.andy), ticketId, { reason: 'Wrong' });
    await rejects(raiseDispute(deps(), as(people.rita), ticketId, { reason: 'Also wrong' }), 'conflict');
    await expect(
      handle.db.query(
        `INSERT INTO disputes (workspace_id, ticket_id, disputed_category_id, disputed_actor_type,
           disputed_actor_name, disputed_model_version, raised_by, reason)
         VALUES ($1, $2, $3, 'ai', 'AI', 3, $4, 'again')`,
        [workspaceId, ticketId, billing.id, people.rita.id],
      ),
    ).rejects.toThrow(/disputes_one_open/);
    // Once withdrawn, the ticket can be disputed again.
    await withdrawDispute(deps(), as(people.andy), first.id);
    expect((await raiseDispute(deps(), as(people.rita), ticketId, { reason: 'Wrong' })).status).toBe('open');
  });

  it('refuses a ticket without a category, an API key, and a proposal of the current category', async () => {
    await rejects(raiseDispute(deps(), as(people.andy), await newTicket(), { reason: 'Why?' }), 'conflict');
    const ticketId = await appliedByAi(billing);
    const apiKey = {
      workspaceId,
      actor: { type: 'api_key' as const, id: 'k', name: 'helpdesk' },
      userId: null,
      canRuleUnowned: true,
    };
    await rejects(raiseDispute(deps(), apiKey, ticketId, { reason: 'Why?' }), 'forbidden');
    await rejects(
      raiseDispute(deps(), as(people.andy), ticketId, { reason: 'Why?', proposedCategory: 'Billing' }),
      'validation_failed',
    );
    await rejects(
      raiseDispute(deps(), as(people.andy), ticketId, { reason: 'Why?', proposedCategory: 'nope' }),
      'unknown_category',
    );
  });

  it("lets only the owner rule; the ruling becomes a 'dispute' label and the ticket's category", async () => {
    const ticketId = await appliedByAi(billing);
    const dispute = await raiseDispute(deps(), as(people.andy), ticketId, {
      reason: 'It is a login problem',
    });
    // A lead with 'disputes:rule' is not the owner; the raiser never rules.
    await rejects(ruleDispute(deps(), as(people.lee, true), dispute.id, { category: 'Login' }), 'forbidden');
    await rejects(ruleDispute(deps(), as(people.andy, true), dispute.id, { category: 'Login' }), 'forbidden');
    await rejects(ruleDispute(deps(), as(people.olga), dispute.id, { category: 'nope' }), 'unknown_category');

    const ruled = await ruleDispute(deps(), as(people.olga), dispute.id, {
      category: login.id,
      note: 'Password reset mail, not an invoice.',
    });
    expect(ruled).toMatchObject({
      status: 'ruled',
      ruling: {
        outcome: 'overturned',
        category: { id: login.id },
        note: 'Password reset mail, not an invoice.',
        ruledBy: { id: people.olga.id },
      },
      canRule: false,
      canWithdraw: false,
    });
    const [label] = await handle.db.query<Record<string, unknown>>(
      `SELECT id, kind, category_id AS "categoryId", previous_category_id AS "previousCategoryId", actor_id AS "actorId"
         FROM labels WHERE ticket_id = $1 ORDER BY seq DESC LIMIT 1`,
      [ticketId],
    );
    expect(label).toEqual({
      id: ruled.ruling!.labelId,
      kind: 'dispute',
      categoryId: login.id,
      previousCategoryId: billing.id,
      actorId: people.olga.id,
    });
    const [ticket] = await handle.db.query<{ categoryId: string; setBy: string }>(
      `SELECT category_id AS "categoryId", category_set_by AS "setBy" FROM tickets WHERE id = $1`,
      [ticketId],
    );
    expect(ticket).toEqual({ categoryId: login.id, setBy: 'human' });
    expect((await eventsOf(ticketId)).map((e) => e.action)).toEqual([
      'dispute.raised',
      'label.recorded',
      'dispute.ruled',
    ]);
    const ruledEvent = (await eventsOf(ticketId)).at(-1)!;
    expect(ruledEvent).toMatchObject({
      actorName: 'olga',
      payload: {
        outcome: 'overturned',
        categoryId: login.id,
        disputedCategoryId: billing.id,
        ruledAs: 'owner',
      },
    });
    await rejects(
      ruleDispute(deps(), as(people.olga), dispute.id, { category: 'Billing' }),
      'dispute_not_open',
    );
  });

  it("upholds a person's label, and both parties find the outcome in their lists", async () => {
    const ticketId = await labelledBy(people.rita, billing);
    const dispute = await raiseDispute(deps(), as(people.andy), ticketId, { reason: 'Looks like login' });
    expect(dispute.disputed).toMatchObject({ actorType: 'user', actorId: people.rita.id, actorName: 'rita' });

    const toRule = await listDisputes(handle.db, as(people.olga), { view: 'to_rule', limit: 50 });
    expect(toRule.items.map((d) => d.id)).toContain(dispute.id);
    expect(toRule.items.every((d) => d.canRule && d.status === 'open')).toBe(true);
    const notForLee = await listDisputes(handle.db, as(people.lee, true), { view: 'to_rule', limit: 50 });
    expect(notForLee.items.map((d) => d.id)).not.toContain(dispute.id);

    const ruled = await ruleDispute(deps(), as(people.olga), dispute.id, { category: 'Billing' });
    expect(ruled.ruling).toMatchObject({ outcome: 'upheld', category: { id: billing.id }, note: null });

    const mine = await listDisputes(handle.db, as(people.andy), { view: 'mine', status: 'ruled', limit: 50 });
    expect(mine.items.find((d) => d.id === dispute.id)?.ruling?.outcome).toBe('upheld');
    const aboutRita = await listDisputes(handle.db, as(people.rita), { view: 'about_me', limit: 50 });
    expect(aboutRita.items.map((d) => [d.id, d.ruling?.outcome])).toEqual([[dispute.id, 'upheld']]);
    const ofTicket = await listDisputes(handle.db, as(people.rita), { view: 'all', ticketId, limit: 50 });
    expect(ofTicket.total).toBe(1);
  });

  it('gives an unowned category, and a dispute its owner raised, to a lead or admin', async () => {
    const unowned = await appliedByAi(login);
    const first = await raiseDispute(deps(), as(people.andy), unowned, { reason: 'Not login' });
    expect(first.ruler).toBeNull();
    await rejects(ruleDispute(deps(), as(people.rita), first.id, { category: 'Billing' }), 'forbidden');
    const byLead = await ruleDispute(deps(), as(people.lee, true), first.id, { category: 'Billing' });
    expect(byLead.ruling?.outcome).toBe('overturned');

    const ownersOwn = await appliedByAi(exports);
    const second = await raiseDispute(deps(), as(people.andy), ownersOwn, { reason: 'Mine is wrong' });
    expect(second.ruler).toBeNull();
    await rejects(
      ruleDispute(deps(), as(people.andy, true), second.id, { category: 'Exports' }),
      'forbidden',
    );
    const toRule = await listDisputes(handle.db, as(people.lee, true), { view: 'to_rule', limit: 50 });
    expect(toRule.items.map((d) => d.id)).toContain(second.id);
    expect(
      (await ruleDispute(deps(), as(people.lee, true), second.id, { category: 'Exports' })).ruling?.outcome,
    ).toBe('upheld');
  });

  it('lets only the raiser withdraw, once, and rules only to a live category', async () => {
    const ticketId = await appliedByAi(billing);
    const dispute = await raiseDispute(deps(), as(people.andy), ticketId, { reason: 'Hmm' });
    await rejects(withdrawDispute(deps(), as(people.olga), dispute.id), 'forbidden');
    const withdrawn = await withdrawDispute(deps(), as(people.andy), dispute.id);
    expect(withdrawn).toMatchObject({
      status: 'withdrawn',
      withdrawnAt: expect.any(String),
      canWithdraw: false,
    });
    await rejects(withdrawDispute(deps(), as(people.andy), dispute.id), 'dispute_not_open');
    expect((await eventsOf(ticketId)).map((e) => e.action)).toEqual(['dispute.raised', 'dispute.withdrawn']);

    const again = await raiseDispute(deps(), as(people.andy), ticketId, { reason: 'Exports, surely' });
    await retireCategory(deps(), { workspaceId, actor: systemActor('test') }, exports.id);
    await rejects(
      ruleDispute(deps(), as(people.olga), again.id, { category: exports.id }),
      'unknown_category',
    );
  });

  it('keeps the event chain intact', async () => {
    expect((await verifyEventChain(handle.db, workspaceId)).ok).toBe(true);
  });
});
