import { z } from 'zod';
import { actorName } from '../../../platform/events/index.js';
import { MAX_BACKFILL_MONTHS } from './backfill-service.js';
import { type BackfillRun, backfillStatuses } from './backfill-store.js';

export const newBackfillSchema = z
  .strictObject({
    months: z.number().int().min(1).max(MAX_BACKFILL_MONTHS).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((body) => (body.months === undefined) !== (body.since === undefined), {
    message: 'Give either months or since.',
  })
  .describe('How far back: months (1–36) before now, or a since instant');

export const backfillRunViewSchema = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    since: z.date(),
    status: z.enum(backfillStatuses),
    requestedBy: z.string(),
    pages: z.int(),
    counts: z.object({
      read: z.int().describe('Tickets read from the helpdesk'),
      imported: z.int().describe('New tickets stored as history'),
      unchanged: z.int().describe('Already in Triage (an earlier backfill, import or live intake)'),
      labelled: z.int().describe('Imported with a category a person set: training labels'),
      aiProvenance: z.int().describe('Imported with a category Triage itself set: kept, never a label'),
      uncategorised: z.int().describe('No category in the helpdesk: not imported'),
      unmapped: z.int().describe('A helpdesk value the connection does not map: not imported'),
      rejected: z.int().describe('Without id or text: not imported'),
    }),
    total: z.int().nullable().describe('Tickets the whole backfill covers, when the helpdesk says'),
    attempts: z.int(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.date(),
    createdAt: z.date(),
    startedAt: z.date().nullable(),
    finishedAt: z.date().nullable(),
  })
  .describe('BackfillRun');

export type BackfillRunView = z.infer<typeof backfillRunViewSchema>;

export function backfillRunView(run: BackfillRun): BackfillRunView {
  return {
    id: run.id,
    connectionId: run.connectionId,
    since: run.since,
    status: run.status,
    requestedBy: actorName(run.requestedBy),
    pages: run.pages,
    counts: run.counts,
    total: run.total,
    attempts: run.attempts,
    lastError: run.lastError === '' ? null : run.lastError,
    nextAttemptAt: run.nextAttemptAt,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}
