/**
 * The one error type of the embedding plug-ins, with a closed list of codes. `retry` says whether the
 * same call can succeed later; the client has already retried the retryable ones (with back-off)
 * before it throws, so a caller that gets one should treat the provider as unavailable for now.
 */
export const embeddingErrorCodes = {
  unauthorized: {
    retry: false,
    when: 'The provider answered 401 or 403: the API key is missing or wrong, or lacks access to the model.',
  },
  bad_request: {
    retry: false,
    when: 'The provider answered another 4xx (400, 404, 422, ...): unknown model, input too long, bad dimensions.',
  },
  quota_exceeded: {
    retry: false,
    when: 'The provider answered 429 with code "insufficient_quota": no retry helps until the account has credit.',
  },
  rate_limited: { retry: true, when: 'The provider still answered 429 after every retry.' },
  server_error: { retry: true, when: 'The provider still answered 5xx after every retry.' },
  timeout: { retry: true, when: 'No complete answer within the timeout, on every attempt.' },
  network: {
    retry: true,
    when: 'The connection failed (refused, reset, unknown host) on every attempt.',
  },
  bad_response: {
    retry: false,
    when: 'The answer is not the documented shape: not JSON, indexes missing or repeated, values not numbers.',
  },
  dimension_mismatch: {
    retry: false,
    when: 'Embeddings came back with another dimension than configured, or than the earlier ones.',
  },
} as const;

export type EmbeddingErrorCode = keyof typeof embeddingErrorCodes;

export class EmbeddingError extends Error {
  readonly retry: boolean;
  constructor(
    readonly code: EmbeddingErrorCode,
    message: string,
    /** HTTP status of the last answer, when there was one. */
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'EmbeddingError';
    this.retry = embeddingErrorCodes[code].retry;
  }
}
