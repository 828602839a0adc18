import { describe, expect, it } from 'vitest';
import {
  describeModel,
  deserializeModel,
  learnOne,
  predict,
  serializeModel,
  type TrainingExample,
  trainModel,
} from './index.js';
import { createRandom } from './prng.js';
import { syntheticTickets } from './test-support/synthetic-tickets.js';

const DIMENSIONS = 16;
const CATEGORIES = ['billing', 'bug', 'login', 'shipping'];

/** A stand-in for a provider: one direction per category plus noise, so the view carries the label. */
function fakeEmbedding(category: string, random: () => number): Float32Array {
  const out = new Float32Array(DIMENSIONS);
  for (let d = 0; d < DIMENSIONS; d++) out[d] = random() - 0.5;
  out[CATEGORIES.indexOf(category) * 4]! += 3;
  return out;
}

function withEmbeddings(examples: TrainingExample[], seed: number): TrainingExample[] {
  const random = createRandom(seed);
  return examples.map((example) => ({ ...example, embedding: fakeEmbedding(example.category, random) }));
}

const training = withEmbeddings(syntheticTickets(30, 1), 1);
const model = trainModel(training, { embeddingProvider: 'test:fake' });

describe('the embedding view', () => {
  it('is recorded in the model: dimension and provider', () => {
    expect(describeModel(model).embedding).toEqual({ dimensions: DIMENSIONS, provider: 'test:fake' });
    expect(describeModel(trainModel(syntheticTickets(30, 1))).embedding).toBeUndefined();
  });

  it('is learned: text the model has never seen is classified by its embedding alone', () => {
    const random = createRandom(9);
    let correct = 0;
    for (let i = 0; i < 40; i++) {
      const category = CATEGORIES[i % CATEGORIES.length]!;
      const input = { body: 'xyzzy plugh', embedding: fakeEmbedding(category, random) };
      if (predict(model, input, { explain: false }).ranked[0]!.category === category) correct++;
    }
    expect(correct).toBeGreaterThanOrEqual(36);
  });

  it('refuses an input without an embedding, or with another dimension, in a sentence', () => {
    expect(() => predict(model, { body: 'refund please' })).toThrow(TypeError);
    expect(() => predict(model, { body: 'refund please' })).toThrow(
      /trained with 16-dimensional embeddings from "test:fake"; the input has no embedding/,
    );
    expect(() => predict(model, { body: 'x', embedding: new Float32Array(8) })).toThrow(
      /has 8 dimensions; the model expects 16/,
    );
    expect(() => predict(model, { body: 'x', embedding: [Number.NaN, ...new Array(15).fill(0)] })).toThrow(
      /not a finite number/,
    );
  });

  it('accepts plain number arrays as well as Float32Array, with the same result', () => {
    const embedding = fakeEmbedding('login', createRandom(3));
    const a = predict(model, { body: 'reset', embedding }, { explain: false });
    const b = predict(model, { body: 'reset', embedding: Array.from(embedding) }, { explain: false });
    expect(b).toEqual(a);
  });

  it('ignores an embedding given to a model trained without one', () => {
    const plain = trainModel(syntheticTickets(30, 1));
    const input = { body: 'refund for the duplicate payment' };
    expect(predict(plain, { ...input, embedding: new Float32Array(3) })).toEqual(predict(plain, input));
  });

  it('requires all training examples or none to carry an embedding', () => {
    const mixed = [...training.slice(0, 10), ...syntheticTickets(5, 2)];
    expect(() => trainModel(mixed)).toThrow(/10 of 30 training examples carry an embedding/);
    const uneven = [{ ...training[0]!, embedding: new Float32Array(4) }, ...training.slice(1)];
    expect(() => trainModel(uneven)).toThrow(/has 16 dimensions; the model expects 4/);
    expect(() => trainModel(syntheticTickets(5, 2), { embeddingProvider: 'test:fake' })).toThrow(
      /no training example carries an embedding/,
    );
  });

  it('keeps "similar examples" a cosine over words, at most 1', () => {
    const input = {
      body: 'refund for the duplicate payment',
      embedding: fakeEmbedding('billing', createRandom(4)),
    };
    const { similar } = predict(model, input).explanation;
    expect(similar.length).toBeGreaterThan(0);
    for (const example of similar) expect(example.similarity).toBeLessThanOrEqual(1);
  });

  it('round-trips through serialisation to identical predictions and bytes', () => {
    const bytes = serializeModel(model);
    const restored = deserializeModel(bytes);
    const input = { body: 'parcel delayed', embedding: fakeEmbedding('shipping', createRandom(5)) };
    expect(predict(restored, input)).toEqual(predict(model, input));
    expect(describeModel(restored)).toEqual(describeModel(model));
    expect(Buffer.from(serializeModel(restored)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('gives an out-of-scope verdict, scored on the text views', () => {
    const { outOfScope } = predict(model, {
      body: 'invoice charged refund payment',
      embedding: fakeEmbedding('billing', createRandom(7)),
    });
    expect(outOfScope.score).toBeGreaterThanOrEqual(0);
    expect(outOfScope.score).toBeLessThanOrEqual(1);
    expect(outOfScope.flagged).toBe(false);
  });

  it('calibrates on validation rows, which then need embeddings too', () => {
    const validation = withEmbeddings(syntheticTickets(10, 3), 3);
    const calibrated = trainModel(training, { embeddingProvider: 'test:fake', validation });
    const input = { body: 'parcel delayed', embedding: fakeEmbedding('shipping', createRandom(8)) };
    expect(predict(calibrated, input).ranked[0]!.category).toBe('shipping');
    const bare = syntheticTickets(10, 3);
    expect(() => trainModel(training, { embeddingProvider: 'test:fake', validation: bare })).toThrow(
      /the input has no embedding/,
    );
  });

  it('learns online from an example with an embedding, and needs one', () => {
    const copy = deserializeModel(serializeModel(model));
    const embedding = fakeEmbedding('bug', createRandom(6));
    learnOne(copy, { body: 'the printer is on fire', category: 'hardware', embedding });
    expect(predict(copy, { body: 'printer fire', embedding }).ranked[0]!.category).toBe('hardware');
    expect(() => learnOne(copy, { body: 'printer', category: 'hardware' })).toThrow(/no embedding/);
  });
});
