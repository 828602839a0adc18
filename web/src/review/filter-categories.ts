import type { Category } from '../api/types.js';

/**
 * The categories matching a type-ahead query, best first: a name that starts with the
 * query, then a key that does, then a word in the name, then anywhere in name or key.
 */
export function filterCategories(categories: Category[], query: string): Category[] {
  const q = query.trim().toLowerCase();
  if (!q) return categories;
  const scored: { category: Category; score: number }[] = [];
  for (const category of categories) {
    const name = category.name.toLowerCase();
    const key = category.key.toLowerCase();
    let score = -1;
    if (name.startsWith(q)) score = 0;
    else if (key.startsWith(q)) score = 1;
    else if (name.split(/[\s/&,-]+/).some((w) => w.startsWith(q))) score = 2;
    else if (name.includes(q) || key.includes(q)) score = 3;
    if (score >= 0) scored.push({ category, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.category.name.localeCompare(b.category.name))
    .map((s) => s.category);
}
