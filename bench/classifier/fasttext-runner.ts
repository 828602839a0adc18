import { Worker } from 'node:worker_threads';
import type { FastTextRow } from './banking77-data.js';

/**
 * Supervised settings for the fastText baseline, one configuration for both training sets. Nothing
 * here is tuned on Banking77's test split.
 * - epoch 100, lr 1.0: the best of epoch {25, 50, 100} x lr {0.5, 1.0} by cross-validation on the
 *   training rows alone (`node bin/run-ts.js bench/classifier/tune-fasttext.ts`). The tutorial's
 *   epoch 25 / lr 0.5 underfits badly on ten examples per intent (about 6 % held-out accuracy), which
 *   would make the baseline a straw man; the price is a training time about four times longer.
 * - wordNgrams 2, minn 3, maxn 5: word bigrams and character n-grams, as the tutorial recommends.
 * - softmax loss: 77 classes is few enough for the exact loss, and it yields real probabilities.
 * - dim 50 and bucket 200,000 instead of 100 and 2,000,000: the hashed n-gram table is
 *   bucket x dim floats, and the default (800 MB) would dwarf both the data and the WASM heap.
 * - minCount 1: with ten examples per intent every word counts.
 */
export const FASTTEXT_PARAMS = {
  loss: 'softmax',
  epoch: 100,
  lr: 1.0,
  wordNgrams: 2,
  dim: 50,
  minn: 3,
  maxn: 5,
  minCount: 1,
  bucket: 200_000,
  verbose: 0,
} as const;

/** Settings that may differ from FASTTEXT_PARAMS, for the tuning script. */
export type FastTextParams = Omit<typeof FASTTEXT_PARAMS, 'epoch' | 'lr'> & { epoch: number; lr: number };

export interface FastTextPrediction {
  /** The label as fastText returns it, with the `__label__` prefix. */
  label: string;
  probability: number;
}

export interface FastTextResult {
  /** Wall time of the trainSupervised call inside the worker. */
  trainSeconds: number;
  /** Size of the saved .bin model. */
  modelBytes: number;
  predictions: FastTextPrediction[];
  /** Wall time of each predict call inside the worker. */
  predictMs: number[];
}

export type FastTextOutcome =
  | { status: 'ok'; result: FastTextResult }
  | { status: 'unavailable'; reason: string };

export interface FastTextProgress {
  phase: 'training' | 'predicting';
  fraction: number;
}

type WorkerMessage =
  | ({ type: 'progress' } & FastTextProgress)
  | { type: 'unavailable'; reason: string }
  | ({ type: 'result' } & FastTextResult);

const WORKER_URL = new URL('./fasttext-worker.mjs', import.meta.url);

/**
 * Trains fastText on `train` and predicts every `test` text in a fresh worker thread. A fresh
 * worker per run means a fresh WASM heap, so the second run is not helped or hurt by the first.
 * Resolves `unavailable` when fasttext.wasm.js is not installed; rejects on any other failure.
 */
export function runFastText(
  train: readonly FastTextRow[],
  test: readonly string[],
  onProgress?: (progress: FastTextProgress) => void,
  params: FastTextParams = FASTTEXT_PARAMS,
): Promise<FastTextOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, {
      workerData: { train, test, params },
      // Anything the WASM module prints is diagnostics: keep it off stdout, where the table goes.
      stdout: true,
    });
    worker.stdout.pipe(process.stderr);
    let settled = false;
    const settle = (outcome: FastTextOutcome) => {
      settled = true;
      resolve(outcome);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message);
      else if (message.type === 'unavailable') settle({ status: 'unavailable', reason: message.reason });
      else {
        const { type: _type, ...result } = message;
        settle({ status: 'ok', result });
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`fastText worker exited with code ${code} before reporting a result`));
    });
  });
}
