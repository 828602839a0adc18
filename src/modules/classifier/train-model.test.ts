import { describe, expect, it } from 'vitest';
import { describeModel, predict, serializeModel, TrainingError, trainModel } from './index.js';
import { syntheticTickets } from './test-support/synthetic-tickets.js';

const training = syntheticTickets(40, 1);
const heldOut = syntheticTickets(25, 2);
const model = trainModel(training);

describe('trainModel', () => {
  it('learns a synthetic multi-class set and predicts held-out tickets', () => {
    let correct = 0;
    for (const example of heldOut) {
      if (predict(model, example, { explain: false }).ranked[0]!.category === example.category) correct++;
    }
    expect(correct / heldOut.length).toBeGreaterThanOrEqual(0.9);
  });

  it('returns probabilities that sum to 1, ranked from most to least likely', () => {
    const { ranked } = predict(model, {
      subject: 'refund please',
      body: 'I was charged twice on my invoice',
    });
    expect(ranked.map((r) => r.category).sort()).toEqual(['billing', 'bug', 'login', 'shipping']);
    expect(ranked.reduce((sum, r) => sum + r.probability, 0)).toBeCloseTo(1, 10);
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i - 1]!.probability).toBeGreaterThanOrEqual(ranked[i]!.probability);
    expect(ranked[0]!.category).toBe('billing');
  });

  it('limits the ranking with topK', () => {
    expect(predict(model, { body: 'courier lost my parcel' }, { topK: 2 }).ranked).toHaveLength(2);
  });

  it('is deterministic: the same data and seed give the same bytes', () => {
    const again = trainModel(training);
    expect(Buffer.from(serializeModel(again)).equals(Buffer.from(serializeModel(model)))).toBe(true);
    const otherSeed = trainModel(training, { seed: 7 });
    expect(Buffer.from(serializeModel(otherSeed)).equals(Buffer.from(serializeModel(model)))).toBe(false);
  });

  it('does not depend on the order of categories in the data for naming', () => {
    expect(describeModel(trainModel([...training].reverse())).categories).toEqual(
      describeModel(model).categories,
    );
  });

  it('describes the model', () => {
    const summary = describeModel(model);
    expect(summary.algorithm).toBe('hashed-tfidf-views-softmax-sgd');
    expect(summary.formatVersion).toBe(3);
    expect(summary.categories).toEqual(['billing', 'bug', 'login', 'shipping']);
    expect(summary.exampleCount).toBe(training.length);
    expect(summary.featureCount).toBeGreaterThan(50);
  });

  it('rejects an empty training set', () => {
    expect(() => trainModel([])).toThrow(TrainingError);
    try {
      trainModel([]);
    } catch (error) {
      expect(error).toBeInstanceOf(TrainingError);
      expect((error as TrainingError).reason).toBe('no_examples');
      expect((error as TrainingError).message).toMatch(/no training examples/);
    }
  });

  it('rejects a training set with a single category', () => {
    const oneCategory = [
      { body: 'refund me', category: 'billing' },
      { body: 'invoice wrong', category: 'billing' },
    ];
    expect(() => trainModel(oneCategory)).toThrow(/at least two categories/);
    try {
      trainModel(oneCategory);
    } catch (error) {
      expect((error as TrainingError).reason).toBe('one_category');
    }
  });

  it('works for a category with a single example', () => {
    const withRare = [
      ...training,
      { id: 'rare', body: 'the flux capacitor is overheating', category: 'hardware' },
    ];
    const rareModel = trainModel(withRare);
    expect(predict(rareModel, { body: 'my flux capacitor started overheating' }).ranked[0]!.category).toBe(
      'hardware',
    );
    expect(predict(rareModel, { body: 'courier lost the parcel' }).ranked[0]!.category).toBe('shipping');
  });

  it('trains on tiny data sets with examples that have no text', () => {
    const tiny = trainModel([
      { body: 'refund invoice', category: 'billing' },
      { body: 'password reset', category: 'login' },
      { category: 'login' },
    ]);
    expect(predict(tiny, { body: 'I need a refund' }).ranked[0]!.category).toBe('billing');
  });

  it('handles non-Latin scripts', () => {
    const multilingual = trainModel([
      { body: 'Где моя посылка? Доставка задерживается', category: 'shipping' },
      { body: 'Посылка не пришла, курьер не приехал', category: 'shipping' },
      { body: 'Не могу войти, забыл пароль', category: 'login' },
      { body: 'Сбросить пароль для входа', category: 'login' },
      { body: '荷物が届きません 配送状況を教えて', category: 'shipping' },
      { body: 'パスワードを忘れました ログインできません', category: 'login' },
    ]);
    expect(predict(multilingual, { body: 'пароль не подходит' }).ranked[0]!.category).toBe('login');
    expect(predict(multilingual, { body: 'ПОСЫЛКА где?' }).ranked[0]!.category).toBe('shipping');
    expect(predict(multilingual, { body: 'ログインできない' }).ranked[0]!.category).toBe('login');
  });

  it('handles Chinese and Japanese without spaces', () => {
    const cjk = trainModel([
      { body: '我的包裹还没有到', category: 'shipping' },
      { body: '快递什么时候到', category: 'shipping' },
      { body: '我忘记了密码无法登录', category: 'login' },
      { body: '登录密码错误', category: 'login' },
      { body: '荷物が届きません', category: 'shipping' },
      { body: 'パスワードを忘れました', category: 'login' },
    ]);
    expect(predict(cjk, { body: '密码不对' }).ranked[0]!.category).toBe('login');
    expect(predict(cjk, { body: '包裹在哪里' }).ranked[0]!.category).toBe('shipping');
    expect(predict(cjk, { body: 'パスワード' }).ranked[0]!.category).toBe('login');
  });

  it('trains on examples that are empty, huge or binary garbage', () => {
    const garbage = String.fromCharCode(...Array.from({ length: 5000 }, (_, i) => (i * 7919) % 65_000));
    const odd = trainModel([
      ...training,
      { body: '', category: 'billing' },
      { body: garbage, category: 'bug' },
      { subject: 'x'.repeat(300_000), body: 'refund '.repeat(150_000), category: 'billing' },
    ]);
    expect(predict(odd, { body: 'courier lost my parcel' }).ranked[0]!.category).toBe('shipping');
  });

  it('validates options', () => {
    expect(() => trainModel(training, { epochs: 0 })).toThrow(RangeError);
    expect(() => trainModel(training, { maxSimilarExamples: -1 })).toThrow(RangeError);
  });
});
