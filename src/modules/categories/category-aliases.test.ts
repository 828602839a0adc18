import { describe, expect, it } from 'vitest';
import type { Category } from './categories-service.js';
import { projectRanked, taxonomyOf } from './category-aliases.js';

const category = (id: string): Category => ({
  id,
  key: id,
  name: id,
  description: '',
  examples: [],
  counterExamples: [],
  ownerUserId: null,
  autonomy: 'auto',
  createdAt: new Date(0),
  updatedAt: new Date(0),
  retiredAt: null,
});

describe("reading a model in today's taxonomy", () => {
  // a was merged into b, b later into c; d was split (retired, no alias); e is live.
  const taxonomy = taxonomyOf(
    [category('c'), category('e')],
    new Map([
      ['a', 'b'],
      ['b', 'c'],
    ]),
  );

  it('resolves live categories to themselves, merges through chains, and split or retired ones to nothing', () => {
    expect(['a', 'b', 'c', 'd', 'e'].map(taxonomy.resolve)).toEqual(['c', 'c', 'c', undefined, 'e']);
  });

  it('adds merged probability to the target, drops the rest, renormalises and re-ranks', () => {
    const ranked = [
      { category: 'd', probability: 0.4 },
      { category: 'e', probability: 0.35 },
      { category: 'a', probability: 0.2 },
      { category: 'b', probability: 0.1 },
    ];
    const projected = projectRanked(ranked, taxonomy.resolve);
    expect(projected.map((r) => r.category)).toEqual(['e', 'c']);
    expect(projected[0]!.probability).toBeCloseTo(0.35 / 0.65);
    expect(projected[1]).toMatchObject({ category: 'c', remapped: true });
    expect(projected[1]!.probability).toBeCloseTo(0.3 / 0.65);
    expect(projected[0]!.remapped).toBe(false);
  });

  it('survives a cycle in the aliases without looping', () => {
    const broken = taxonomyOf(
      [],
      new Map([
        ['x', 'y'],
        ['y', 'x'],
      ]),
    );
    expect(broken.resolve('x')).toBeUndefined();
  });
});
