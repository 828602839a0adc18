import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Database, Sql } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { appendEvent, appendEvents } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { type Autonomy, autonomies, categoryKeyOf, insertCategory } from '../categories/index.js';
import { recordRelabelRequest } from '../decisions/index.js';
import {
  assertNameFree,
  type CategoryRow,
  completeChange,
  freeKey,
  inheritQueue,
  insertChange,
  markMergedInto,
  moveTickets,
  nextTaxonomyVersion,
  renameCategory,
  requireChangeable,
  retireCategories,
  ticketsIn,
} from './taxonomy-store.js';
import type {
  CategoryMap,
  CategoryTarget,
  ChangeEffect,
  NewCategoryFields,
  TaxonomyChange,
  TaxonomyChangeInput,
} from './taxonomy-types.js';

export interface TaxonomyDeps {
  db: Database;
  clock: Clock;
  /** How many tickets of a split category reviewers are asked to relabel, unless a change says. */
  splitSampleSize: number;
}

/**
 * Applies one taxonomy change as the next version of the workspace's taxonomy, in one
 * transaction: the change row with its explicit map and effect, the categories created,
 * renamed or retired, the tickets moved (new labels, never rewritten ones), the review items of
 * a split, and the events.
 */
export function applyTaxonomyChange(
  deps: TaxonomyDeps,
  ctx: RequestContext,
  input: TaxonomyChangeInput,
): Promise<TaxonomyChange> {
  return deps.db.transaction((tx) => runChange(tx, deps, ctx, input));
}

class PreviewRollback extends Error {
  constructor(readonly change: TaxonomyChange) {
    super('preview rolled back');
  }
}

/**
 * What a change would do, by doing it and rolling it back: the preview is exactly what applying
 * would do now, refusals included, and nothing stays (only identity numbers are skipped).
 */
export async function previewTaxonomyChange(
  deps: TaxonomyDeps,
  ctx: RequestContext,
  input: TaxonomyChangeInput,
): Promise<TaxonomyChange> {
  try {
    await deps.db.transaction(async (tx) => {
      throw new PreviewRollback(await runChange(tx, deps, ctx, input));
    });
  } catch (error) {
    if (error instanceof PreviewRollback) return error.change;
    throw error;
  }
  throw new Error('unreachable: a preview always rolls back');
}

const noEffect: ChangeEffect = {
  labelsAppended: 0,
  ticketsMoved: 0,
  ticketsToRelabel: 0,
  reviewItemsOpened: 0,
  categoriesCreated: 0,
  categoriesRetired: 0,
};

interface ChangeRun {
  tx: Sql;
  deps: TaxonomyDeps;
  ctx: RequestContext;
  version: number;
  changeId: string;
  now: Date;
}

async function runChange(
  tx: Sql,
  deps: TaxonomyDeps,
  ctx: RequestContext,
  input: TaxonomyChangeInput,
): Promise<TaxonomyChange> {
  const now = deps.clock.now();
  const version = await nextTaxonomyVersion(tx, ctx.workspaceId);
  const change = await insertChange(tx, {
    workspaceId: ctx.workspaceId,
    version,
    kind: input.kind,
    categoryMap: { kind: 'retire', categoryId: '' },
    effect: noEffect,
    note: input.note ?? '',
    actor: ctx.actor,
    at: now,
  });
  const run: ChangeRun = { tx, deps, ctx, version, changeId: change.id, now };
  const { map, effect } = await perform(run, input);
  await completeChange(tx, change.id, { map, effect });
  await appendEvent(tx, {
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    action: 'taxonomy.changed',
    subjectType: 'taxonomy_change',
    subjectId: change.id,
    payload: { version, kind: input.kind, map, effect, note: change.note },
    occurredAt: now,
  });
  return { ...change, categoryMap: map, effect };
}

function perform(
  run: ChangeRun,
  input: TaxonomyChangeInput,
): Promise<{ map: CategoryMap; effect: ChangeEffect }> {
  switch (input.kind) {
    case 'add':
      return add(run, input.category);
    case 'rename':
      return rename(run, input.categoryId, input.name);
    case 'merge':
      return merge(run, input.sources, input.into);
    case 'split':
      return split(run, input);
    case 'retire':
      return retire(run, input.categoryId);
  }
}

async function createCategory(
  run: ChangeRun,
  fields: NewCategoryFields,
  heir?: CategoryRow,
): Promise<string> {
  await assertNameFree(run.tx, run.ctx.workspaceId, fields.name);
  const key = await freeKey(run.tx, run.ctx.workspaceId, categoryKeyOf(fields.name));
  const created = await insertCategory(run.tx, run.deps.clock, run.ctx, {
    ...fields,
    key,
    ownerUserId: fields.ownerUserId ?? heir?.ownerUserId ?? null,
    autonomy: fields.autonomy ?? heir?.autonomy,
  });
  if (heir) await inheritQueue(run.tx, heir.id, created.id);
  return created.id;
}

