// fastText baseline, run in a worker thread so its WASM heap and CPU time stay off the main thread
// and its timings are not disturbed by the Triage harness. Plain ESM JavaScript on purpose: a worker
// started from a tsx-loaded script does not reliably inherit the TypeScript loader.
//
// workerData: { train: {text, label}[], test: string[], params: object }
// Messages to the parent:
//   { type: 'progress', phase: 'training' | 'predicting', fraction }
//   { type: 'unavailable', reason }   fasttext.wasm.js is not installed
//   { type: 'result', trainSeconds, modelBytes, predictions: {label, probability}[], predictMs: number[] }
// Errors are thrown, which the parent sees as the worker's 'error' event.
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const PACKAGE = 'fasttext.wasm.js';

if (!parentPort) throw new Error('fasttext-worker.mjs must run as a worker thread');
const port = parentPort;

/** Imports the package, or returns undefined when it is not installed (so the bench can still run). */
async function importFastText() {
  try {
    return await import(PACKAGE);
  } catch (error) {
    const missing = error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(`'${PACKAGE}'`);
    if (missing) return undefined;
    throw error;
  }
}

/**
 * A fresh FastText instance. Version 1.x builds the class from a module getter; pre-1.0 releases
 * exported the class after a global initialisation. Both are accepted so a version bump of the dev
 * dependency does not silently drop the baseline.
 */
async function createFastText(lib) {
  if (typeof lib.getFastTextClass === 'function' && typeof lib.getFastTextModule === 'function') {
    const FastText = await lib.getFastTextClass({ getFastTextModule: lib.getFastTextModule });
    return new FastText();
  }
  if (typeof lib.initializeFastTextModule === 'function' && typeof lib.FastText === 'function') {
    await lib.initializeFastTextModule();
    return new lib.FastText();
  }
  throw new Error(`${PACKAGE}: unrecognised API (exports: ${Object.keys(lib).join(', ')})`);
}

/** Posts progress at most every 10 % so messaging costs nothing measurable inside the timed call. */
function progressReporter(phase) {
  let next = 0;
  return (fraction) => {
    if (fraction < next) return;
    port.postMessage({ type: 'progress', phase, fraction });
    next = Math.floor(fraction * 10 + 1) / 10;
  };
}

async function main() {
  const { train, test, params } = workerData;
  const lib = await importFastText();
  if (!lib) {
    port.postMessage({ type: 'unavailable', reason: `${PACKAGE} is not installed` });
    return;
  }
  const fastText = await createFastText(lib);

  // trainSupervised fetches its input from a URL; a data: URL keeps the corpus in memory (Node's
  // fetch supports it) instead of writing a temporary file that could outlive a crashed run.
  const corpus = `${train.map((row) => `${row.label} ${row.text}`).join('\n')}\n`;
  const url = `data:text/plain;base64,${Buffer.from(corpus, 'utf8').toString('base64')}`;
  const onTrainProgress = progressReporter('training');
  // The binding calls the callback unconditionally, so it must be a function, never null.
  const callback = (progress) => onTrainProgress(progress);

  const trainStart = performance.now();
  const model = await fastText.trainSupervised(url, params, callback);
  const trainSeconds = (performance.now() - trainStart) / 1000;

  // saveModel writes the .bin into the WASM file system and hands it back as a Blob: its size is
  // what a deployment would load. Measured after training so it is not part of trainSeconds.
  const modelBytes = model.saveModel().size;

  const onPredictProgress = progressReporter('predicting');
  const predictions = [];
  const predictMs = [];
  test.forEach((text, index) => {
    // The timed span is the predict call plus reading the top label, i.e. what a caller would see.
    // The binding appends the newline that ends a fastText line, so the text is passed as is.
    const start = performance.now();
    const ranked = model.predict(text, 1, 0);
    const top = ranked.size() > 0 ? ranked.get(0) : undefined;
    predictMs.push(performance.now() - start);
    // Embind vectors live on the WASM heap and are not garbage-collected.
    ranked.delete?.();
    predictions.push(top ? { label: top[1], probability: top[0] } : { label: '', probability: 0 });
    onPredictProgress((index + 1) / test.length);
  });

  port.postMessage({ type: 'result', trainSeconds, modelBytes, predictions, predictMs });
}

await main();
