import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOpenAiCompatibleEmbedder,
  EmbeddingError,
  type OpenAiCompatibleEmbedderOptions,
} from './index.js';
import {
  type EmbeddingsTestServer,
  hashedEmbedding,
  startEmbeddingsTestServer,
  TEST_API_KEY,
} from './test-support/embeddings-test-server.js';

let server: EmbeddingsTestServer;
let reversing: EmbeddingsTestServer;

beforeAll(async () => {
  server = await startEmbeddingsTestServer({ dimensions: 24 });
  reversing = await startEmbeddingsTestServer({ dimensions: 24, reverseOrder: true });
});
afterAll(async () => {
  await server.close();
  await reversing.close();
});

function client(overrides: Partial<OpenAiCompatibleEmbedderOptions> = {}) {
  return createOpenAiCompatibleEmbedder({
    baseUrl: server.url,
    apiKey: TEST_API_KEY,
    model: 'test-model',
    retryBaseMs: 10,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<EmbeddingError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(EmbeddingError);
  return error as EmbeddingError;
}

describe('createOpenAiCompatibleEmbedder', () => {
  it('sends the documented request and returns one vector per text', async () => {
    const before = server.requests.length;
    const vectors = await client().embed(['card not arrived', 'exchange rate']);
    expect(vectors).toHaveLength(2);
    expect(vectors[0]).toBeInstanceOf(Float32Array);
    expect(Array.from(vectors[0]!)).toEqual(
      Array.from(Float32Array.from(hashedEmbedding('card not arrived', 24))),
    );
    const request = server.requests[before]!;
    expect(request.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(request.body).toEqual({
      model: 'test-model',
      input: ['card not arrived', 'exchange rate'],
      encoding_format: 'float',
    });
  });

  it('accepts a base URL that already ends in /v1, and asks for the configured dimensions', async () => {
    const before = server.requests.length;
    const [vector] = await client({ baseUrl: `${server.url}/v1/`, dimensions: 8 }).embed(['hello']);
    expect(vector).toHaveLength(8);
    expect((server.requests[before]!.body as { dimensions: number }).dimensions).toBe(8);
  });

  it('batches, and keeps input order even when the server answers out of order', async () => {
    const texts = Array.from({ length: 23 }, (_, i) => `ticket number ${i} word${i}`);
    const before = reversing.requests.length;
    const vectors = await client({ baseUrl: reversing.url, batchSize: 5 }).embed(texts);
    expect(reversing.requests.length - before).toBe(5);
    expect(vectors.map((v) => Array.from(v))).toEqual(
      texts.map((text) => Array.from(Float32Array.from(hashedEmbedding(text, 24)))),
    );
  });

  it('sends an empty text as a space, which the API accepts', async () => {
    const [vector] = await client().embed(['']);
    expect(vector).toHaveLength(24);
  });

  it('fails at once with "unauthorized" on a wrong key, quoting the provider', async () => {
    const before = server.requests.length;
    const error = await failure(client({ apiKey: 'wrong' }).embed(['x']));
    expect(error.code).toBe('unauthorized');
    expect(error.status).toBe(401);
    expect(error.retry).toBe(false);
    expect(error.message).toMatch(/refused the API key \(401\): Incorrect API key provided/);
    expect(server.requests.length - before).toBe(1);
  });

  it('fails at once with "bad_request" on another 4xx', async () => {
    // The server's own 400 for malformed input, in the documented error shape.
    const response = await fetch(`${server.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: [] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null } });

    const error = await failure(client({ baseUrl: `${server.url}/wrong-prefix` }).embed(['a']));
    expect(error.code).toBe('bad_request');
    expect(error.status).toBe(404);
    expect(error.retry).toBe(false);
  });

  it('retries a 429 after the Retry-After the server gave', async () => {
    server.failNext({ kind: 'rate_limited', retryAfterSeconds: 1 });
    const started = performance.now();
    const vectors = await client({ retryBaseMs: 1 }).embed(['lost card']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(vectors).toHaveLength(1);
  });

  it('does not retry a 429 that says the quota is exhausted', async () => {
    server.failNext({ kind: 'quota_exceeded' });
    const error = await failure(client().embed(['x']));
    expect(error.code).toBe('quota_exceeded');
  });

  it('retries a 500, and gives up with "server_error" after maxRetries', async () => {
    server.failNext({ kind: 'server_error' });
    expect(await client().embed(['pin blocked'])).toHaveLength(1);

    const before = server.requests.length;
    server.failNext({ kind: 'server_error' }, 3);
    const error = await failure(client({ maxRetries: 2 }).embed(['pin blocked']));
    expect(error.code).toBe('server_error');
    expect(error.retry).toBe(true);
    expect(error.message).toMatch(/gave up after 3 attempts/);
    expect(server.requests.length - before).toBe(3);
  });

  it('times out a stalled answer with "timeout", then succeeds on the retry', async () => {
    server.failNext({ kind: 'stall' });
    const error = await failure(client({ timeoutMs: 200, maxRetries: 0 }).embed(['x']));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 200 ms/);

    server.failNext({ kind: 'stall' });
    expect(await client({ timeoutMs: 200, maxRetries: 1 }).embed(['x'])).toHaveLength(1);
  });

  it('rejects an answer of the wrong shape with "bad_response"', async () => {
    server.failNext({ kind: 'bad_shape' });
    const error = await failure(client().embed(['x']));
    expect(error.code).toBe('bad_response');
    expect(error.message).toMatch(/0 embeddings came back for 1 texts/);
  });

  it('rejects vectors of another dimension than configured', async () => {
    const deaf = await startEmbeddingsTestServer({ dimensions: 24, ignoreDimensions: true });
    try {
      const error = await failure(client({ baseUrl: deaf.url, dimensions: 8 }).embed(['a']));
      expect(error.code).toBe('dimension_mismatch');
      expect(error.message).toMatch(/24-dimensional embedding where 8 dimensions were expected/);
    } finally {
      await deaf.close();
    }
  });

  it('fails with "network" when nothing listens', async () => {
    const closed = await startEmbeddingsTestServer();
    const url = closed.url;
    await closed.close();
    const error = await failure(client({ baseUrl: url, maxRetries: 1 }).embed(['x']));
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/Cannot reach the embedding provider/);
  });

  it('checks its options', () => {
    expect(() => client({ baseUrl: 'not a url' })).toThrow(/not a URL/);
    expect(() => client({ batchSize: 5000 })).toThrow(/batchSize must be 1 to 2048/);
    expect(() => client({ model: '' })).toThrow(/must be named/);
  });
});
