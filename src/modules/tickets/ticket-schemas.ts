import { z } from 'zod';

// Request and response shapes of the tickets API (they also generate its OpenAPI document).

const text = (max: number) => z.string().max(max);

export const newTicketSchema = z
  .strictObject({
    source: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .describe('The system the ticket comes from, e.g. "zendesk" or "api"'),
    externalId: z.string().trim().min(1).max(200).describe("The ticket's id in its source system"),
    subject: text(1_000).optional(),
    body: text(500_000).optional(),
    requester: text(320).optional(),
    channel: text(40).optional(),
    assignee: text(320).optional(),
    createdAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('When the ticket was created in its source'),
    customFields: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((t) => Boolean(t.subject?.trim() || t.body?.trim()), {
    message: 'a ticket needs a subject or a body',
    path: ['subject'],
  });

export const ticketUpdateSchema = z
  .strictObject({
    eventId: z.string().trim().min(1).max(200).describe("The source's id for this change; a retry reuses it"),
    source: z.string().trim().min(1).max(64).optional(),
    subject: text(1_000).optional(),
    body: text(500_000).optional(),
    assignee: text(320).nullable().optional(),
    customFields: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((u) => ['subject', 'body', 'assignee', 'customFields'].some((f) => f in u), {
    message: 'an update needs at least one of subject, body, assignee, customFields',
  });

export const ticketActivitySchema = z.strictObject({
  eventId: z.string().trim().min(1).max(200),
  source: z.string().trim().min(1).max(64).optional(),
  kind: z.enum(['comment', 'event']),
  author: text(320).optional(),
  body: text(500_000).optional(),
  type: text(100).optional().describe('For kind "event": what happened, e.g. "status_changed"'),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const ticketListQuerySchema = z.strictObject({
  source: z.string().max(64).optional(),
  externalId: z.string().max(200).optional(),
  categoryId: z.uuid().optional(),
  outcome: z.enum(['applied', 'suggested', 'needs_review', 'escalated']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

const categoryRefSchema = z.object({ id: z.string(), key: z.string(), name: z.string() });
const categoryRef = categoryRefSchema.nullable();

export const ticketViewSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    externalId: z.string(),
    subject: z.string(),
    body: z.string(),
    requester: z.string().nullable(),
    channel: z.string().nullable(),
    assignee: z.string().nullable(),
    customFields: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    receivedAt: z.string(),
    updatedAt: z.string(),
    category: categoryRef,
    categorySetBy: z.enum(['ai', 'human']).nullable(),
    prediction: z
      .object({
        modelVersion: z.number(),
        onlineCorrections: z
          .number()
          .describe('Corrections the model had learned online since its training: "vN+k online"'),
        confidence: z.number(),
        category: categoryRef,
        ranked: z.array(z.object({ categoryId: z.string(), name: z.string(), probability: z.number() })),
        explanation: z.object({
          terms: z.array(z.object({ term: z.string(), weight: z.number() })),
          similar: z.array(
            z.object({ id: z.string(), category: z.string(), text: z.string(), similarity: z.number() }),
          ),
        }),
        createdAt: z.string(),
      })
      .nullable(),
    decision: z
      .object({
        id: z.string(),
        outcome: z.enum(['applied', 'suggested', 'needs_review', 'escalated']),
        category: categoryRef,
        confidence: z.number().nullable(),
        modelVersion: z.number().nullable(),
        rule: z.string(),
        reason: z.string().nullable(),
        inputs: z
          .record(z.string(), z.unknown())
          .describe('What the rule saw: stage, autonomy, thresholds, target precision, out-of-scope score'),
        createdAt: z.string(),
      })
      .nullable(),
    reviewItem: z
      .object({
        id: z.string(),
        status: z.enum(['open', 'resolved']),
        reason: z.string(),
        resolution: z.string().nullable(),
      })
      .nullable(),
    learnedInModelVersion: z.number().nullable(),
  })
  .describe('Ticket');

export const historyEntrySchema = z.object({
  at: z.string(),
  action: z.string(),
  actorType: z.string(),
  actorName: z.string(),
  modelVersion: z.number().nullable(),
  payload: z.record(z.string(), z.unknown()),
});

// The API's types are the schemas' types, so server, OpenAPI and web UI cannot drift apart.
export type CategoryRef = z.output<typeof categoryRefSchema>;
export type TicketView = z.output<typeof ticketViewSchema>;
export type HistoryEntry = z.output<typeof historyEntrySchema>;
