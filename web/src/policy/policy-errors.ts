import { ApiError, errorMessage } from '../api/client.js';

/** What a person whose role may not do something reads instead of "403". */
export function deniedMessage(action: string): string {
  return `Your role cannot ${action}. Admins and leads can; the page is read-only for you now.`;
}

export function isDenied(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403;
}

interface Issue {
  path: string;
  message: string;
}

function issuesOf(details: unknown): Issue[] {
  if (typeof details !== 'object' || details === null || !('issues' in details)) return [];
  const { issues } = details as { issues: unknown };
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is Issue => typeof i?.path === 'string' && typeof i?.message === 'string' && i.message !== '',
  );
}

/**
 * A refusal split into messages for the form's fields (the server's validation issues, matched by
 * the last part of their path, e.g. `body.targetPrecision`) and a message for the form as a whole.
 */
export function fieldErrorsOf<F extends string>(
  err: unknown,
  fields: readonly F[],
): { fields: Partial<Record<F, string>>; rest: string | null } {
  const byField: Partial<Record<F, string>> = {};
  const unmatched: string[] = [];
  const issues = err instanceof ApiError && err.code === 'validation_failed' ? issuesOf(err.details) : [];
  for (const issue of issues) {
    const field = fields.find((f) => issue.path.split('.').pop() === f);
    if (field && !byField[field]) byField[field] = `The server refused it: ${issue.message}.`;
    else if (!field) unmatched.push(issue.message);
  }
  if (issues.length === 0) return { fields: byField, rest: errorMessage(err) };
  return {
    fields: byField,
    rest: unmatched.length ? `The server refused it: ${unmatched.join('; ')}.` : null,
  };
}
