import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeModel, predict, type TrainingExample, trainModel } from '../classifier/index.js';
import { syntheticTickets } from '../classifier/test-support/synthetic-tickets.js';
import { createOpenAiCompatibleEmbedder, type Embedder, embeddingText } from './index.js';
import {
  type EmbeddingsTestServer,
  startEmbeddingsTestServer,
  TEST_API_KEY,
} from './test-support/embeddings-test-server.js';

let server: EmbeddingsTestServer;
let embedder: Embedder;

beforeAll(async () => {
  server = await startEmbeddingsTestServer({ dimensions: 48 });
  embedder = createOpenAiCompatibleEmbedder({
    baseUrl: server.url,
    apiKey: TEST_API_KEY,
    model: 'test-model',
    batchSize: 50,
  });
});
afterAll(() => server.close());

async function embedded(examples: TrainingExample[]): Promise<TrainingExample[]> {
  const vectors = await embedder.embed(examples.map(embeddingText));
  return examples.map((example, index) => ({ ...example, embedding: vectors[index]! }));
}

describe('the classifier with embeddings from an OpenAI-compatible server', () => {
  it('trains with the embedding view, records the provider and predicts held-out tickets', async () => {
    const model = trainModel(await embedded(syntheticTickets(30, 1)), {
      embeddingProvider: embedder.provider,
    });
    expect(describeModel(model).embedding).toEqual({
      dimensions: 48,
      provider: 'openai-compatible:test-model',
    });

    const heldOut = await embedded(syntheticTickets(15, 2));
    const correct = heldOut.filter(
      (example) => predict(model, example, { explain: false }).ranked[0]!.category === example.category,
    ).length;
    expect(correct / heldOut.length).toBeGreaterThanOrEqual(0.9);
    expect(() => predict(model, { body: 'refund please' })).toThrow(/the input has no embedding/);
  });
});
