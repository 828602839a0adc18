import { describe, expect, it } from 'vitest';
import { deserializeModel, predict } from '../classifier/index.js';
import { generateDemoHistory } from '../demo/index.js';
import { ThreadTrainingError, trainInThread } from './train-in-thread.js';

describe('trainInThread', () => {
  it('trains off the main thread, reporting each stage in order, and returns a usable model', async () => {
    const examples = generateDemoHistory({ seed: 4, count: 600 });
    const stages: [string, number][] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const result = await trainInThread({ examples, targetPrecision: 0.95 }, (stage, done) =>
      stages.push([stage, done]),
    );
    clearInterval(timer);
    expect(stages.map(([stage]) => stage)).toEqual([
      'features',
      'training',
      'calibrating',
      'out-of-scope detector',
      'evaluating',
    ]);
    const shares = stages.map(([, done]) => done);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    // The main thread kept running its timers while the model trained.
    expect(ticks).toBeGreaterThan(5);
    expect(result.metrics.heldOutRows).toBeGreaterThan(0);
    expect(result.summary.categoryCount).toBe(new Set(examples.map((e) => e.category)).size);
    const model = deserializeModel(result.artifact);
    const [first] = examples;
    expect(predict(model, first!).ranked[0]!.category).toBe(first!.category);
  });

  it("passes the classifier's refusal on, with its reason", async () => {
    const error = await trainInThread(
      {
        examples: [
          { subject: 'a', category: 'x' },
          { subject: 'b', category: 'x' },
        ],
        targetPrecision: 0.9,
      },
      () => undefined,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThreadTrainingError);
    expect((error as ThreadTrainingError).trainingErrorReason).toBe('one_category');
  });
});