async function add(run: ChangeRun, fields: NewCategoryFields) {
  const categoryId = await createCategory(run, fields);
  return { map: { kind: 'add', categoryId } as const, effect: { ...noEffect, categoriesCreated: 1 } };
}

async function rename(run: ChangeRun, categoryId: string, name: string) {
  const category = await requireChangeable(run.tx, run.ctx.workspaceId, categoryId);
  if (category.name === name) {
    throw new AppError('validation_failed', `The category is already named "${name}".`);
  }
  await assertNameFree(run.tx, run.ctx.workspaceId, name, category.id);
  await renameCategory(run.tx, category.id, name, run.now);
  await appendEvent(run.tx, {
    workspaceId: run.ctx.workspaceId,
    actor: run.ctx.actor,
    action: 'category.renamed',
    subjectType: 'category',
    subjectId: category.id,
    payload: { from: category.name, to: name, taxonomyVersion: run.version },
    occurredAt: run.now,
  });
  return {
    map: { kind: 'rename', categoryId: category.id, from: category.name, to: name } as const,
    effect: noEffect,
  };
}

/** The least autonomy among categories (a merged category is no more autonomous than its parts). */
const leastAutonomy = (rows: readonly CategoryRow[]): Autonomy =>
  autonomies[Math.min(...rows.map((r) => autonomies.indexOf(r.autonomy)))] ?? 'suggest';

/** Retires categories as of this change (their rows stay: history keeps resolving them). */
const retireRows = (run: ChangeRun, rows: readonly CategoryRow[]) =>
  retireCategories(run.tx, {
    workspaceId: run.ctx.workspaceId,
    ids: rows.map((r) => r.id),
    changeId: run.changeId,
    at: run.now,
  });

/** The `category.retired` events, once it is known where the categories went. */
const retiredEvents = (
  run: ChangeRun,
  rows: readonly CategoryRow[],
  lineage: { mergedIntoId?: string; splitIntoIds?: string[] },
) =>
  appendEvents(
    run.tx,
    rows.map((r) => ({
      workspaceId: run.ctx.workspaceId,
      actor: run.ctx.actor,
      action: 'category.retired',
      subjectType: 'category',
      subjectId: r.id,
      payload: { key: r.key, name: r.name, taxonomyVersion: run.version, ...lineage },
      occurredAt: run.now,
    })),
  );

async function merge(run: ChangeRun, sourceIds: readonly string[], into: CategoryTarget) {
  const ws = run.ctx.workspaceId;
  // Locked in id order, so two changes touching the same categories cannot deadlock.
  const sources: CategoryRow[] = [];
  for (const id of [...new Set(sourceIds)].sort()) sources.push(await requireChangeable(run.tx, ws, id));
  if ('categoryId' in into && sources.some((s) => s.id === into.categoryId)) {
    throw new AppError('category_into_itself', 'A category cannot be merged into itself.', {
      categoryId: into.categoryId,
    });
  }
  const existing = 'categoryId' in into ? await requireChangeable(run.tx, ws, into.categoryId) : null;
  // Sources are retired first, so the merged category may take one of their names.
  await retireRows(run, sources);
  const heir = sources[0]!;
  const target =
    existing?.id ??
    (await createCategory(
      run,
      { name: (into as { name: string }).name, autonomy: leastAutonomy(sources) },
      heir,
    ));
  await markMergedInto(
    run.tx,
    sources.map((s) => s.id),
    target,
  );
  await retiredEvents(run, sources, { mergedIntoId: target });
  const moves = (
    await ticketsIn(
      run.tx,
      ws,
      sources.map((s) => s.id),
    )
  ).map((t) => ({
    ticketId: t.ticketId,
    from: t.categoryId,
    to: target,
    labelled: t.labelled,
  }));
  const labelsAppended = await moveTickets(
    run.tx,
    run.deps.clock,
    { workspaceId: ws, actor: run.ctx.actor, reasonCode: 'category_merged', version: run.version },
    moves,
  );
  const created = existing ? [] : [target];
  return {
    map: { kind: 'merge', sources: sources.map((s) => s.id), into: target, created } as const,
    effect: {
      ...noEffect,
      labelsAppended,
      ticketsMoved: moves.length,
      categoriesCreated: created.length,
      categoriesRetired: sources.length,
    },
  };
}

/** A stable pseudo-random order, so the preview samples the same tickets as the change. */
const sampleOrder = (ticketId: string, version: number) =>
  createHash('sha256').update(`${version}:${ticketId}`).digest('hex');

