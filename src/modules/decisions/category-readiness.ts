import { maybeOne, type Sql } from '../../platform/db/database.js';
import { type Autonomy, listCategories } from '../categories/index.js';
import { DEFAULT_MIN_CATEGORY_SUPPORT, type LabelNeedStatus, labelNeeds } from '../classifier/index.js';
import { type ChampionCache, labelledTickets } from '../learning/index.js';
import { decisionPolicyOf } from './decision-policy-store.js';

/** 'not_trained': the champion does not know the category (or there is no champion yet). */
export type ReadinessStatus = LabelNeedStatus | 'not_trained';

export interface CategoryReadiness {
  categoryId: string;
  categoryName: string;
  autonomy: Autonomy;
  /** Tickets whose latest label is this category now: what the next training would use. */
  labels: number;
  /** Of those, how many the champion was trained on; null without a champion that knows it. */
  trainedLabels: number | null;
  /** Held-out predictions of the category in the champion (its sample for judging precision). */
  support: number;
  status: ReadinessStatus;
  /** Estimated labels in total at which it may be auto-applied at the target; null: no estimate. */
  labelsNeeded: number | null;
  /** labelsNeeded minus labels now (0 once reached; a retrain is still needed for it to count). */
  stillNeeded: number | null;
  bestPrecision: number | null;
  reason: string;
}

export interface ReadinessReport {
  targetPrecision: number;
  modelVersion: number | null;
  /** Minimum held-out predictions a category needs for a threshold of its own. */
  minSupport: number;
  categories: CategoryReadiness[];
}

const countBy = (rows: readonly { category: string }[]) => {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.category, (counts.get(row.category) ?? 0) + 1);
  return counts;
};

/**
 * Per live category: how many labels it has and how many it needs before it may be applied
 * automatically at the workspace's target precision (see classifier/label-needs.ts for the
 * method and its limits). Categories the champion does not know need at least the minimum sample.
 */
export async function categoryReadiness(
  sql: Sql,
  champions: ChampionCache,
  workspaceId: string,
): Promise<ReadinessReport> {
  const [policy, categories, champion, labelled] = await Promise.all([
    decisionPolicyOf(sql, workspaceId),
    listCategories(sql, workspaceId),
    champions.champion(sql, workspaceId),
    labelledTickets(sql, workspaceId),
  ]);
  const labels = countBy(labelled);
  let trained = new Map<string, number>();
  const needs = new Map<string, ReturnType<typeof labelNeeds>[number]>();
  if (champion) {
    const watermark = await maybeOne<{ watermark: number }>(
      sql,
      'SELECT label_watermark::bigint AS watermark FROM models WHERE id = $1',
      [champion.id],
    );
    trained = countBy(await labelledTickets(sql, workspaceId, Number(watermark?.watermark ?? 0)));
    const estimated = labelNeeds(champion.model, policy.targetPrecision, trained);
    for (const [k, id] of champion.model.categories.entries()) needs.set(id, estimated[k]!);
  }
  return {
    targetPrecision: policy.targetPrecision,
    modelVersion: champion?.version ?? null,
    minSupport: DEFAULT_MIN_CATEGORY_SUPPORT,
    categories: categories.map((category): CategoryReadiness => {
      const have = labels.get(category.id) ?? 0;
      const need = needs.get(category.id);
      const base = {
        categoryId: category.id,
        categoryName: category.name,
        autonomy: category.autonomy,
        labels: have,
      };
      if (!need) {
        const labelsNeeded = Math.max(DEFAULT_MIN_CATEGORY_SUPPORT, have);
        return {
          ...base,
          trainedLabels: null,
          support: 0,
          status: 'not_trained',
          labelsNeeded,
          stillNeeded: Math.max(0, labelsNeeded - have),
          bestPrecision: null,
          reason: champion
            ? `model v${champion.version} was trained before this category had labels`
            : 'no model is trained yet',
        };
      }
      return {
        ...base,
        trainedLabels: need.trainedLabels,
        support: need.support,
        status: need.status,
        labelsNeeded: need.labelsNeeded,
        stillNeeded: need.labelsNeeded === null ? null : Math.max(0, need.labelsNeeded - have),
        bestPrecision: need.bestPrecision,
        reason: need.reason,
      };
    }),
  };
}
