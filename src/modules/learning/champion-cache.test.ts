import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.js';
import { systemActor } from '../../platform/events/index.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { retireCategory } from '../categories/index.js';
import { type Model, predict } from '../classifier/index.js';
import { ChampionCache, learningOfLabel } from './model-registry.js';
import { type LabelledWorkspace, labelledWorkspace } from './test-support/labelled-workspace.js';
import { promoteModel } from './model-lifecycle.js';
import { trainWorkspaceModel } from './train-workspace-model.js';

// The champion cache's catch-up: people's labels recorded after the champion's training are
// applied online, in label order, by every cache that holds the model — the same result
// whether a cache looked after every label or only at the end — and a new champion starts over.

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

// Mostly billing words with a crash: the model says billing until people say bug.
const AMBIGUOUS = 'my invoice payment page shows an error';
const probabilities = (model: Model) => predict(model, { body: AMBIGUOUS }, { explain: false }).ranked;

describe.each(targets)('the champion cache on $name', (target) => {
  let handle: TestDatabase;
  let w: LabelledWorkspace;
  const ana = () => w.person('Ana');

  beforeAll(async () => {
    handle = await target.open();
    w = await labelledWorkspace(handle.db, { historyPerCategory: 25 });
    await trainWorkspaceModel({ db: w.db, clock: systemClock, champions: new ChampionCache() }, w.importer);
  });
  afterAll(() => handle?.dispose());

  it('applies labels recorded since training, in order, the same in every process', async () => {
    const eager = new ChampionCache();
    const lazy = new ChampionCache();
    const base = (await eager.champion(w.db, w.workspaceId))!;
    await lazy.champion(w.db, w.workspaceId);
    expect(base.onlineCorrections).toBe(0);
    expect(probabilities(base.model)[0]!.category).toBe(w.categories.billing!.id);

    const seqs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const ticketId = await w.ticket(`${AMBIGUOUS} number ${i}`);
      seqs.push((await w.label(ana(), ticketId, 'bug', 'correct', 'corrected_prediction')).seq);
      const now = (await eager.champion(w.db, w.workspaceId))!;
      expect(now.onlineCorrections).toBe(i + 1);
      expect(learningOfLabel(now, seqs[i]!)).toEqual({
        state: 'learned',
        modelVersion: 1,
        onlineCorrections: i + 1,
      });
    }
    const eagerModel = (await eager.champion(w.db, w.workspaceId))!;
    const lazyModel = (await lazy.champion(w.db, w.workspaceId))!;
    expect(eagerModel).toMatchObject({ version: 1, onlineCorrections: 3 });
    expect(lazyModel).toMatchObject({ version: 1, onlineCorrections: 3 });
    expect(probabilities(eagerModel.model)[0]!.category).toBe(w.categories.bug!.id);
    expect(probabilities(lazyModel.model)).toEqual(probabilities(eagerModel.model));
    // A fresh process (a restart) converges to the very same weights.
    const restarted = (await new ChampionCache().champion(w.db, w.workspaceId))!;
    expect(restarted.model.weights).toEqual(eagerModel.model.weights);
  });

  it('skips labels of a category retired since', async () => {
    const cache = new ChampionCache();
    const before = (await cache.champion(w.db, w.workspaceId))!.onlineCorrections;
    const shipping = w.categories.shipping!;
    const ticketId = await w.ticket('where is my parcel, the courier never came');
    await w.label(ana(), ticketId, 'shipping');
    await retireCategory(
      { db: w.db, clock: systemClock },
      { workspaceId: w.workspaceId, actor: systemActor('t') },
      shipping.id,
    );
    expect((await new ChampionCache().champion(w.db, w.workspaceId))!.onlineCorrections).toBe(before);
  });

  it('starts over from the new champion after a retrain, and tells a label in the model apart', async () => {
    const cache = new ChampionCache();
    expect((await cache.champion(w.db, w.workspaceId))!.onlineCorrections).toBeGreaterThan(0);
    const trained = await trainWorkspaceModel(
      { db: w.db, clock: systemClock, champions: new ChampionCache() },
      w.importer,
    );
    // A retrained model is a challenger until promoted; an owner promotes it.
    expect(trained.status).toBe('challenger');
    await promoteModel({ db: w.db, clock: systemClock }, w.importer, trained.version);
    const now = (await cache.champion(w.db, w.workspaceId))!;
    expect(now).toMatchObject({
      version: trained.version,
      onlineCorrections: 0,
      labelWatermark: trained.labelWatermark,
    });
    expect(learningOfLabel(now, trained.labelWatermark)).toMatchObject({
      state: 'in_model',
      modelVersion: trained.version,
    });
    expect(learningOfLabel(now, trained.labelWatermark + 1)).toMatchObject({ state: 'pending' });
  });

  it('reports a backlog it works off in batches, still in order', async () => {
    const backlogs: number[] = [];
    const cache = new ChampionCache({ onBacklog: (b) => backlogs.push(b.applied) });
    await cache.champion(w.db, w.workspaceId);
    const items: string[] = [];
    for (let i = 0; i < 505; i++) items.push(await w.ticket(`refund for invoice ${i}`));
    await w.db.transaction(async (tx) => {
      for (const ticketId of items)
        await tx.query(
          `INSERT INTO labels (workspace_id, ticket_id, category_id, kind, reason_code, actor_type, actor_id)
           VALUES ($1, $2, $3, 'import', 'imported', 'system', null)`,
          [w.workspaceId, ticketId, w.categories.billing!.id],
        );
    });
    expect((await cache.champion(w.db, w.workspaceId))!.onlineCorrections).toBe(500);
    expect(backlogs).toEqual([500]);
    expect((await cache.champion(w.db, w.workspaceId))!.onlineCorrections).toBe(505);
  });
});
