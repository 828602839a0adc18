import { z } from 'zod';

// The generic webhook's body (docs/integrations/generic.md): one event per delivery.

export const genericPersonSchema = z.object({
  id: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  name: z.string().max(200).optional(),
});

export const genericTicketSchema = z.object({
  id: z.string().min(1).max(200),
  subject: z.string().max(1_000).default(''),
  body: z.string().max(500_000).default(''),
  requester: genericPersonSchema.nullish(),
  assignee: genericPersonSchema.nullish(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  category: z.string().max(200).nullish(),
  tags: z.array(z.string().max(200)).max(200).optional(),
  group: z.string().max(200).nullish(),
});
export type GenericTicket = z.infer<typeof genericTicketSchema>;

// Every event names itself, when it happened, who did it and the ticket.
const eventBase = {
  id: z.string().min(1).max(200),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  actor: genericPersonSchema.optional(),
  ticket: z.object({ id: z.string().min(1).max(200) }),
};

export const genericEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...eventBase,
    type: z.literal('ticket.created'),
    ticket: genericTicketSchema,
  }),
  z.object({
    ...eventBase,
    type: z.literal('ticket.updated'),
    changes: z
      .object({
        subject: z.string().max(1_000).optional(),
        body: z.string().max(500_000).optional(),
        assignee: genericPersonSchema.nullish(),
      })
      .refine((c) => Object.keys(c).length > 0, 'changes names no field'),
  }),
  z.object({
    ...eventBase,
    type: z.literal('ticket.commented'),
    comment: z.object({ body: z.string().max(500_000), public: z.boolean().default(true) }),
  }),
  z.object({
    ...eventBase,
    type: z.literal('ticket.category_changed'),
    category: z.object({
      from: z.string().max(200).nullable().default(null),
      to: z.string().max(200).nullable(),
    }),
  }),
]);
export type GenericEvent = z.infer<typeof genericEventSchema>;

/** What GET /tickets/:id answers. */
export const genericRemoteTicketSchema = z.object({
  id: z.string(),
  category: z.string().nullable().default(null),
  tags: z.array(z.string()).default([]),
  group: z.string().nullable().default(null),
  assignee: z.string().nullable().default(null),
  notes: z.array(z.object({ id: z.string(), body: z.string() })).default([]),
});
export type GenericRemoteTicket = z.infer<typeof genericRemoteTicketSchema>;
