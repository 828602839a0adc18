import { describe, expect, it } from 'vitest';
import { type CategoryLineage, displayName } from './category-lineage.js';

const names: Record<string, string> = { b: 'Billing', d: 'Debit cards', c: 'Credit cards' };
const nameOf = (id: string) => names[id] ?? id;
const base: CategoryLineage = {
  id: 'x',
  name: 'Payments',
  formerNames: [],
  status: 'live',
  mergedIntoId: null,
  splitIntoIds: [],
};

describe('displayName', () => {
  it('says what a category was and where it went', () => {
    expect(displayName(base, nameOf)).toBe('Payments');
    expect(displayName({ ...base, formerNames: ['Money', 'Fees'] }, nameOf)).toBe(
      'Payments (was Money, then Fees)',
    );
    expect(displayName({ ...base, status: 'retired' }, nameOf)).toBe('Payments (retired)');
    expect(displayName({ ...base, status: 'merged', mergedIntoId: 'b' }, nameOf)).toBe(
      'Payments (retired, merged into Billing)',
    );
    expect(displayName({ ...base, status: 'split', splitIntoIds: ['d', 'c'] }, nameOf)).toBe(
      'Payments (retired, split into Debit cards, Credit cards)',
    );
  });
});
