import { maybeOne, type Sql } from '../../platform/db/database.js';
import { deserializeModel, type Model } from '../classifier/index.js';

export interface LoadedModel {
  id: string;
  version: number;
  model: Model;
}

export interface ModelVersion {
  id: string;
  version: number;
  status: 'candidate' | 'challenger' | 'champion' | 'retired';
  algorithm: string;
  labelWatermark: number;
  trainingSummary: Record<string, unknown>;
  createdByType: string;
  createdById: string | null;
  createdAt: Date;
  artifactBytes: number;
}

const versionColumns = `id, version, status, algorithm, label_watermark AS "labelWatermark",
  training_summary AS "trainingSummary", created_by_type AS "createdByType", created_by_id AS "createdById",
  created_at AS "createdAt", length(artifact)::int AS "artifactBytes"`;

export const listModelVersions = (sql: Sql, workspaceId: string) =>
  sql.query<ModelVersion>(
    `SELECT ${versionColumns} FROM models WHERE workspace_id = $1 ORDER BY version DESC`,
    [workspaceId],
  );

export const championVersion = (sql: Sql, workspaceId: string) =>
  maybeOne<ModelVersion>(
    sql,
    `SELECT ${versionColumns} FROM models WHERE workspace_id = $1 AND status = 'champion'`,
    [workspaceId],
  );

/**
 * Keeps each workspace's champion model deserialised in memory. Every lookup asks the
 * database which model is champion (one indexed row), so a model trained or promoted by
 * another process is picked up on the next ticket without any message passing.
 */
export class ChampionCache {
  private readonly loaded = new Map<string, LoadedModel>();

  /** `sql` is the caller's transaction when there is one (PGlite has a single connection). */
  async champion(sql: Sql, workspaceId: string): Promise<LoadedModel | null> {
    const current = await maybeOne<{ id: string; version: number }>(
      sql,
      `SELECT id, version FROM models WHERE workspace_id = $1 AND status = 'champion'`,
      [workspaceId],
    );
    if (!current) {
      this.loaded.delete(workspaceId);
      return null;
    }
    const cached = this.loaded.get(workspaceId);
    if (cached?.id === current.id) return cached;
    const row = await maybeOne<{ artifact: Uint8Array }>(sql, 'SELECT artifact FROM models WHERE id = $1', [
      current.id,
    ]);
    if (!row) return null;
    if (this.unreadable.has(current.id)) return null;
    let model: LoadedModel['model'];
    try {
      model = deserializeModel(row.artifact);
    } catch {
      // E.g. a champion saved by an older Triage whose format this version no longer reads: tickets
      // go to review as "model unavailable" until it is retrained (the server does so on start).
      this.unreadable.add(current.id);
      return null;
    }
    const loaded = { id: current.id, version: current.version, model };
    this.loaded.set(workspaceId, loaded);
    return loaded;
  }

  private readonly unreadable = new Set<string>();

  /** Installs a model this process just trained, sparing a reload from the database. */
  remember(workspaceId: string, loaded: LoadedModel) {
    this.loaded.set(workspaceId, loaded);
  }
}

/**
 * Champions this version of Triage cannot read (saved in an older model format), by workspace.
 * Reads each champion artifact once: meant for start-up, not for a request path.
 */
export async function unreadableChampions(
  sql: Sql,
): Promise<{ workspaceId: string; version: number; reason: string }[]> {
  const champions = await sql.query<{ workspaceId: string; version: number; artifact: Uint8Array }>(
    `SELECT workspace_id AS "workspaceId", version, artifact FROM models WHERE status = 'champion'`,
  );
  const stale: { workspaceId: string; version: number; reason: string }[] = [];
  for (const { workspaceId, version, artifact } of champions) {
    try {
      deserializeModel(artifact);
    } catch (error) {
      stale.push({ workspaceId, version, reason: (error as Error).message });
    }
  }
  return stale;
}
