/**
 * Client for an OpenAI-compatible embeddings endpoint (OpenAI itself, or a self-hosted server that
 * speaks the same API): POST {baseUrl}/v1/embeddings with
 * `{"model", "input": [texts], "encoding_format": "float", "dimensions"?}` and a Bearer key, answered by
 * `{"object": "list", "data": [{"object": "embedding", "index", "embedding": [floats]}], "model", "usage"}`;
 * errors come as `{"error": {"message", "type", "param", "code"}}`.
 *
 * Texts go in batches, one request at a time (a provider's rate limit is per account, so parallel
 * requests would only trade throughput for 429s). 429 and 5xx answers, timeouts and connection
 * failures are retried with exponential back-off, honouring Retry-After; everything else fails at
 * once with an EmbeddingError whose code says what to fix.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Embedder } from './embedder.js';
import { EmbeddingError, type EmbeddingErrorCode } from './embedding-error.js';
import { retryDelayMs } from './retry-delay.js';

export interface OpenAiCompatibleEmbedderOptions {
  /** Server root, e.g. "https://api.openai.com" or "http://127.0.0.1:8080"; a trailing "/v1" is accepted. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; omitted when undefined (local servers often need none). */
  apiKey?: string;
  model: string;
  /** Asks for shorter vectors (models that support it) and checks every answer against it. */
  dimensions?: number;
  /** Texts per request; the API allows at most 2048. Default 64. */
  batchSize?: number;
  /** Per attempt, until the whole answer is read. Default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt of each request. Default 4. */
  maxRetries?: number;
  /** First back-off delay, doubled at each retry. Default 500 ms. */
  retryBaseMs?: number;
}

export const MAX_BATCH_SIZE = 2048;

type Settings = OpenAiCompatibleEmbedderOptions &
  Required<Pick<OpenAiCompatibleEmbedderOptions, 'batchSize' | 'timeoutMs' | 'maxRetries' | 'retryBaseMs'>>;

export function createOpenAiCompatibleEmbedder(options: OpenAiCompatibleEmbedderOptions): Embedder {
  const settings: Settings = {
    ...options,
    batchSize: options.batchSize ?? 64,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 4,
    retryBaseMs: options.retryBaseMs ?? 500,
  };
  checkSettings(settings);
  const url = `${settings.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/embeddings`;
  let dimensions = settings.dimensions;

  async function embedBatch(texts: readonly string[]): Promise<Float32Array[]> {
    const body = JSON.stringify({
      model: settings.model,
      // The API rejects empty strings; a ticket with no text still deserves a (meaningless) vector.
      input: texts.map((text) => (text.length === 0 ? ' ' : text)),
      encoding_format: 'float',
      ...(settings.dimensions === undefined ? {} : { dimensions: settings.dimensions }),
    });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (settings.apiKey !== undefined) headers.authorization = `Bearer ${settings.apiKey}`;
    for (let attempt = 0; ; attempt++) {
      const outcome = await attemptRequest(url, headers, body, settings.timeoutMs);
      if (outcome.kind === 'ok') {
        const vectors = parseEmbeddings(outcome.text, texts.length);
        dimensions = checkDimensions(vectors, dimensions);
        return vectors;
      }
      if (!outcome.error.retry || attempt >= settings.maxRetries) {
        if (!outcome.error.retry || settings.maxRetries === 0) throw outcome.error;
        throw new EmbeddingError(
          outcome.error.code,
          `${outcome.error.message} (gave up after ${attempt + 1} attempts)`,
          outcome.error.status,
          { cause: outcome.error },
        );
      }
      await sleep(retryDelayMs(attempt, settings.retryBaseMs, outcome.retryAfter));
    }
  }

  return {
    provider: `openai-compatible:${settings.model}`,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += settings.batchSize) {
        out.push(...(await embedBatch(texts.slice(start, start + settings.batchSize))));
      }
      return out;
    },
  };
}

type Attempt =
  | { kind: 'ok'; text: string }
  | { kind: 'failed'; error: EmbeddingError; retryAfter: string | null };

