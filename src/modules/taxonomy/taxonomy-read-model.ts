import { maybeOne, one, type Sql } from '../../platform/db/database.js';
import type { Autonomy } from '../categories/index.js';
import { type CategoryLineage, type CategoryStatus, displayName } from './category-lineage.js';
import { changeColumns } from './taxonomy-store.js';
import type { TaxonomyChange } from './taxonomy-types.js';

// What the Categories page and history readers see: every category (retired ones too) with its
// owner, autonomy, label count and lineage, the changes newest first, and whether the champion
// was trained on an older taxonomy (a retrain is due).

export interface CategoryOverview extends CategoryLineage {
  key: string;
  /** The name with its lineage, e.g. "Payments (retired, merged into Billing)". */
  displayName: string;
  ownerUserId: string | null;
  ownerName: string | null;
  autonomy: Autonomy;
  retiredAt: Date | null;
  /** Tickets whose latest label is this category (what the next model learns from). */
  labelledTickets: number;
}

export interface TaxonomyStatus {
  version: number;
  champion: { version: number; taxonomyVersion: number; retrainDue: boolean } | null;
}

export async function taxonomyStatus(sql: Sql, workspaceId: string): Promise<TaxonomyStatus> {
  const { version } = await one<{ version: number }>(
    sql,
    'SELECT taxonomy_version AS version FROM workspaces WHERE id = $1',
    [workspaceId],
  );
  const champion = await maybeOne<{ version: number; taxonomyVersion: number }>(
    sql,
    `SELECT version, taxonomy_version AS "taxonomyVersion" FROM models WHERE workspace_id = $1 AND status = 'champion'`,
    [workspaceId],
  );
  return {
    version,
    champion: champion ? { ...champion, retrainDue: champion.taxonomyVersion < version } : null,
  };
}

export async function categoryOverview(sql: Sql, workspaceId: string): Promise<CategoryOverview[]> {
  const rows = await sql.query<
    Omit<CategoryOverview, 'displayName' | 'status' | 'splitIntoIds'> & {
      changeKind: string | null;
      changeTargets: string[] | null;
    }
  >(
    `WITH latest AS (
       SELECT DISTINCT ON (ticket_id) category_id FROM labels WHERE workspace_id = $1 ORDER BY ticket_id, seq DESC)
     SELECT c.id, c.key, c.name, c.owner_user_id AS "ownerUserId", u.name AS "ownerName", c.autonomy,
            c.retired_at AS "retiredAt", c.merged_into_id AS "mergedIntoId",
            (SELECT count(*)::int FROM latest l WHERE l.category_id = c.id) AS "labelledTickets",
            coalesce((SELECT array_agg(r.category_map->>'from' ORDER BY r.version) FROM taxonomy_changes r
                       WHERE r.workspace_id = $1 AND r.kind = 'rename' AND r.category_map->>'categoryId' = c.id::text),
                     '{}') AS "formerNames",
            ch.kind AS "changeKind",
            (SELECT array_agg(t ORDER BY o) FROM jsonb_array_elements_text(ch.category_map->'targets')
               WITH ORDINALITY AS x(t, o)) AS "changeTargets"
       FROM categories c
       LEFT JOIN users u ON u.id = c.owner_user_id
       LEFT JOIN taxonomy_changes ch ON ch.id = c.retired_by_change_id
      WHERE c.workspace_id = $1
      ORDER BY c.retired_at IS NOT NULL, c.name`,
    [workspaceId],
  );
  const lineage = rows.map(({ changeKind, changeTargets, ...row }) => {
    const status: CategoryStatus = !row.retiredAt
      ? 'live'
      : row.mergedIntoId
        ? 'merged'
        : changeKind === 'split'
          ? 'split'
          : 'retired';
    return { ...row, status, splitIntoIds: status === 'split' ? (changeTargets ?? []) : [] };
  });
  const byId = new Map(lineage.map((c) => [c.id, c]));
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  return lineage.map((c) => ({ ...c, displayName: displayName(c, nameOf) }));
}

export function listTaxonomyChanges(sql: Sql, workspaceId: string, limit = 100): Promise<TaxonomyChange[]> {
  return sql.query<TaxonomyChange>(
    `SELECT ${changeColumns} FROM taxonomy_changes WHERE workspace_id = $1 ORDER BY version DESC LIMIT $2`,
    [workspaceId, limit],
  );
}
