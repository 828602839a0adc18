import type { Clock } from '../../platform/clock.js';
import { type Database, json, maybeOne, type Sql } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { type Actor, appendEvent, systemActor } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { evaluatePromotionGate, type GateResult, scoreShadow } from './promotion-gate.js';
import { promotionPolicyOf } from './promotion-policy-store.js';
import { shadowOutcomes } from './shadow-predictions.js';

type Status = 'candidate' | 'challenger' | 'champion' | 'retired';

interface ModelRow {
  id: string;
  version: number;
  status: Status;
  labelWatermark: number;
  previousChampionId: string | null;
  gate: GateResult | null;
}

const rowColumns = `id, version, status, label_watermark AS "labelWatermark",
  previous_champion_id AS "previousChampionId", gate`;

/** Locks the workspace's models, so two promotions or a promotion and a rollback never interleave. */
async function lockModels(tx: Sql, workspaceId: string): Promise<ModelRow[]> {
  return tx.query<ModelRow>(
    `SELECT ${rowColumns} FROM models WHERE workspace_id = $1 ORDER BY version FOR UPDATE`,
    [workspaceId],
  );
}

interface Change {
  workspaceId: string;
  actor: Actor;
  now: Date;
}

async function setStatus(
  tx: Sql,
  change: Change,
  model: { id: string; version: number },
  to: Status,
  event: { action: string; reason: string; payload?: Record<string, unknown> },
  previousChampionId?: string | null,
) {
  await tx.query(
    `UPDATE models SET status = $2, status_reason = $3,
       previous_champion_id = CASE WHEN $4::boolean THEN $5::uuid ELSE previous_champion_id END
     WHERE id = $1`,
    [model.id, to, event.reason, previousChampionId !== undefined, previousChampionId ?? null],
  );
  await appendEvent(tx, {
    workspaceId: change.workspaceId,
    actor: change.actor,
    action: event.action,
    subjectType: 'model',
    subjectId: model.id,
    payload: { version: model.version, status: to, reason: event.reason, ...event.payload },
    occurredAt: change.now,
  });
}

/**
 * Gives a freshly trained candidate its place: the workspace's first model (or a replacement for a
 * champion this version cannot read) becomes champion at once — there is nothing to compare it
 * with; any later one becomes the challenger, replacing an earlier challenger.
 */
export async function placeTrainedModel(
  tx: Sql,
  change: Change,
  model: { id: string; version: number },
  options: { replaceChampion: boolean },
): Promise<'champion' | 'challenger'> {
  const models = await lockModels(tx, change.workspaceId);
  const champion = models.find((m) => m.status === 'champion');
  if (!champion || options.replaceChampion) {
    if (champion) {
      await setStatus(tx, change, champion, 'retired', {
        action: 'model.retired',
        reason: `replaced by v${model.version}: this version of Triage cannot read it`,
      });
    }
    await setStatus(
      tx,
      change,
      model,
      'champion',
      {
        action: 'model.promoted',
        reason: champion ? `replaces unreadable v${champion.version}` : 'the first model of the workspace',
        payload: { replaced: champion?.version ?? null, by: 'first model' },
      },
      champion?.id ?? null,
    );
    return 'champion';
  }
  const earlier = models.find((m) => m.status === 'challenger');
  if (earlier) {
    await setStatus(tx, change, earlier, 'retired', {
      action: 'model.rejected',
      reason: `superseded by v${model.version} before its gate decided`,
    });
  }
  await setStatus(tx, change, model, 'challenger', {
    action: 'model.challenger_started',
    reason: `shadows champion v${champion.version} on live tickets until the promotion gate decides`,
    payload: { champion: champion.version },
  });
  return 'challenger';
}

/**
 * Makes `version` the champion (an owner's promotion or approval, or the gate under the auto
 * policy); the current champion is retired and remembered, so a rollback can restore it.
 */
export async function promoteModel(
  deps: { db: Database; clock: Clock },
  ctx: RequestContext,
  version: number,
  reason = 'promoted by an owner',
): Promise<{ version: number; replaced: number | null }> {
  return deps.db.transaction((tx) => promoteIn(tx, { ...ctx, now: deps.clock.now() }, version, reason));
}

async function promoteIn(tx: Sql, change: Change, version: number, reason: string) {
  const models = await lockModels(tx, change.workspaceId);
  const target = models.find((m) => m.version === version);
  if (!target) throw new AppError('not_found', `Model v${version} was not found.`);
  if (target.status === 'champion')
    throw new AppError('model_not_promotable', `Model v${version} is already the champion.`);
  const champion = models.find((m) => m.status === 'champion');
  if (champion) {
    await setStatus(tx, change, champion, 'retired', {
      action: 'model.retired',
      reason: `replaced by v${version}`,
    });
  }
  await setStatus(
    tx,
    change,
    target,
    'champion',
    {
      action: 'model.promoted',
      reason,
      payload: {
        replaced: champion?.version ?? null,
        from: target.status,
        gate: target.gate?.verdict ?? null,
      },
    },
    champion?.id ?? null,
  );
  return { version, replaced: champion?.version ?? null };
}

