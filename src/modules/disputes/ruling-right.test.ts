import { describe, expect, it } from 'vitest';
import { rulingRight } from './ruling-right.js';

const base = {
  raisedBy: 'agent',
  ownerUserId: 'owner',
  ownerName: 'Olga',
  categoryName: 'Billing',
  canRuleUnowned: false,
};

describe('rulingRight', () => {
  it('lets the owner rule, whatever their role', () => {
    expect(rulingRight({ ...base, userId: 'owner' })).toEqual({ allowed: true, as: 'owner' });
  });

  it('refuses a lead or admin when the category has an owner, naming the owner', () => {
    const right = rulingRight({ ...base, userId: 'lead', canRuleUnowned: true });
    expect(right).toEqual({
      allowed: false,
      reason: 'Only the owner of Billing (Olga) rules on this dispute.',
    });
  });

  it('never lets the raiser rule, not even an admin', () => {
    const right = rulingRight({ ...base, userId: 'agent', raisedBy: 'agent', canRuleUnowned: true });
    expect(right.allowed).toBe(false);
  });

  it('gives an unowned category to whoever holds disputes:rule', () => {
    const unowned = { ...base, ownerUserId: null, ownerName: null };
    expect(rulingRight({ ...unowned, userId: 'lead', canRuleUnowned: true })).toEqual({
      allowed: true,
      as: 'stand_in',
    });
    const refused = rulingRight({ ...unowned, userId: 'reviewer' });
    expect(refused).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('Billing has no owner'),
    });
  });

  it('sends a dispute the owner raised to a lead or admin', () => {
    const raisedByOwner = { ...base, raisedBy: 'owner' };
    expect(rulingRight({ ...raisedByOwner, userId: 'owner', canRuleUnowned: true }).allowed).toBe(false);
    expect(rulingRight({ ...raisedByOwner, userId: 'lead', canRuleUnowned: true })).toEqual({
      allowed: true,
      as: 'stand_in',
    });
    expect(rulingRight({ ...raisedByOwner, userId: 'reviewer' })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('its owner raised it'),
    });
  });
});
