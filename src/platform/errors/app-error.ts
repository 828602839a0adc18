// One error type with a closed list of codes. Each code documents when it fires and
// whether retrying the same request can succeed. The HTTP status lives here too, so
// routes never pick status codes by hand.

export const errorCodes = {
  validation_failed: {
    status: 400,
    retry: false,
    when: 'A field is missing, has the wrong type or is out of range.',
  },
  invalid_json: { status: 400, retry: false, when: 'The request body is not valid JSON.' },
  invalid_file: {
    status: 400,
    retry: false,
    when: 'An uploaded or imported file cannot be read as CSV or JSON Lines.',
  },
  unauthenticated: { status: 401, retry: false, when: 'No valid session cookie or API key was presented.' },
  invalid_credentials: { status: 401, retry: false, when: 'E-mail or password is wrong.' },
  forbidden: { status: 403, retry: false, when: 'The caller is authenticated but lacks the permission.' },
  csrf_failed: {
    status: 403,
    retry: false,
    when: 'A cookie-authenticated state change lacked the CSRF token.',
  },
  not_found: { status: 404, retry: false, when: 'The addressed resource does not exist in this workspace.' },
  external_id_conflict: {
    status: 409,
    retry: false,
    when: 'The (source, externalId) pair exists with different content.',
  },
  event_id_conflict: {
    status: 409,
    retry: false,
    when: 'The (source, eventId) pair was used for a different change.',
  },
  conflict: {
    status: 409,
    retry: false,
    when: 'The change conflicts with the current state (e.g. a name in use).',
  },
  already_resolved: { status: 409, retry: false, when: 'The review item was already resolved.' },
  item_already_claimed: {
    status: 409,
    retry: false,
    when: 'Someone else holds the claim on the review item; it is theirs until they release it.',
  },
  not_queue_member: {
    status: 403,
    retry: false,
    when: 'The person is neither owner, fallback owner nor member of the review queue the item is in.',
  },
  dispute_not_open: {
    status: 409,
    retry: false,
    when: 'The dispute was already ruled on or withdrawn, so it cannot be ruled on or withdrawn again.',
  },
  training_in_progress: {
    status: 409,
    retry: true,
    when: 'A model is already being trained for this workspace; retry when that run has finished.',
  },
  model_not_promotable: {
    status: 409,
    retry: false,
    when: 'The model version cannot take that status now (e.g. it is already champion, or there is no earlier champion to roll back to).',
  },
  gates_not_passed: {
    status: 409,
    retry: true,
    when: 'A rollout step up was requested or approved while one of its gates fails; retry when the gates pass.',
  },
  self_approval: {
    status: 409,
    retry: false,
    when: 'The person who requested a rollout step up tried to approve it; someone else must.',
  },
  payload_too_large: { status: 413, retry: false, when: 'The request body exceeds the 1 MB limit.' },
  unsupported_media_type: { status: 415, retry: false, when: 'The body is not application/json.' },
  unknown_category: {
    status: 422,
    retry: false,
    when: 'A category id or name does not exist or is retired.',
  },
  // Taxonomy changes (src/modules/taxonomy): each refusal its own code, none retryable as sent.
  category_retired: {
    status: 422,
    retry: false,
    when: 'A taxonomy change names a category that was already retired (merged, split or retired).',
  },
  category_into_itself: {
    status: 422,
    retry: false,
    when: "A merge's target is one of its sources, or a split's targets include the category split.",
  },
  split_too_few_targets: {
    status: 422,
    retry: false,
    when: 'A split names fewer than two distinct target categories.',
  },
  ticket_not_in_category: {
    status: 422,
    retry: false,
    when: "A split's ticket map names a ticket whose current category is not the category split.",
  },
  duplicate_category_name: {
    status: 409,
    retry: false,
    when: 'A new or renamed category would take the name of another live category.',
  },
  training_impossible: {
    status: 422,
    retry: false,
    when: 'There are too few labelled tickets or categories to train.',
  },
  // Helpdesk integrations (src/modules/integrations).
  invalid_signature: {
    status: 401,
    retry: false,
    when: "An inbound helpdesk delivery is unsigned or its signature does not match the connection's secret.",
  },
  malformed_event: {
    status: 400,
    retry: false,
    when: 'An inbound helpdesk delivery was authentic but could not be read; it is kept for inspection.',
  },
  backfill_unsupported: {
    status: 400,
    retry: false,
    when: 'A backfill was asked of a connection whose helpdesk connector cannot list past tickets.',
  },
  backfill_active: {
    status: 409,
    retry: true,
    when: 'The connection already has a queued, running or paused backfill; retry when it has finished or was cancelled.',
  },
  encryption_key_mismatch: {
    status: 500,
    retry: false,
    when: 'A stored credential cannot be decrypted with TRIAGE_ENCRYPTION_KEY (a different key, or changed data).',
  },
  rate_limited: { status: 429, retry: true, when: 'Too many requests; retry after the given delay.' },
  internal_error: {
    status: 500,
    retry: true,
    when: 'An unexpected failure; the request id finds it in the logs.',
  },
  not_ready: { status: 503, retry: true, when: 'The service is starting or its database is unreachable.' },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCodes[code].status;
  }
}

export const notFound = (what: string, id: string) =>
  new AppError('not_found', `${what} ${id} was not found.`);