/** Restores the champion the current one replaced; the current one is retired. One action. */
export async function rollbackChampion(
  deps: { db: Database; clock: Clock },
  ctx: RequestContext,
): Promise<{ restored: number; retired: number }> {
  return deps.db.transaction(async (tx) => {
    const change = { ...ctx, now: deps.clock.now() };
    const models = await lockModels(tx, ctx.workspaceId);
    const champion = models.find((m) => m.status === 'champion');
    if (!champion) throw new AppError('model_not_promotable', 'This workspace has no champion to roll back.');
    const previous = models.find((m) => m.id === champion.previousChampionId);
    if (!previous) {
      throw new AppError(
        'model_not_promotable',
        `Champion v${champion.version} replaced no earlier champion; there is nothing to roll back to.`,
      );
    }
    await setStatus(tx, change, champion, 'retired', {
      action: 'model.rolled_back',
      reason: `rolled back to v${previous.version}`,
      payload: { restored: previous.version },
    });
    // The restored champion keeps the champion it had replaced, so a second rollback goes further back.
    await setStatus(tx, change, previous, 'champion', {
      action: 'model.promoted',
      reason: `restored by rolling back v${champion.version}`,
      payload: { replaced: champion.version, by: 'rollback' },
    });
    return { restored: previous.version, retired: champion.version };
  });
}

export type GateOutcome = {
  action: 'shadowing' | 'awaiting_approval' | 'promoted' | 'rejected';
  version: number;
  gate: GateResult;
} | null;

const gateActor = systemActor('Promotion gate');

/**
 * Scores the challenger against the champion on its labelled shadow tickets and acts on the gate:
 * below the minimum sample it keeps shadowing; failing, it is retired with the reasons; passing, it
 * is promoted under the auto policy or waits for an owner's approval. The verdict is stored on the
 * model each time; `model.gate_evaluated` is written when the verdict changes, not on every tick.
 */
export async function checkPromotionGate(
  deps: { db: Database; clock: Clock },
  workspaceId: string,
): Promise<GateOutcome> {
  return deps.db.transaction(async (tx) => {
    const models = await lockModels(tx, workspaceId);
    const challenger = models.find((m) => m.status === 'challenger');
    const champion = models.find((m) => m.status === 'champion');
    if (!challenger || !champion) return null;
    const policy = await promotionPolicyOf(tx, workspaceId);
    const scores = scoreShadow(await shadowOutcomes(tx, challenger, champion.id));
    const gate = evaluatePromotionGate(scores.champion, scores.challenger, policy);
    const change = { workspaceId, actor: gateActor, now: deps.clock.now() };
    await tx.query('UPDATE models SET gate = $2::jsonb WHERE id = $1', [challenger.id, json(gate)]);
    if (challenger.gate?.verdict !== gate.verdict) {
      await appendEvent(tx, {
        workspaceId,
        actor: gateActor,
        action: 'model.gate_evaluated',
        subjectType: 'model',
        subjectId: challenger.id,
        payload: { version: challenger.version, champion: champion.version, policy, ...gate },
        occurredAt: change.now,
      });
    }
    const version = challenger.version;
    if (gate.verdict === 'insufficient_sample') return { action: 'shadowing', version, gate };
    if (gate.verdict === 'fail') {
      const failed = gate.checks.filter((c) => !c.pass).map((c) => `${c.metric}: ${c.reason}`);
      await setStatus(tx, change, challenger, 'retired', {
        action: 'model.rejected',
        reason: `failed the promotion gate (${failed.join('; ')})`,
        payload: { champion: champion.version, checks: gate.checks },
      });
      return { action: 'rejected', version, gate };
    }
    if (policy.mode === 'approval') return { action: 'awaiting_approval', version, gate };
    await promoteIn(tx, change, version, 'passed the promotion gate (auto policy)');
    return { action: 'promoted', version, gate };
  });
}

/** Workspaces with a challenger, for the worker's gate tick. */
export const workspacesWithChallenger = async (sql: Sql) =>
  (
    await sql.query<{ workspaceId: string }>(
      `SELECT workspace_id AS "workspaceId" FROM models WHERE status = 'challenger'`,
    )
  ).map((r) => r.workspaceId);

export const modelIdOf = (sql: Sql, workspaceId: string, version: number) =>
  maybeOne<{ id: string }>(sql, 'SELECT id FROM models WHERE workspace_id = $1 AND version = $2', [
    workspaceId,
    version,
  ]);
