import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GENERIC_INTEGRATION_USER,
  type GenericHelpdesk,
  signedGenericHeaders,
  startGenericHelpdesk,
} from '../../src/modules/integrations/generic/test-support/generic-helpdesk.js';
import { databaseTargets } from '../../src/platform/testing/test-databases.js';
import { addPerson } from './api-client.js';
import { type ConnectorHarness, startConnectorHarness } from './connector-harness.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

const INBOUND_SECRET = 'generic inbound secret, long enough';

// A category a person chooses in Triage goes back to the helpdesk the ticket came from, like an
// applied decision does: through the outbox, once, saying who set it — and it replaces the value
// Triage knew of, never a value a helpdesk person set since.
describe.each(targets)('write-back of categories people choose in Triage, on $name', (target) => {
  let desk: GenericHelpdesk;
  let h: ConnectorHarness;
  let n = 0;

  const send = (body: Json) => {
    const raw = JSON.stringify({ id: `evt-${n++}`, ...body });
    return h.deliver(raw, signedGenericHeaders(INBOUND_SECRET, raw, new Date()));
  };
  /** A clear billing ticket created in the helpdesk; billing is at "suggest", so it waits for review. */
  const suggestedTicket = async (id: string) => {
    desk.tickets.set(id, {
      id,
      subject: h.clearTicket.subject,
      category: null,
      tags: [],
      group: null,
      assignee: null,
      notes: [],
    });
    const res = await send({
      type: 'ticket.created',
      actor: { id: 'cust-1', email: 'customer@example.com' },
      ticket: { id, ...h.clearTicket, requester: { email: 'customer@example.com' } },
    });
    expect(res.status).toBe(202);
    await h.runOutbox();
    const ticket = (await h.ticketOf(id))!;
    expect(ticket.decision.outcome).toBe('suggested');
    expect(ticket.reviewItem).toMatchObject({ status: 'open' });
    return ticket;
  };
  const other = () => h.categories.find((c) => c.id !== h.billing.id && !/bill|invoice|pay/i.test(c.name))!;

  beforeAll(async () => {
    desk = await startGenericHelpdesk();
    h = await startConnectorHarness(target, (categories) => ({
      kind: 'generic',
      name: 'In-house desk',
      baseUrl: desk.url,
      credentials: { token: desk.token },
      inboundSecret: INBOUND_SECRET,
      integrationUser: GENERIC_INTEGRATION_USER,
      rateLimitPerMinute: 6_000,
      categoryMapping: categories.map((c) => ({ categoryId: c.id, value: c.name })),
      writeSuggestionsAsNote: true,
    }));
    const res = await h.api('PATCH', `/api/v1/categories/${h.billing.id}`, { autonomy: 'suggest' });
    expect(res.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await desk?.close();
  });

  it("writes a reviewer's correction back once, with a note naming who set it, and its echo teaches nothing", async () => {
    const ticket = await suggestedTicket('H-100');
    // The suggestion went out as a note only: no category in the helpdesk yet.
    expect(desk.tickets.get('H-100')!.category).toBeNull();
    expect(desk.tickets.get('H-100')!.notes).toHaveLength(1);

    const corrected = await h.api<Json>('POST', `/api/v1/review/${ticket.reviewItem.id}/correct`, {
      category: other().id,
    });
    expect(corrected.status).toBe(200);
    await h.runOutbox();
    await h.runOutbox(); // a second pass finds nothing more to write
    const remote = desk.tickets.get('H-100')!;
    expect(remote.category).toBe(other().name);
    expect(remote.notes).toHaveLength(2);
    expect(remote.notes[1]!.body).toMatch(
      new RegExp(`set the category to "${other().name}" in Triage \\(corrected\\)`),
    );
    expect(desk.writes.filter((w) => w.ticketId === 'H-100').map((w) => w.what)).toEqual([
      'note',
      `category=${other().name}`,
      'note',
    ]);

    // The helpdesk reports the change Triage made: an echo, not a second label.
    const echo = await send({
      type: 'ticket.category_changed',
      actor: { id: GENERIC_INTEGRATION_USER.id },
      ticket: { id: 'H-100' },
      category: { from: null, to: other().name },
    });
    expect(echo.body.outcomes[0]).toMatchObject({ result: 'echo' });
    expect((await h.labelsOf(ticket.id)).map((l) => l.kind)).toEqual(['correct']);
  });

  it('writes an accepted suggestion back as the category', async () => {
    const ticket = await suggestedTicket('H-150');
    const accepted = await h.api<Json>('POST', `/api/v1/review/${ticket.reviewItem.id}/accept`);
    expect(accepted.status).toBe(200);
    await h.runOutbox();
    // The model learned from the correction above: whatever it suggests now is what goes back.
    expect(desk.tickets.get('H-150')!.category).toBe(ticket.decision.category.name);
    expect(desk.tickets.get('H-150')!.notes.at(-1)!.body).toMatch(/in Triage \(accepted\)/);
  });

  it('never overwrites a category a helpdesk person set after the Triage person looked', async () => {
    const ticket = await suggestedTicket('H-200');
    const corrected = await h.api<Json>('POST', `/api/v1/review/${ticket.reviewItem.id}/correct`, {
      category: other().id,
    });
    expect(corrected.status).toBe(200);
    // Before the write goes out, an agent sets another value in the helpdesk itself.
    desk.tickets.get('H-200')!.category = 'Escalated by phone';
    await h.runOutbox();
    expect(desk.tickets.get('H-200')!.category).toBe('Escalated by phone');
    const [write] = await h.handle.db.query<Json>(
      `SELECT result, reason FROM helpdesk_writes WHERE ticket_id = $1 AND action = 'set_category'`,
      [ticket.id],
    );
    expect(write).toMatchObject({ result: 'skipped', reason: expect.stringMatching(/Escalated by phone/) });
  });

  it('replaces the helpdesk value the Triage person saw and overruled', async () => {
    // A helpdesk agent sets the category there, and a dispute ruling in Triage then sets
    // another over exactly the agent's value.
    await suggestedTicket('H-300');
    const applied = desk.tickets.get('H-300')!.category;
    const [agents, ruled] = h.categories.filter((c) => c.name !== applied);
    desk.tickets.get('H-300')!.category = agents!.name;
    const changed = await send({
      type: 'ticket.category_changed',
      actor: { id: 'agent-7', email: 'agent7@helpdesk.test' },
      ticket: { id: 'H-300' },
      category: { from: null, to: agents!.name },
    });
    expect(changed.body.outcomes[0].result).toBe('label_recorded');
    const ticket = (await h.ticketOf('H-300'))!;
    const decidedId = ticket.id as string;
    const suffix = target.name;
    const agent = await addPerson(h.app.url, h.api, {
      email: `ann-${suffix}@example.com`,
      name: 'Ann',
      role: 'agent',
    });
    const lead = await addPerson(h.app.url, h.api, {
      email: `olga-${suffix}@example.com`,
      name: 'Olga',
      role: 'admin',
    });
    const raised = await agent.client<Json>('POST', `/api/v1/tickets/${ticket.id}/disputes`, {
      reason: 'The agent picked the wrong queue',
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const ruling = await lead.client<Json>('POST', `/api/v1/disputes/${raised.body.id}/rule`, {
      category: ruled!.id,
    });
    expect(ruling.status, JSON.stringify(ruling.body)).toBe(200);
    await h.runOutbox();
    expect(desk.tickets.get('H-300')!.category).toBe(ruled!.name);
    const [write] = await h.handle.db.query<Json>(
      `SELECT marker FROM helpdesk_writes WHERE ticket_id = $1 AND action = 'add_note' ORDER BY seq DESC LIMIT 1`,
      [decidedId],
    );
    expect(desk.tickets.get('H-300')!.notes.at(-1)!.body).toBe(
      `Olga set the category to "${ruled!.name}" in Triage (dispute ruling).\n[${write!.marker}]`,
    );
  });
});
