import { maybeOne, type Sql } from '../../platform/db/database.js';
import { deserializeModel, learnOne, type Model } from '../classifier/index.js';
import { ONLINE_LABEL_KINDS } from './label-history.js';

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

/** The champion as this process holds it: the trained model plus the corrections learned online since. */
export interface ChampionModel extends LoadedModel {
  /** People's labels after the model's label watermark applied online (the k of "vN+k online"). */
  onlineCorrections: number;
  /** The model's label watermark: labels up to it were in its training data. */
  labelWatermark: number;
  /** The highest label seq this process has applied online (the watermark when none). */
  learnedThroughSeq: number;
}

/** What the person who just recorded a label is told: learned online now, or already in the model. */
export type LabelLearning =
  | { state: 'learned'; modelVersion: number; onlineCorrections: number }
  | { state: 'in_model'; modelVersion: number; onlineCorrections: number }
  | { state: 'pending'; modelVersion: number | null; onlineCorrections: number };

export function learningOfLabel(champion: ChampionModel | null, labelSeq: number): LabelLearning {
  if (!champion) return { state: 'pending', modelVersion: null, onlineCorrections: 0 };
  const { version: modelVersion, onlineCorrections } = champion;
  if (labelSeq <= champion.labelWatermark) return { state: 'in_model', modelVersion, onlineCorrections };
  if (labelSeq <= champion.learnedThroughSeq) return { state: 'learned', modelVersion, onlineCorrections };
  return { state: 'pending', modelVersion, onlineCorrections };
}

/** At most this many labels per lookup, so a large import cannot stall one ticket; the rest follow on the next. */
const CATCH_UP_BATCH = 500;
/**
 * Label seqs are handed out when a transaction inserts, not when it commits, so a label can
 * appear below one already applied. The catch-up looks this far back for such late arrivals.
 */
const LATE_WINDOW = 64;

interface HeldChampion {
  id: string;
  version: number;
  model: Model;
  labelWatermark: number;
  onlineCorrections: number;
  /** Highest label seq applied online. */
  appliedThrough: number;
  /** Seqs applied within LATE_WINDOW below `appliedThrough`, so a re-scan skips them. */
  recentlyApplied: Set<number>;
}

export interface CatchUpBacklog {
  workspaceId: string;
  version: number;
  applied: number;
}

/**
 * Keeps each workspace's champion model deserialised in memory, with people's labels recorded
 * since its training applied online (`learnOne`). Every lookup asks the database which model
 * is champion (one indexed row) and which labels arrived since (one indexed range on
 * `labels_workspace`), so a model trained or promoted — or a correction made — in another
 * process reaches this one on its next ticket, without any message passing. Every process
 * applies the same labels in the same (seq) order to the same base, so they hold the same
 * online model; a new champion starts again from its own watermark.
 */
export class ChampionCache {
  private readonly loaded = new Map<string, HeldChampion>();
  private readonly unreadable = new Set<string>();

  constructor(private readonly options: { onBacklog?: (backlog: CatchUpBacklog) => void } = {}) {}

  /** `sql` is the caller's transaction when there is one (PGlite has a single connection). */
  async champion(sql: Sql, workspaceId: string): Promise<ChampionModel | null> {
    const current = await maybeOne<{ id: string; version: number; labelWatermark: number }>(
      sql,
      `SELECT id, version, label_watermark AS "labelWatermark" FROM models
        WHERE workspace_id = $1 AND status = 'champion'`,
      [workspaceId],
    );
    if (!current) {
      this.loaded.delete(workspaceId);
      return null;
    }
    let held = this.loaded.get(workspaceId);
    if (held?.id !== current.id) {
      const model = await this.readArtifact(sql, current.id);
      if (!model) return null;
      held = fresh({ ...current, model }, current.labelWatermark);
      this.loaded.set(workspaceId, held);
    }
    await this.catchUp(sql, workspaceId, held);
    return {
      id: held.id,
      version: held.version,
      model: held.model,
      onlineCorrections: held.onlineCorrections,
      labelWatermark: held.labelWatermark,
      learnedThroughSeq: held.appliedThrough,
    };
  }

  /**
   * Installs a model this process just trained, sparing a reload from the database. Without
   * `labelWatermark` the next lookup reloads it from the database to learn its watermark.
   */
  remember(workspaceId: string, loaded: LoadedModel & { labelWatermark?: number }) {
    if (loaded.labelWatermark === undefined) this.loaded.delete(workspaceId);
    else this.loaded.set(workspaceId, fresh(loaded, loaded.labelWatermark));
  }

  private async readArtifact(sql: Sql, id: string): Promise<Model | null> {
    if (this.unreadable.has(id)) return null;
    const row = await maybeOne<{ artifact: Uint8Array }>(sql, 'SELECT artifact FROM models WHERE id = $1', [
      id,
    ]);
    if (!row) return null;
    try {
      return deserializeModel(row.artifact);
    } catch {
      // E.g. a champion saved by an older Triage whose format this version no longer reads: tickets
      // go to review as "model unavailable" until it is retrained (the server does so on start).
      this.unreadable.add(id);
      return null;
    }
  }

  /** Applies the labels recorded since the last lookup, in seq order; retired categories are skipped. */
  private async catchUp(sql: Sql, workspaceId: string, held: HeldChampion) {
    const from = Math.max(held.labelWatermark, held.appliedThrough - LATE_WINDOW);
    const labels = await sql.query<{ seq: number; categoryId: string; subject: string; body: string }>(
      `SELECT l.seq, l.category_id AS "categoryId", t.subject, t.body
         FROM labels l
         JOIN tickets t ON t.id = l.ticket_id
         JOIN categories c ON c.id = l.category_id AND c.retired_at IS NULL
        WHERE l.workspace_id = $1 AND l.seq > $2 AND l.kind = ANY($3::text[]) AND l.actor_type <> 'ai'
          AND NOT (l.seq = ANY($4::bigint[]))
        ORDER BY l.seq
        LIMIT $5`,
      [workspaceId, from, ONLINE_LABEL_KINDS, [...held.recentlyApplied], CATCH_UP_BATCH],
    );
    for (const label of labels) {
      learnOne(held.model, { subject: label.subject, body: label.body, category: label.categoryId });
      held.onlineCorrections++;
      held.recentlyApplied.add(label.seq);
      held.appliedThrough = Math.max(held.appliedThrough, label.seq);
    }
    for (const seq of held.recentlyApplied) {
      if (seq <= held.appliedThrough - LATE_WINDOW) held.recentlyApplied.delete(seq);
    }
    if (labels.length === CATCH_UP_BATCH) {
      this.options.onBacklog?.({ workspaceId, version: held.version, applied: held.onlineCorrections });
    }
  }
}

function fresh(loaded: LoadedModel, labelWatermark: number): HeldChampion {
  return {
    id: loaded.id,
    version: loaded.version,
    model: loaded.model,
    labelWatermark,
    onlineCorrections: 0,
    appliedThrough: labelWatermark,
    recentlyApplied: new Set(),
  };
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
