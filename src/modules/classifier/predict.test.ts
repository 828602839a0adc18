import { describe, expect, it } from 'vitest';
import { autoApplyThresholds, mayAutoApply, predict, trainModel } from './index.js';
import { normaliseCharacters } from './normalise-text.js';
import { STOP_WORDS } from './stop-words.js';
import { tokenise } from './tokenise.js';
import { SYNTHETIC_VOCABULARY, syntheticTickets } from './test-support/synthetic-tickets.js';

const training = syntheticTickets(40, 3);
const model = trainModel(training, { maxSimilarExamples: 60 });
const categoryCount = Object.keys(SYNTHETIC_VOCABULARY).length;

describe('predict', () => {
  it('explains a prediction with indicative words from the input', () => {
    const input = { subject: 'Where is it', body: 'The courier lost my package and tracking shows nothing.' };
    const { ranked, explanation } = predict(model, input);
    expect(ranked[0]!.category).toBe('shipping');
    const terms = explanation.terms.map((t) => t.term);
    expect(terms.some((term) => ['courier', 'package', 'tracking'].includes(term))).toBe(true);
    const top = explanation.terms[0]!;
    expect(top.weight).toBeGreaterThan(0);
    for (let i = 1; i < explanation.terms.length; i++) {
      expect(explanation.terms[i - 1]!.weight).toBeGreaterThanOrEqual(explanation.terms[i]!.weight);
    }
  });

  it('lists similar training examples, most similar first', () => {
    const { explanation } = predict(model, { body: 'tracking says the parcel was delayed at the warehouse' });
    expect(explanation.similar.length).toBeGreaterThan(0);
    expect(explanation.similar[0]!.category).toBe('shipping');
    for (const similar of explanation.similar) {
      expect(similar.similarity).toBeGreaterThan(0);
      expect(similar.similarity).toBeLessThanOrEqual(1);
      expect(similar.text.length).toBeLessThanOrEqual(201);
      expect(similar.id).toMatch(/^shipping-|^[a-z]+-3-/);
    }
  });

  it('finds an exact training example with similarity close to 1', () => {
    const stored = training[0]!;
    const { explanation } = predict(model, stored);
    expect(explanation.similar[0]!.id).toBe(stored.id);
    expect(explanation.similar[0]!.similarity).toBeGreaterThan(0.99);
  });

  it('skips the explanation when asked', () => {
    const prediction = predict(model, { body: 'refund my invoice' }, { explain: false });
    expect(prediction.explanation).toEqual({ terms: [], similar: [] });
    expect(prediction.ranked).toHaveLength(categoryCount);
  });

  it('returns a uniform, low-confidence prediction for empty text', () => {
    for (const input of [{}, { subject: '', body: '' }, { body: '   \n\t ' }, { body: '!!! ??? ...' }]) {
      const { ranked, explanation } = predict(model, input);
      expect(ranked).toHaveLength(categoryCount);
      for (const entry of ranked) expect(entry.probability).toBeCloseTo(1 / categoryCount, 6);
      expect(explanation.terms).toEqual([]);
      expect(explanation.similar).toEqual([]);
    }
  });

  it('survives binary garbage', () => {
    let seed = 12345;
    const bytes = Array.from({ length: 50_000 }, () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 16;
    });
    const garbage =
      String.fromCharCode(...bytes.slice(0, 25_000)) + String.fromCharCode(...bytes.slice(25_000));
    const { ranked } = predict(model, { subject: garbage.slice(0, 300), body: garbage });
    expect(ranked.reduce((sum, r) => sum + r.probability, 0)).toBeCloseTo(1, 10);
    for (const entry of ranked) expect(Number.isFinite(entry.probability)).toBe(true);
  });

  it('handles a 1 MB ticket quickly', () => {
    const body = 'the courier lost my parcel again, tracking is useless. '.repeat(19_000);
    expect(body.length).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const { ranked } = predict(model, { subject: body, body });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(ranked[0]!.category).toBe('shipping');
  });

  it('weighs the subject more than a body word', () => {
    const { ranked } = predict(model, { subject: 'password reset', body: 'hello please help invoice' });
    expect(ranked[0]!.category).toBe('login');
  });

  it('ignores quoted replies and signatures', () => {
    const body = [
      'My package never arrived, the courier says it was delivered.',
      '> On Monday you wrote:',
      '> your invoice and refund and payment and billing receipt',
      '-- ',
      'Invoice Payment Refund Billing Ltd.',
    ].join('\n');
    expect(predict(model, { body }).ranked[0]!.category).toBe('shipping');
  });

  it('explains with content words and word pairs of the input, never stop words or fragments', () => {
    const input = {
      body: 'Hello, I have a problem with my package: the courier is late and tracking is stuck.',
    };
    const { explanation } = predict(model, input);
    expect(explanation.terms.length).toBeGreaterThan(0);
    const words = new Set(tokenise(normaliseCharacters(input.body)));
    for (const { term } of explanation.terms) {
      const parts = term.split(' ');
      expect(parts.length).toBeLessThanOrEqual(2);
      for (const part of parts) expect(words.has(part)).toBe(true);
      expect(parts.every((part) => STOP_WORDS.has(part))).toBe(false);
    }
    const single = explanation.terms.map((t) => t.term).filter((t) => !t.includes(' '));
    for (const word of ['hello', 'i', 'have', 'a', 'with', 'my', 'the', 'is'])
      expect(single).not.toContain(word);
    // "problem" and "help" are in most synthetic tickets: too common to explain anything.
    expect(single).not.toContain('problem');
  });

  it('down-weights pasted logs and stack traces', () => {
    const logLines = ['invoice', 'payment', 'refund', 'billing', 'receipt', 'charged'].map(
      (word, i) => `2024-05-01 10:00:0${i} worker-${i} job ${word} status failed`,
    );
    const plain = ['The courier lost my parcel.', ...logLines.map((line) => line.slice(20))].join('\n');
    const logged = ['The courier lost my parcel.', ...logLines].join('\n');
    expect(predict(model, { body: plain }).ranked[0]!.category).toBe('billing');
    expect(predict(model, { body: logged }).ranked[0]!.category).toBe('shipping');
  });
});

