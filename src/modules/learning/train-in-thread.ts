import { Worker } from 'node:worker_threads';
import type { TrainingExample, TrainingStage } from '../classifier/index.js';
import type { ModelMetrics } from './model-metrics.js';

export interface ThreadInput {
  examples: TrainingExample[];
  targetPrecision: number;
}

export interface ThreadResult {
  artifact: Uint8Array;
  metrics: ModelMetrics;
  summary: { algorithm: string; categoryCount: number; featureCount: number };
  trainSeconds: number;
}

export type ThreadMessage =
  | { type: 'progress'; stage: TrainingStage | 'evaluating'; done: number }
  | ({ type: 'done' } & ThreadResult)
  | { type: 'failed'; message: string; trainingErrorReason: string | null };

/** Why a training in a thread failed: `trainingErrorReason` is set for the classifier's own refusals. */
export class ThreadTrainingError extends Error {
  constructor(
    message: string,
    readonly trainingErrorReason: string | null,
  ) {
    super(message);
  }
}

/**
 * Trains, measures and serializes a model in a worker thread. The classifier is synchronous and
 * takes seconds on a team's history: on the main thread it would stop the API from answering
 * (the embedded server runs API and worker in one process) and leave no moment to record
 * progress. Here the main thread stays free and hears each stage as it starts.
 */
export function trainInThread(
  input: ThreadInput,
  onProgress: (stage: TrainingStage | 'evaluating', done: number) => void,
): Promise<ThreadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./training-thread-boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./training-thread.ts', import.meta.url).href, input },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'progress') onProgress(message.stage, message.done);
      else if (message.type === 'done') settle(() => resolve(message));
      else settle(() => reject(new ThreadTrainingError(message.message, message.trainingErrorReason)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the training thread stopped (exit code ${code}) before it finished`))),
    );
  });
}
