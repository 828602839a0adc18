import { z } from 'zod';

// Request and response shapes of the connections API. Secrets go in, never come out.

const mappingSchema = z.strictObject({
  categoryId: z.uuid(),
  value: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe("The helpdesk's field value, tag or label for the category"),
});

export const newConnectionSchema = z.strictObject({
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .max(40),
  name: z.string().trim().min(1).max(120),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .describe("The helpdesk's API root"),
  credentials: z
    .record(z.string(), z.string())
    .describe("The connector's credential fields; stored encrypted"),
  inboundSecret: z
    .string()
    .min(16)
    .max(256)
    .optional()
    .describe('The secret the helpdesk signs webhooks with; stored encrypted (checking an HMAC needs it)'),
  integrationUser: z
    .strictObject({ id: z.string().max(200).nullish(), email: z.string().max(320).nullish() })
    .optional()
    .describe("Triage's own user in the helpdesk: its changes are echoes, not labels"),
  rateLimitPerMinute: z.number().int().min(1).max(6_000).default(60),
  categoryMapping: z.array(mappingSchema).max(1_000).default([]),
  writeSuggestionsAsNote: z.boolean().default(false),
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type NewConnection = z.output<typeof newConnectionSchema>;

export const connectionUpdateSchema = newConnectionSchema
  .omit({ kind: true })
  .partial()
  .extend({
    rateLimitPerMinute: z.number().int().min(1).max(6_000).optional(),
    categoryMapping: z.array(mappingSchema).max(1_000).optional(),
    writeSuggestionsAsNote: z.boolean().optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
  });
export type ConnectionUpdate = z.output<typeof connectionUpdateSchema>;

export const connectionViewSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    baseUrl: z.string(),
    credentialFields: z.array(z.string()).describe('Names only; values are never returned'),
    hasInboundSecret: z.boolean(),
    keyId: z.string().describe('The encryption key the secrets are under'),
    integrationUser: z.object({ id: z.string().nullable(), email: z.string().nullable() }),
    rateLimitPerMinute: z.number(),
    categoryMapping: z.array(z.object({ categoryId: z.string(), value: z.string() })),
    writeSuggestionsAsNote: z.boolean(),
    settings: z.record(z.string(), z.unknown()),
    enabled: z.boolean(),
    inboundPath: z.string().describe('Where the helpdesk sends its webhooks'),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .describe('Connection');

export const connectionTestSchema = z
  .discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      identity: z.object({
        id: z.string().nullable(),
        email: z.string().nullable(),
        name: z.string().nullable(),
      }),
      integrationUserMatches: z
        .boolean()
        .nullable()
        .describe("Whether the credentials' user is the connection's integration user (null: none set)"),
      message: z.string(),
    }),
    z.object({ ok: z.literal(false), httpStatus: z.number().nullable(), message: z.string() }),
  ])
  .describe('ConnectionTest');
export type ConnectionTest = z.output<typeof connectionTestSchema>;

export const inboundEventViewSchema = z.object({
  id: z.string(),
  deliveryId: z.string(),
  status: z.enum(['received', 'processed', 'ignored', 'rejected', 'failed']),
  reason: z.string().nullable(),
  outcomes: z.array(z.record(z.string(), z.unknown())),
  receivedAt: z.date(),
  processedAt: z.date().nullable(),
});
