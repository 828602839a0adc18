import { z } from 'zod';

// One row of a labelled history, whichever file shape it came from.
export const historyRowSchema = z
  .object({
    externalId: z.string().trim().min(1).max(200).optional(),
    subject: z.string().max(1_000).optional(),
    body: z.string().max(200_000).optional(),
    category: z.string().trim().min(1, 'category is empty').max(120),
    createdAt: z.iso.datetime({ offset: true }).optional(),
    requester: z.string().max(320).optional(),
    channel: z.string().max(40).optional(),
  })
  .refine((r) => Boolean(r.subject?.trim() || r.body?.trim()), { message: 'needs a text, subject or body' });

export type HistoryRow = z.infer<typeof historyRowSchema>;

export interface RowProblem {
  /** 1-based row number in the file (header excluded for CSV). */
  row: number;
  reason: string;
}

const first = (record: Record<string, unknown>, names: string[]): string | undefined => {
  for (const n of names) {
    const v = record[n];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
};

/** Maps the column names people use (text, title/description, label...) onto a history row. */
export function toHistoryRow(record: Record<string, unknown>): unknown {
  const text = first(record, ['text']);
  return {
    externalId: first(record, ['externalId', 'external_id', 'id', 'ticket_id']),
    subject: first(record, ['subject', 'title']),
    body: text ?? first(record, ['body', 'description']),
    category: first(record, ['category', 'label']),
    createdAt: first(record, ['createdAt', 'created_at']),
    requester: first(record, ['requester']),
    channel: first(record, ['channel']),
  };
}

export function validateHistoryRow(
  record: Record<string, unknown>,
): { row: HistoryRow } | { reason: string } {
  const parsed = historyRowSchema.safeParse(toHistoryRow(record));
  if (parsed.success) return { row: parsed.data };
  return {
    reason: parsed.error.issues
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; '),
  };
}