async function attemptRequest(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Attempt> {
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    // The signal also covers reading the body, so a server that stalls mid-answer times out too.
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    retryAfter = response.headers.get('retry-after');
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const message = timedOut
      ? `The embedding provider at ${url} did not answer within ${timeoutMs} ms.`
      : `Cannot reach the embedding provider at ${url}: ${causeMessage(error)}.`;
    return failed(timedOut ? 'timeout' : 'network', message, undefined, null, error);
  }
  if (status >= 200 && status < 300) return { kind: 'ok', text };
  const apiError = parseErrorBody(text);
  const said = apiError.message === undefined ? '' : `: ${apiError.message}`;
  if (status === 401 || status === 403) {
    return failed('unauthorized', `The embedding provider refused the API key (${status})${said}`, status);
  }
  if (status === 429) {
    if (apiError.code === 'insufficient_quota') {
      return failed('quota_exceeded', `The embedding provider's quota is exhausted (429)${said}`, status);
    }
    return failed('rate_limited', `The embedding provider is rate limiting (429)${said}`, status, retryAfter);
  }
  if (status >= 500) {
    return failed('server_error', `The embedding provider failed (${status})${said}`, status, retryAfter);
  }
  return failed('bad_request', `The embedding provider rejected the request (${status})${said}`, status);
}

function failed(
  code: EmbeddingErrorCode,
  message: string,
  status?: number,
  retryAfter: string | null = null,
  cause?: unknown,
): Attempt {
  const error = new EmbeddingError(code, message, status, cause === undefined ? undefined : { cause });
  return { kind: 'failed', error, retryAfter };
}

function parseErrorBody(text: string): { message?: string; code?: string } {
  try {
    const parsed: unknown = JSON.parse(text);
    const error = (parsed as { error?: unknown } | null)?.error;
    if (typeof error === 'object' && error !== null) {
      const { message, code } = error as { message?: unknown; code?: unknown };
      return {
        ...(typeof message === 'string' ? { message } : {}),
        ...(typeof code === 'string' ? { code } : {}),
      };
    }
  } catch {
    // Not the documented error shape (a proxy's HTML page, say): the status alone must do.
  }
  return {};
}

/** Vectors in input order: the API tags each with its `index` and does not promise to keep order. */
function parseEmbeddings(text: string, expected: number): Float32Array[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badResponse('the answer is not JSON');
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw badResponse('the answer has no "data" list');
  if (data.length !== expected)
    throw badResponse(`${data.length} embeddings came back for ${expected} texts`);
  const out = new Array<Float32Array | undefined>(expected);
  for (const item of data) {
    const { index, embedding } = (item ?? {}) as { index?: unknown; embedding?: unknown };
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= expected) {
      throw badResponse(`an embedding has an invalid index ${JSON.stringify(index)}`);
    }
    if (out[index as number] !== undefined) throw badResponse(`index ${index} came back twice`);
    if (!Array.isArray(embedding) || embedding.length === 0) {
      throw badResponse(
        `embedding ${index} is not a list of numbers (was "encoding_format": "float" ignored?)`,
      );
    }
    const vector = Float32Array.from(embedding, (value: unknown) =>
      typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN,
    );
    if (vector.some(Number.isNaN)) throw badResponse(`embedding ${index} holds a value that is not a number`);
    out[index as number] = vector;
  }
  return out as Float32Array[];
}

function checkDimensions(vectors: readonly Float32Array[], expected: number | undefined): number | undefined {
  let dimensions = expected;
  for (const vector of vectors) {
    dimensions ??= vector.length;
    if (vector.length !== dimensions) {
      throw new EmbeddingError(
        'dimension_mismatch',
        `The embedding provider returned a ${vector.length}-dimensional embedding where ${dimensions} dimensions were expected.`,
      );
    }
  }
  return dimensions;
}

function badResponse(reason: string): EmbeddingError {
  return new EmbeddingError('bad_response', `Unexpected answer from the embedding provider: ${reason}.`);
}

function causeMessage(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

function checkSettings(settings: Settings): void {
  try {
    new URL(settings.baseUrl);
  } catch {
    throw new RangeError(`The embeddings base URL is not a URL: ${JSON.stringify(settings.baseUrl)}.`);
  }
  if (settings.model.trim().length === 0) throw new RangeError('The embeddings model must be named.');
  const positive = (value: number | undefined, max: number) =>
    value === undefined || (Number.isInteger(value) && value >= 1 && value <= max);
  if (!positive(settings.batchSize, MAX_BATCH_SIZE))
    throw new RangeError(`batchSize must be 1 to ${MAX_BATCH_SIZE}, got ${settings.batchSize}.`);
  if (!positive(settings.dimensions, 65_536))
    throw new RangeError(`dimensions must be a positive integer, got ${settings.dimensions}.`);
  if (!(settings.timeoutMs > 0))
    throw new RangeError(`timeoutMs must be positive, got ${settings.timeoutMs}.`);
  if (!Number.isInteger(settings.maxRetries) || settings.maxRetries < 0)
    throw new RangeError(`maxRetries must be a non-negative integer, got ${settings.maxRetries}.`);
}