async function split(run: ChangeRun, input: Extract<TaxonomyChangeInput, { kind: 'split' }>) {
  const ws = run.ctx.workspaceId;
  const source = await requireChangeable(run.tx, ws, input.source);
  const existingIds = input.targets.flatMap((t) => ('categoryId' in t ? [t.categoryId] : []));
  const newNames = input.targets.flatMap((t) => ('name' in t ? [t.name] : []));
  if (existingIds.includes(source.id)) {
    throw new AppError('category_into_itself', `"${source.name}" cannot be split into itself.`, {
      categoryId: source.id,
    });
  }
  const distinct = new Set([...existingIds, ...newNames.map((n) => n.toLowerCase())]);
  if (distinct.size < 2 || distinct.size < input.targets.length) {
    throw new AppError(
      'split_too_few_targets',
      'A split needs at least two different categories to split into.',
    );
  }
  const existing: CategoryRow[] = [];
  for (const id of [...existingIds].sort()) existing.push(await requireChangeable(run.tx, ws, id));
  const members = await ticketsIn(run.tx, ws, [source.id]);
  const memberOf = new Map(members.map((m) => [m.ticketId, m]));
  const assignments = input.assignments ?? [];
  const strangers = assignments.filter((a) => !memberOf.has(a.ticketId)).map((a) => a.ticketId);
  if (strangers.length > 0) {
    throw new AppError(
      'ticket_not_in_category',
      `${strangers.length} ticket(s) in the map are not in "${source.name}".`,
      { ticketIds: strangers },
    );
  }
  await retireRows(run, [source]);
  const targets: { id: string; name: string }[] = [];
  for (const t of input.targets) {
    if ('categoryId' in t) targets.push(existing.find((e) => e.id === t.categoryId)!);
    else targets.push({ id: await createCategory(run, { name: t.name }, source), name: t.name });
  }
  await retiredEvents(run, [source], { splitIntoIds: targets.map((t) => t.id) });
  const targetOf = (ref: string) => {
    const found = targets.find((t) => t.id === ref || t.name.toLowerCase() === ref.toLowerCase());
    if (!found) {
      throw new AppError(
        'validation_failed',
        `"${ref}" is not one of the categories "${source.name}" is split into.`,
      );
    }
    return found.id;
  };
  const moves = assignments.map((a) => ({
    ticketId: a.ticketId,
    from: source.id,
    to: targetOf(a.target),
    labelled: memberOf.get(a.ticketId)!.labelled,
  }));
  const labelsAppended = await moveTickets(
    run.tx,
    run.deps.clock,
    { workspaceId: ws, actor: run.ctx.actor, reasonCode: 'category_split', version: run.version },
    moves,
  );
  const assigned = new Set(moves.map((m) => m.ticketId));
  const rest = members.filter((m) => !assigned.has(m.ticketId));
  const sampleSize = input.sampleSize ?? run.deps.splitSampleSize;
  const sampled = rest
    .map((m) => ({ id: m.ticketId, order: sampleOrder(m.ticketId, run.version) }))
    .sort((a, b) => a.order.localeCompare(b.order))
    .slice(0, sampleSize)
    .map((m) => m.id);
  const names = targets.map((t) => `"${t.name}"`).join(', ');
  for (const ticketId of sampled) {
    await recordRelabelRequest(run.tx, run.deps.clock, {
      workspaceId: ws,
      ticketId,
      reason: 'taxonomy_split',
      rule: `"${source.name}" was split into ${names}: choose which one this ticket belongs to.`,
      inputs: {
        taxonomyVersion: run.version,
        splitCategoryId: source.id,
        targetCategoryIds: targets.map((t) => t.id),
      },
      routeCategoryIds: targets.map((t) => t.id),
      actor: run.ctx.actor,
    });
  }
  const created = targets.filter((t) => !existingIds.includes(t.id)).map((t) => t.id);
  return {
    map: {
      kind: 'split',
      source: source.id,
      targets: targets.map((t) => t.id),
      created,
      assignments: moves.map((m) => ({ ticketId: m.ticketId, categoryId: m.to })),
      sampled,
    } as const,
    effect: {
      ...noEffect,
      labelsAppended,
      ticketsMoved: moves.length,
      ticketsToRelabel: rest.length,
      reviewItemsOpened: sampled.length,
      categoriesCreated: created.length,
      categoriesRetired: 1,
    },
  };
}

async function retire(run: ChangeRun, categoryId: string) {
  const category = await requireChangeable(run.tx, run.ctx.workspaceId, categoryId);
  await retireRows(run, [category]);
  await retiredEvents(run, [category], {});
  return {
    map: { kind: 'retire', categoryId: category.id } as const,
    effect: { ...noEffect, categoriesRetired: 1 },
  };
}
