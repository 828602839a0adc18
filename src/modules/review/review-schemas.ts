import { z } from 'zod';
import { labelLearningSchema } from '../learning/index.js';

// Request and response shapes of the review routes, shared by the item and queue routes.

export const reviewItemSchema = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    queueId: z.string(),
    queueName: z.string(),
    kind: z.enum(['first', 'second']),
    reason: z.string(),
    createdAt: z.date(),
    dueAt: z.date(),
    overdue: z.boolean(),
    claimedBy: z.string().nullable(),
    claimedByName: z.string().nullable(),
    claimedAt: z.date().nullable(),
    subject: z.string(),
    body: z.string(),
    requester: z.string().nullable(),
    outcome: z.string(),
    suggestedCategoryId: z.string().nullable(),
    suggestedCategoryName: z.string().nullable(),
    confidence: z.number().nullable(),
    modelVersion: z.number().nullable(),
    rule: z.string(),
    ranked: z
      .array(z.object({ categoryId: z.string(), name: z.string(), probability: z.number() }))
      .nullable(),
    explanation: z.unknown(),
  })
  .describe('ReviewItem');

export const reviewItemListSchema = z.object({ total: z.number(), items: z.array(reviewItemSchema) });

export const claimSchema = z.object({
  id: z.string(),
  claimedBy: z.string().nullable(),
  claimedAt: z.date().nullable(),
});

const labelSchema = z.object({
  id: z.string(),
  seq: z.number(),
  ticketId: z.string(),
  categoryId: z.string(),
  previousCategoryId: z.string().nullable(),
  kind: z.string(),
  reasonCode: z.string().nullable(),
});

export const resolvedItemSchema = z
  .object({
    itemId: z.string(),
    ticketId: z.string(),
    kind: z.enum(['first', 'second']),
    resolution: z.enum(['accepted', 'corrected', 'none_fits']),
    categoryId: z.string().nullable(),
    label: labelSchema.nullable(),
    secondReviewItemId: z.string().nullable(),
    learning: labelLearningSchema.nullable(),
  })
  .describe('ResolvedReviewItem');

export const categoryRef = z.string().trim().min(1).max(120).describe('A category id, key or name');

export const queueSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    ownerUserId: z.string().nullable(),
    fallbackOwnerUserId: z.string().nullable(),
    slaMinutes: z.number(),
    isDefault: z.boolean(),
    createdAt: z.date(),
    updatedAt: z.date(),
    archivedAt: z.date().nullable(),
  })
  .describe('ReviewQueue');

const person = z.object({ id: z.string(), name: z.string() });

export const queueSummarySchema = queueSchema
  .pick({
    id: true,
    key: true,
    name: true,
    ownerUserId: true,
    fallbackOwnerUserId: true,
    slaMinutes: true,
    isDefault: true,
  })
  .extend({
    ownerName: z.string().nullable(),
    fallbackOwnerName: z.string().nullable(),
    members: z.array(person),
    categories: z.array(person),
    canWork: z.boolean(),
    counts: z.object({
      open: z.number(),
      unclaimed: z.number(),
      overdue: z.number(),
      mine: z.number(),
      secondReviews: z.number(),
    }),
  })
  .describe('ReviewQueueSummary');

const nullableKappa = z.number().nullable();

export const agreementSchema = z
  .object({
    pairs: z.number(),
    observed: nullableKappa,
    kappa: nullableKappa,
    categories: z.array(
      z.object({
        categoryId: z.string().nullable(),
        name: z.string(),
        pairs: z.number(),
        agreed: z.number(),
        involved: z.number(),
        observed: nullableKappa,
        kappa: nullableKappa,
      }),
    ),
  })
  .describe('ReviewAgreement');

export const settingsSchema = z.object({ secondReviewShare: z.number() }).describe('ReviewSettings');
