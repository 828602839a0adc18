import type { Sql } from '../../platform/db/database.js';
import { type Category, categoryColumns } from './categories-service.js';

// A model keeps the categories it was trained on until the next training, while the taxonomy
// moves on. This is how a model's output is read in today's taxonomy: a live category is itself,
// a merged one is the live category it went into (following merges of merges), and any other
// retired category (split or retired) is nothing — so a retired category is never proposed.

export interface LiveTaxonomy {
  /** The live categories by id. */
  live: ReadonlyMap<string, Category>;
  /** The live category a model's category id stands for today, if any. */
  resolve(categoryId: string): string | undefined;
}

export async function liveTaxonomy(sql: Sql, workspaceId: string): Promise<LiveTaxonomy> {
  // One query on the prediction path: the live categories and the merged ones' aliases.
  const rows = await sql.query<Category & { mergedIntoId: string | null }>(
    `SELECT ${categoryColumns}, merged_into_id AS "mergedIntoId" FROM categories
      WHERE workspace_id = $1 AND (retired_at IS NULL OR merged_into_id IS NOT NULL)`,
    [workspaceId],
  );
  const live = rows.filter((c) => c.retiredAt === null).map(({ mergedIntoId: _, ...c }) => c);
  const merged = rows.flatMap((c) => (c.mergedIntoId ? [[c.id, c.mergedIntoId] as const] : []));
  return taxonomyOf(live, new Map(merged));
}

/** Pure: the live categories and the merge aliases (retired id → the id it was merged into). */
export function taxonomyOf(live: readonly Category[], mergedInto: ReadonlyMap<string, string>): LiveTaxonomy {
  const byId = new Map(live.map((c) => [c.id, c]));
  return {
    live: byId,
    resolve(categoryId) {
      let id: string | undefined = categoryId;
      // Bounded: a merge chain cannot be longer than the number of merged categories.
      for (let hops = 0; id !== undefined && hops <= mergedInto.size; hops++) {
        if (byId.has(id)) return id;
        id = mergedInto.get(id);
      }
      return undefined;
    },
  };
}

export interface ProjectedCategory {
  category: string;
  probability: number;
  /** Some of its probability came from a category merged into it. */
  remapped: boolean;
}

/**
 * A model's ranked categories in today's taxonomy: merged categories' probability added to the
 * category they went into, categories that resolve to nothing dropped, renormalised to sum to 1
 * and ranked again.
 */
export function projectRanked(
  ranked: readonly { category: string; probability: number }[],
  resolve: (categoryId: string) => string | undefined,
): ProjectedCategory[] {
  const byCategory = new Map<string, ProjectedCategory>();
  for (const r of ranked) {
    const target = resolve(r.category);
    if (target === undefined) continue;
    const entry = byCategory.get(target) ?? { category: target, probability: 0, remapped: false };
    entry.probability += r.probability;
    entry.remapped ||= target !== r.category;
    byCategory.set(target, entry);
  }
  const kept = [...byCategory.values()];
  const total = kept.reduce((sum, r) => sum + r.probability, 0) || 1;
  return kept
    .map((r) => ({ ...r, probability: r.probability / total }))
    .sort((a, b) => b.probability - a.probability || a.category.localeCompare(b.category));
}
