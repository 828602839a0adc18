import { parentPort, workerData } from 'node:worker_threads';
import { describeModel, serializeModel, TrainingError, trainModel } from '../classifier/index.js';
import { modelMetrics } from './model-metrics.js';
import type { ThreadInput, ThreadMessage } from './train-in-thread.js';

// Trains one model off the main thread (see train-in-thread.ts) and posts its progress, then the
// serialized model with its metrics — or why it could not be trained.

const post = (message: ThreadMessage, transfer: ArrayBuffer[] = []) =>
  parentPort!.postMessage(message, transfer);
const { examples, targetPrecision } = workerData.input as ThreadInput;

try {
  const started = performance.now();
  const model = trainModel(examples, {
    onProgress: (stage, done) => post({ type: 'progress', stage, done }),
  });
  const trainSeconds = (performance.now() - started) / 1000;
  post({ type: 'progress', stage: 'evaluating', done: 1 });
  const metrics = modelMetrics(model, targetPrecision);
  const summary = describeModel(model);
  const artifact = serializeModel(model);
  post(
    {
      type: 'done',
      artifact,
      metrics,
      summary: {
        algorithm: summary.algorithm,
        categoryCount: summary.categories.length,
        featureCount: summary.featureCount,
      },
      trainSeconds,
    },
    [artifact.buffer as ArrayBuffer],
  );
} catch (error) {
  post({
    type: 'failed',
    message: (error as Error).message,
    trainingErrorReason: error instanceof TrainingError ? error.reason : null,
  });
}
