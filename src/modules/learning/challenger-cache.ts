import { maybeOne, type Sql } from '../../platform/db/database.js';
import { deserializeModel } from '../classifier/index.js';
import type { LoadedModel } from './model-registry.js';

/**
 * Keeps each workspace's challenger deserialised, like the champion cache does for the champion:
 * every lookup asks which model is challenger (one indexed row), so a challenger started, promoted
 * or rejected by another process is noticed on the next ticket.
 */
export class ChallengerCache {
  private readonly loaded = new Map<string, LoadedModel>();
  private readonly unreadable = new Set<string>();

  async challenger(sql: Sql, workspaceId: string): Promise<LoadedModel | null> {
    const current = await maybeOne<{ id: string; version: number }>(
      sql,
      `SELECT id, version FROM models WHERE workspace_id = $1 AND status = 'challenger'`,
      [workspaceId],
    );
    if (!current) {
      this.loaded.delete(workspaceId);
      return null;
    }
    const cached = this.loaded.get(workspaceId);
    if (cached?.id === current.id) return cached;
    if (this.unreadable.has(current.id)) return null;
    const row = await maybeOne<{ artifact: Uint8Array }>(sql, 'SELECT artifact FROM models WHERE id = $1', [
      current.id,
    ]);
    if (!row) return null;
    try {
      const loaded = { id: current.id, version: current.version, model: deserializeModel(row.artifact) };
      this.loaded.set(workspaceId, loaded);
      return loaded;
    } catch {
      // A challenger nobody can read cannot shadow; it simply gathers no sample.
      this.unreadable.add(current.id);
      return null;
    }
  }
}
