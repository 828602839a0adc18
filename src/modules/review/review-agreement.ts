import type { Sql } from '../../platform/db/database.js';
import {
  type AnswerPair,
  type CategoryAgreement,
  cohensKappa,
  kappaPerCategory,
  NONE_FITS,
} from './cohens-kappa.js';

// How consistently the team applies its categories: every resolved second review paired
// with its first review, as Cohen's kappa overall and per category.

export interface AgreementReport {
  pairs: number;
  observed: number | null;
  kappa: number | null;
  categories: (CategoryAgreement & { categoryId: string | null; name: string })[];
}

export async function reviewAgreement(
  sql: Sql,
  workspaceId: string,
  options: { queueId?: string } = {},
): Promise<AgreementReport> {
  const rows = await sql.query<{ first: string; second: string }>(
    `SELECT CASE WHEN f.resolution = 'none_fits' THEN $3 ELSE f.resolved_category_id::text END AS first,
            CASE WHEN s.resolution = 'none_fits' THEN $3 ELSE s.resolved_category_id::text END AS second
       FROM review_items s JOIN review_items f ON f.id = s.first_item_id
      WHERE s.workspace_id = $1 AND s.kind = 'second' AND s.status = 'resolved'
        AND s.resolution IN ('accepted', 'corrected', 'none_fits')
        AND f.resolution IN ('accepted', 'corrected', 'none_fits')
        AND ($2::uuid IS NULL OR s.queue_id = $2::uuid)`,
    [workspaceId, options.queueId ?? null, NONE_FITS],
  );
  const pairs: AnswerPair[] = rows.filter((r) => r.first && r.second);
  const names = new Map(
    (
      await sql.query<{ id: string; name: string }>(
        `SELECT id::text, name FROM categories WHERE workspace_id = $1`,
        [workspaceId],
      )
    ).map((c) => [c.id, c.name]),
  );
  const overall = cohensKappa(pairs);
  return {
    ...overall,
    categories: kappaPerCategory(pairs)
      .map((a) => ({
        ...a,
        categoryId: a.answer === NONE_FITS ? null : a.answer,
        name: a.answer === NONE_FITS ? 'None fits' : (names.get(a.answer) ?? a.answer),
      }))
      .sort((a, b) => b.involved - a.involved || a.name.localeCompare(b.name)),
  };
}
