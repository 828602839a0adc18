import { z } from 'zod';

// Request and response shapes of the disputes API; the web UI imports the types too.

export const disputeStatuses = ['open', 'ruled', 'withdrawn'] as const;
export const disputeOutcomes = ['upheld', 'overturned'] as const;
export const disputeViews = ['to_rule', 'mine', 'about_me', 'all'] as const;
export const disputedActorTypes = ['ai', 'user', 'api_key', 'system'] as const;

export type DisputeStatus = (typeof disputeStatuses)[number];
export type DisputeOutcome = (typeof disputeOutcomes)[number];
export type DisputeListView = (typeof disputeViews)[number];

const categoryRef = z.object({ id: z.string(), key: z.string(), name: z.string() });
const personRef = z.object({ id: z.string(), name: z.string() });

export const raiseDisputeSchema = z.strictObject({
  reason: z.string().trim().min(1).max(2_000).describe('Why the decision is wrong, in a sentence or two'),
  proposedCategory: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .optional()
    .describe('The category the raiser thinks is right: an id, key or name'),
});

export const ruleDisputeSchema = z.strictObject({
  category: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .describe('The right category (id, key or name); the disputed one upholds the decision'),
  note: z.string().trim().max(2_000).optional().describe('Why, for the raiser and the disputed party'),
});

export const disputeListQuerySchema = z.strictObject({
  view: z
    .enum(disputeViews)
    .default('all')
    .describe(
      'to_rule: open disputes the caller may rule on; mine: raised by the caller; about_me: about decisions the caller made; all',
    ),
  status: z.enum(disputeStatuses).optional(),
  ticketId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const disputeViewSchema = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    ticketSubject: z.string(),
    status: z.enum(disputeStatuses),
    reason: z.string(),
    createdAt: z.string(),
    disputed: z
      .object({
        category: categoryRef,
        actorType: z.enum(disputedActorTypes),
        actorId: z.string().nullable(),
        actorName: z.string(),
        modelVersion: z.number().nullable(),
        decisionId: z.string().nullable(),
        labelId: z.string().nullable(),
      })
      .describe(
        'The decision as it stood when disputed, and who made it (the AI with its model version, or a person)',
      ),
    proposedCategory: categoryRef.nullable(),
    raisedBy: personRef,
    ruler: personRef
      .nullable()
      .describe(
        "The category's owner, who rules; null when a lead or admin rules (no owner, or the owner raised it)",
      ),
    ruling: z
      .object({
        category: categoryRef,
        outcome: z.enum(disputeOutcomes),
        note: z.string().nullable(),
        ruledBy: personRef,
        ruledAt: z.string(),
        labelId: z.string().nullable(),
      })
      .nullable(),
    withdrawnAt: z.string().nullable(),
    canRule: z.boolean().describe('Whether the caller may rule on it now'),
    canWithdraw: z.boolean().describe('Whether the caller may withdraw it now'),
  })
  .describe('Dispute');

export const disputeListSchema = z.object({ items: z.array(disputeViewSchema), total: z.number() });

export type DisputeView = z.output<typeof disputeViewSchema>;
export type DisputeList = z.output<typeof disputeListSchema>;
export type RaiseDisputeInput = z.output<typeof raiseDisputeSchema>;
export type RuleDisputeInput = z.output<typeof ruleDisputeSchema>;
export type DisputeListQuery = z.output<typeof disputeListQuerySchema>;
