import { describe, expect, it } from 'vitest';
import { dueAt, isOverdue } from '../review/index.js';
import { levelOneOwner, levelTwoOwner, mayResolve, type QueueOwners } from './escalation-owner.js';

const olga = { id: 'u-olga', name: 'Olga' };
const fred = { id: 'u-fred', name: 'Fred' };
const ada = { id: 'u-ada', name: 'Ada' };
const queue = (more: Partial<QueueOwners> = {}): QueueOwners => ({
  queueName: 'Billing',
  owner: olga,
  fallbackOwner: fred,
  admin: ada,
  ...more,
});

describe('who owns an escalation at each level', () => {
  it('gives level 1 to the queue owner and level 2 to the fallback owner', () => {
    expect(levelOneOwner(queue())).toEqual({ owner: olga, reason: 'owner of queue Billing' });
    expect(levelTwoOwner(queue(), olga)).toEqual({ owner: fred, reason: 'fallback owner of queue Billing' });
  });

  it('passes level 1 to the fallback owner, then an admin, when the owner is missing', () => {
    expect(levelOneOwner(queue({ owner: null }))).toEqual({
      owner: fred,
      reason: 'fallback owner of queue Billing, which has no active owner',
    });
    expect(levelOneOwner(queue({ owner: null, fallbackOwner: null }))).toEqual({
      owner: ada,
      reason: 'admin of the workspace: queue Billing has no active owner or fallback owner',
    });
    const nobody = levelOneOwner(queue({ owner: null, fallbackOwner: null, admin: null }));
    expect(nobody.owner).toBeNull();
    expect(nobody.reason).toMatch(/^nobody/);
  });

  it('keeps level 2 with the current owner, and says so, when there is no one further', () => {
    expect(levelTwoOwner(queue({ fallbackOwner: null }), olga)).toEqual({
      owner: olga,
      reason: 'still Olga: queue Billing has no active fallback owner',
    });
    // Level 1 already went to the fallback owner because the owner was missing.
    expect(levelTwoOwner(queue({ owner: null }), fred)).toEqual({
      owner: fred,
      reason: 'still Fred: Fred is already the fallback owner of queue Billing',
    });
  });

  it('hands the gaps to the person on call: before an admin at level 1, instead of nobody at level 2', () => {
    const otto = { id: 'u-otto', name: 'Otto' };
    // Named owners still come first.
    expect(levelOneOwner(queue({ onCall: otto })).owner).toEqual(olga);
    expect(levelTwoOwner(queue({ onCall: otto }), olga).owner).toEqual(fred);
    expect(levelOneOwner(queue({ owner: null, fallbackOwner: null, onCall: otto }))).toEqual({
      owner: otto,
      reason: 'on call for exceptions: queue Billing has no active owner or fallback owner',
    });
    expect(levelTwoOwner(queue({ fallbackOwner: null, onCall: otto }), olga)).toEqual({
      owner: otto,
      reason: 'on call for exceptions: queue Billing has no active fallback owner',
    });
    // Already theirs: it stays, with the usual reason.
    expect(levelTwoOwner(queue({ fallbackOwner: null, onCall: otto }), otto).owner).toEqual(otto);
  });

  it('lets the current owner, either queue owner or an admin resolve, and nobody else', () => {
    const escalation = { ownerUserId: fred.id };
    const owners = { ownerUserId: olga.id, fallbackOwnerUserId: fred.id };
    expect(mayResolve(fred.id, escalation, owners, false)).toBe(true);
    expect(mayResolve(olga.id, escalation, owners, false)).toBe(true);
    expect(mayResolve('u-rita', escalation, owners, false)).toBe(false);
    expect(mayResolve('u-rita', escalation, owners, true)).toBe(true);
    expect(mayResolve('u-rita', { ownerUserId: null }, null, false)).toBe(false);
  });
});

describe('when level 2 is due', () => {
  it('gives the owner one more SLA period from the moment it was escalated', () => {
    const escalatedAt = new Date('2026-03-02T10:01:00Z');
    const ownerDue = dueAt(escalatedAt, 60);
    expect(ownerDue.toISOString()).toBe('2026-03-02T11:01:00.000Z');
    // At the deadline itself the owner is still on time; a minute later it goes to the fallback owner.
    expect(isOverdue(ownerDue, new Date('2026-03-02T11:01:00Z'))).toBe(false);
    expect(isOverdue(ownerDue, new Date('2026-03-02T11:02:00Z'))).toBe(true);
  });
});
