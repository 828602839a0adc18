import type { z } from 'zod';

// Every connector reads its delivery the same way: JSON first, then its documented shape. A
// failure is a reason sentence, which the platform answers as 400 malformed_event and keeps.

export type BodyResult<T> = { ok: true; data: T } | { ok: false; reason: string };

/** The delivery's body as JSON, or why not (`hint` ends the sentence, e.g. where the body comes from). */
export function readJsonBody(rawBody: Buffer, hint?: string): BodyResult<unknown> {
  try {
    return { ok: true, data: JSON.parse(rawBody.toString('utf8')) };
  } catch {
    return { ok: false, reason: hint ? `The body is not JSON (${hint}).` : 'The body is not JSON.' };
  }
}

/** The body checked against a connector's schema; `what` names it in the reason ("The event"). */
export function checkBody<S extends z.ZodType>(
  schema: S,
  json: unknown,
  what: string,
): BodyResult<z.output<S>> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `${what} is malformed: ${issue?.path.join('.') || 'body'}: ${issue?.message}` };
}
