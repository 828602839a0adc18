import { z } from 'zod';
import { autonomies } from '../categories/index.js';
import { changeKinds } from './taxonomy-types.js';

const name = z.string().trim().min(1).max(120);
const note = z.string().max(2_000).optional();
const target = z.union([z.strictObject({ categoryId: z.uuid() }), z.strictObject({ name })]);

export const changeInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('add'),
    note,
    category: z.strictObject({
      name,
      description: z.string().max(2_000).optional(),
      examples: z.array(z.string().max(2_000)).max(50).optional(),
      ownerUserId: z.uuid().nullable().optional(),
      autonomy: z.enum(autonomies).optional(),
    }),
  }),
  z.strictObject({ kind: z.literal('rename'), note, categoryId: z.uuid(), name }),
  z.strictObject({
    kind: z.literal('merge'),
    note,
    sources: z.array(z.uuid()).min(1).max(50).describe('The categories merged (retired)'),
    into: target.describe('An existing live category, or a new one by name'),
  }),
  z.strictObject({
    kind: z.literal('split'),
    note,
    source: z.uuid().describe('The category split (retired)'),
    targets: z.array(target).min(1).max(20),
    assignments: z
      .array(z.strictObject({ ticketId: z.uuid(), target: z.string().min(1).max(120) }))
      .max(10_000)
      .optional()
      .describe("Tickets already sorted: a target's category id or name"),
    sampleSize: z.number().int().min(0).max(1_000).optional().describe('Tickets reviewers relabel'),
  }),
  z.strictObject({ kind: z.literal('retire'), note, categoryId: z.uuid() }),
]);

const effectSchema = z.object({
  labelsAppended: z.number(),
  ticketsMoved: z.number(),
  ticketsToRelabel: z.number(),
  reviewItemsOpened: z.number(),
  categoriesCreated: z.number(),
  categoriesRetired: z.number(),
});

export const changeSchema = z
  .object({
    id: z.string(),
    version: z.number(),
    kind: z.enum(changeKinds),
    categoryMap: z.record(z.string(), z.unknown()),
    effect: effectSchema,
    note: z.string(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string(),
    createdAt: z.date(),
  })
  .describe('TaxonomyChange');

export const overviewSchema = z.object({
  version: z.number(),
  champion: z
    .object({ version: z.number(), taxonomyVersion: z.number(), retrainDue: z.boolean() })
    .nullable(),
  categories: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      name: z.string(),
      displayName: z.string(),
      formerNames: z.array(z.string()),
      status: z.enum(['live', 'retired', 'merged', 'split']),
      mergedIntoId: z.string().nullable(),
      splitIntoIds: z.array(z.string()),
      ownerUserId: z.string().nullable(),
      ownerName: z.string().nullable(),
      autonomy: z.enum(autonomies),
      retiredAt: z.date().nullable(),
      labelledTickets: z.number(),
    }),
  ),
});
