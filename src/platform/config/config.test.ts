import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig: embeddings', () => {
  it('leaves the embedding provider off by default', () => {
    const { embeddings } = loadConfig({});
    expect(embeddings).toEqual({
      url: undefined,
      model: undefined,
      apiKey: undefined,
      dimensions: undefined,
      batchSize: 64,
      timeoutMs: 30_000,
      maxRetries: 4,
    });
  });

  it('reads the provider settings', () => {
    const { embeddings } = loadConfig({
      TRIAGE_EMBEDDINGS_URL: 'http://127.0.0.1:8080',
      TRIAGE_EMBEDDINGS_MODEL: 'text-embedding-3-small',
      TRIAGE_EMBEDDINGS_API_KEY: 'sk-test',
      TRIAGE_EMBEDDINGS_DIMENSIONS: '256',
      TRIAGE_EMBEDDINGS_BATCH_SIZE: '100',
    });
    expect(embeddings).toMatchObject({
      url: 'http://127.0.0.1:8080',
      model: 'text-embedding-3-small',
      apiKey: 'sk-test',
      dimensions: 256,
      batchSize: 100,
    });
  });

  it('refuses a URL without a model, and bad numbers, listing each problem', () => {
    expect(() => loadConfig({ TRIAGE_EMBEDDINGS_URL: 'http://127.0.0.1:8080' })).toThrow(
      /TRIAGE_EMBEDDINGS_MODEL: required when TRIAGE_EMBEDDINGS_URL is set/,
    );
    try {
      loadConfig({ TRIAGE_EMBEDDINGS_URL: 'not a url', TRIAGE_EMBEDDINGS_BATCH_SIZE: '5000' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/TRIAGE_EMBEDDINGS_URL/);
      expect(problems).toMatch(/TRIAGE_EMBEDDINGS_BATCH_SIZE/);
    }
  });
});
