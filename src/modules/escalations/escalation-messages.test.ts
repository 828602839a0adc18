import { describe, expect, it } from 'vitest';
import {
  deadLetterRule,
  escalationNotification,
  escalationSummary,
  overdueRule,
  utcMinute,
} from './escalation-messages.js';

const olga = { owner: { id: 'u-olga', name: 'Olga' }, reason: 'owner of queue Billing' };

describe('escalation sentences', () => {
  it('writes the rule of an escalated decision with the owner in it', () => {
    expect(utcMinute(new Date('2026-03-02T10:00:59.999Z'))).toBe('2026-03-02 10:00 UTC');
    expect(overdueRule(new Date('2026-03-02T10:00:00Z'), olga)).toBe(
      'review item overdue since 2026-03-02 10:00 UTC; escalated to Olga, owner of queue Billing',
    );
    const effect = { kind: 'helpdesk.writeback', attempts: 12, lastError: `HTTP 500: ${'x'.repeat(300)}` };
    const rule = deadLetterRule(effect, olga);
    expect(rule).toMatch(
      /^the helpdesk\.writeback effect failed after 12 attempts \(HTTP 500: x+…\); escalated to Olga/,
    );
    expect(rule.length).toBeLessThanOrEqual(250);
  });

  it('says in one line what is escalated', () => {
    const base = { queueName: 'Billing', effect: null };
    expect(escalationSummary({ ...base, kind: 'overdue_review', ticket: { subject: 'Charged twice' } })).toBe(
      'Overdue review of “Charged twice” in Billing',
    );
    expect(escalationSummary({ ...base, kind: 'overdue_review', ticket: { subject: ' ' } })).toBe(
      'Overdue review of “(no subject)” in Billing',
    );
    expect(
      escalationSummary({
        kind: 'dead_letter',
        queueName: 'Default queue',
        ticket: null,
        effect: { kind: 'webhook.notification', attempts: 3 },
      }),
    ).toBe('Failed delivery of webhook.notification after 3 attempts');
  });

  it('notifies an opened and a raised escalation under distinct keys, in one order per ticket', () => {
    const notice = {
      escalationId: 'e1',
      kind: 'overdue_review' as const,
      queueName: 'Billing',
      ticket: { subject: 'Charged twice' },
      ticketId: 't1',
      effect: null,
      level: 1 as const,
      ownership: olga,
      since: new Date('2026-03-02T10:00:00Z'),
      dueAt: new Date('2026-03-02T11:01:00Z'),
      lastError: null,
      occurredAt: new Date('2026-03-02T10:01:00Z'),
    };
    const opened = escalationNotification(notice);
    expect(opened).toMatchObject({
      key: 'escalation:e1:opened',
      orderingKey: 't1',
      title: 'Escalation for Olga',
    });
    expect(opened.text).toBe(
      'Overdue review of “Charged twice” in Billing. Olga owns it now and should act by 2026-03-02 11:01 UTC.',
    );
    expect(opened.fields).toContainEqual({ label: 'Owner', value: 'Olga (owner of queue Billing)' });
    const fred = { owner: { id: 'u-fred', name: 'Fred' }, reason: 'fallback owner of queue Billing' };
    const raised = escalationNotification({ ...notice, level: 2, ownership: fred });
    expect(raised).toMatchObject({ key: 'escalation:e1:raised', orderingKey: 't1' });
    expect(raised.title).toBe('Escalation raised to Fred');
    expect(escalationNotification({ ...notice, ticketId: null }).orderingKey).toBe('escalation:e1');
  });
});
