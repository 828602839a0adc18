import type { ChangeEffect, TaxonomyChange } from './taxonomy-types.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a change does, in a sentence: "Moves 25 tickets (25 labels added) · retires 1 category". */
export function effectSentence(effect: ChangeEffect): string {
  const parts: string[] = [];
  if (effect.ticketsMoved > 0) {
    parts.push(
      `moves ${plural(effect.ticketsMoved, 'ticket')} (${plural(effect.labelsAppended, 'label')} added)`,
    );
  }
  if (effect.ticketsToRelabel > 0) {
    parts.push(
      `leaves ${plural(effect.ticketsToRelabel, 'ticket')} out of training until relabelled, ` +
        `${plural(effect.reviewItemsOpened, 'review item')} opened for a sample`,
    );
  }
  if (effect.categoriesCreated > 0)
    parts.push(`creates ${plural(effect.categoriesCreated, 'category', 'categories')}`);
  if (effect.categoriesRetired > 0)
    parts.push(`retires ${plural(effect.categoriesRetired, 'category', 'categories')}`);
  if (parts.length === 0) return 'No tickets or labels move.';
  const text = parts.join(' · ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
const id = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The change as history reads it, with today's names (and lineage) for the categories it names. */
export function changeSentence(change: TaxonomyChange, nameOf: (id: string) => string): string {
  const map = change.categoryMap;
  switch (change.kind) {
    case 'add':
      return `Added ${nameOf(id(map.categoryId))}`;
    case 'rename':
      return `Renamed "${id(map.from)}" to "${id(map.to)}"`;
    case 'merge':
      return `Merged ${ids(map.sources).map(nameOf).join(', ')} into ${nameOf(id(map.into))}`;
    case 'split':
      return `Split ${nameOf(id(map.source))} into ${ids(map.targets).map(nameOf).join(', ')}`;
    case 'retire':
      return `Retired ${nameOf(id(map.categoryId))}`;
  }
}
