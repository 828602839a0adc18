/**
 * A local server for tests that implements the documented OpenAI embeddings endpoint
 * (POST /v1/embeddings) with deterministic vectors: a hashed bag of words, so texts that share words
 * get similar vectors, the way a real model's would for near-paraphrases. It checks the Bearer key
 * (401 with the documented error body), rejects malformed input with 400, and can be told to fail the
 * next requests (429 with Retry-After, 500, a stall, a malformed answer) to exercise the client's
 * retries and errors against real HTTP instead of a mock.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TEST_API_KEY = 'test-embeddings-key';
const MAX_INPUTS = 2048;

export type InjectedFailure =
  | { kind: 'rate_limited'; retryAfterSeconds?: number }
  | { kind: 'quota_exceeded' }
  | { kind: 'server_error' }
  /** Never answers (until the server closes): for timeouts. */
  | { kind: 'stall' }
  /** 200 with one embedding missing. */
  | { kind: 'bad_shape' };

// Status, message, type and code as the hosted API words them.
const INJECTED_ERRORS = {
  rate_limited: [429, 'Rate limit reached for requests.', 'requests', 'rate_limit_exceeded'],
  quota_exceeded: [429, 'You exceeded your current quota.', 'insufficient_quota', 'insufficient_quota'],
  server_error: [500, 'The server had an error while processing your request.', 'server_error', null],
} as const;

export interface RecordedRequest {
  authorization: string | undefined;
  body: unknown;
}

export interface EmbeddingsTestServer {
  /** Root URL, e.g. http://127.0.0.1:41234 (the client appends /v1/embeddings). */
  readonly url: string;
  /** Every request that reached the endpoint, in arrival order. */
  readonly requests: RecordedRequest[];
  /** The next `times` requests get `failure` instead of embeddings. */
  failNext(failure: InjectedFailure, times?: number): void;
  close(): Promise<void>;
}

export interface EmbeddingsTestServerOptions {
  /** Key the server accepts; null accepts requests without one. Default TEST_API_KEY. */
  apiKey?: string | null;
  /** Dimension when the request does not ask for one. Default 32. */
  dimensions?: number;
  /** Answer `data` in reverse order, as the API is allowed to, to check ordering by `index`. */
  reverseOrder?: boolean;
  /** Ignore a requested `dimensions`, as servers whose model cannot shorten its vectors do. */
  ignoreDimensions?: boolean;
}

export async function startEmbeddingsTestServer(
  options: EmbeddingsTestServerOptions = {},
): Promise<EmbeddingsTestServer> {
  const apiKey = options.apiKey === undefined ? TEST_API_KEY : options.apiKey;
  const defaultDimensions = options.dimensions ?? 32;
  const requests: RecordedRequest[] = [];
  const failures: InjectedFailure[] = [];

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      sendError(response, 500, String(error), 'server_error', null);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    if (request.url !== '/v1/embeddings') {
      return sendError(response, 404, `Unknown path ${request.url}.`, 'invalid_request_error', null);
    }
    if (request.method !== 'POST') {
      return sendError(response, 405, 'Only POST is allowed.', 'invalid_request_error', null);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    requests.push({ authorization: request.headers.authorization, body });
    const failure = failures.shift();
    if (failure !== undefined) return inject(failure, response);
    if (apiKey !== null && request.headers.authorization !== `Bearer ${apiKey}`) {
      return sendError(
        response,
        401,
        'Incorrect API key provided.',
        'invalid_request_error',
        'invalid_api_key',
      );
    }
    const parsed = parseRequest(body, defaultDimensions, options.ignoreDimensions === true);
    if (typeof parsed === 'string') return sendError(response, 400, parsed, 'invalid_request_error', null);
    const data = parsed.inputs.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: hashedEmbedding(text, parsed.dimensions),
    }));
    if (options.reverseOrder) data.reverse();
    const tokens = parsed.inputs.reduce((sum, text) => sum + words(text).length, 0);
    sendJson(response, 200, {
      object: 'list',
      data,
      model: parsed.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  function inject(failure: InjectedFailure, response: ServerResponse): void {
    if (failure.kind === 'stall') return;
    if (failure.kind === 'bad_shape') {
      sendJson(response, 200, { object: 'list', data: [], model: 'x', usage: {} });
      return;
    }
    if (failure.kind === 'rate_limited') {
      response.setHeader('retry-after', String(failure.retryAfterSeconds ?? 0));
    }
    const [status, message, type, code] = INJECTED_ERRORS[failure.kind];
    sendError(response, status, message, type, code);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface EmbeddingRequest {
  model: string;
  inputs: string[];
  dimensions: number;
}

/** The request, or the reason it is rejected (the documented 400 cases this server knows about). */
function parseRequest(
  body: unknown,
  defaultDimensions: number,
  ignoreDimensions: boolean,
): EmbeddingRequest | string {
  if (typeof body !== 'object' || body === null) return 'The request body must be a JSON object.';
  const { model, input, encoding_format, dimensions } = body as Record<string, unknown>;
  if (typeof model !== 'string' || model.length === 0) return "'model' is required.";
  const inputs = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > MAX_INPUTS) {
    return `'input' must be a string or a list of 1 to ${MAX_INPUTS} strings.`;
  }
  if (!inputs.every((text) => typeof text === 'string' && text.length > 0)) {
    return "'input' must not contain empty or non-string items.";
  }
  if (encoding_format !== undefined && encoding_format !== 'float') {
    return "This server only supports 'encoding_format': 'float'.";
  }
  if (dimensions !== undefined && !(Number.isInteger(dimensions) && (dimensions as number) >= 1)) {
    return "'dimensions' must be a positive integer.";
  }
  const asked = ignoreDimensions ? undefined : (dimensions as number | undefined);
  return { model, inputs, dimensions: asked ?? defaultDimensions };
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Each word adds ±1 to two hashed dimensions; the sum is L2-normalised. */
export function hashedEmbedding(text: string, dimensions: number): number[] {
  const out = new Array<number>(dimensions).fill(0);
  for (const word of words(text)) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193) >>> 0;
    for (const h of [hash, Math.imul(hash, 0x9e3779b1) >>> 0]) {
      out[h % dimensions]! += h & 0x80000000 ? -1 : 1;
    }
  }
  const norm = Math.sqrt(out.reduce((sum, value) => sum + value * value, 0));
  return norm > 0 ? out.map((value) => value / norm) : out;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** The documented error body: {"error": {"message", "type", "param", "code"}}. */
function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
): void {
  sendJson(response, status, { error: { message, type, param: null, code } });
}
