import { describe, expect, it } from 'vitest';
import type { Embedder } from '../embeddings/index.js';
import { evaluateClassifier, evaluateWithEmbeddings, type LabelledRow } from './index.js';

const TOPICS: Record<string, string> = {
  card: 'card arrived post',
  refund: 'refund money back',
  pin: 'pin blocked code',
};

function rows(perCategory: number): LabelledRow[] {
  return Array.from({ length: perCategory }, (_, i) =>
    Object.entries(TOPICS).map(([category, words]) => ({ body: `${words} ticket ${i}`, category })),
  ).flat();
}

/** An in-process embedder: one direction per topic word, like a tiny word-vector table. */
function topicEmbedder(residentBytes?: number): Embedder & { calls: number } {
  const words = Object.values(TOPICS).flatMap((topic) => topic.split(' '));
  const embedder = {
    provider: 'test:topics',
    calls: 0,
    ...(residentBytes === undefined ? {} : { residentBytes }),
    embed: async (texts: readonly string[]) => {
      embedder.calls++;
      return texts.map((text) => Float32Array.from(words, (word) => (text.includes(word) ? 1 : 0)));
    },
  };
  return embedder;
}

describe('evaluateWithEmbeddings', () => {
  it('embeds the training rows in one call and each test row on its own, and counts the costs', async () => {
    const embedder = topicEmbedder(1_000_000);
    const train = rows(20);
    const test = rows(4);
    const { report, embedding } = await evaluateWithEmbeddings({ train, test, embedder });
    expect(embedder.calls).toBe(1 + test.length);
    expect(report.accuracy).toBe(1);
    expect(embedding).toMatchObject({ provider: 'test:topics', dimensions: 9 });
    expect(report.trainSeconds).toBeGreaterThanOrEqual(embedding.trainSeconds);
    const plain = evaluateClassifier({ train, test });
    expect(report.modelBytes).toBeGreaterThan(plain.modelBytes + 1_000_000);
  });
});