describe('predict: out of scope', () => {
  it('flags a ticket unlike any category and not an ordinary one', () => {
    const inScope = predict(model, { body: 'I was charged twice, please refund the invoice' });
    expect(inScope.outOfScope.flagged).toBe(false);
    expect(inScope.outOfScope.cutoff).toBe(model.outOfScope.cutoff);
    const foreign = predict(model, { body: 'Quel temps fera-t-il demain à Lyon pour le match de rugby ?' });
    expect(foreign.outOfScope.flagged).toBe(true);
    expect(foreign.outOfScope.score).toBeGreaterThan(inScope.outOfScope.score);
  });

  it('flags a ticket with no known features at all', () => {
    expect(predict(model, { body: 'zzqx vvqy' }).outOfScope).toMatchObject({ score: 1 });
  });
});

describe('autoApplyThresholds', () => {
  it('fits thresholds for any precision target from the rows the model carries, and caches them', () => {
    const strict = autoApplyThresholds(model, 0.99);
    expect(autoApplyThresholds(model, 0.99)).toBe(strict);
    const loose = autoApplyThresholds(model, 0.8);
    expect(loose.perCategory).toHaveLength(categoryCount);
    for (const [k, entry] of loose.perCategory.entries())
      expect(entry.threshold).toBeLessThanOrEqual(strict.perCategory[k]!.threshold);
  });

  it('never auto-applies a category the thresholds do not know', () => {
    expect(mayAutoApply(model, 'no-such-category', 1, 0.5)).toBe(false);
    const { perCategory } = autoApplyThresholds(model, 0.8);
    const open = model.categories.findIndex((_, k) => !perCategory[k]!.suggestOnly);
    const category = model.categories[open]!;
    expect(mayAutoApply(model, category, perCategory[open]!.threshold, 0.8)).toBe(true);
    expect(mayAutoApply(model, category, perCategory[open]!.threshold - 0.01, 0.8)).toBe(false);
  });
});
