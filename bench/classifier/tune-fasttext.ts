// Chooses the fastText baseline's epoch and learning rate by cross-validation on Banking77's TRAINING
// rows only, so the benchmark's fastText settings are reproducible and never looked at the test set.
// Run with `node bin/run-ts.js bench/classifier/tune-fasttext.ts` (takes several minutes); the
// winner is copied by hand into FASTTEXT_PARAMS in fasttext-runner.ts.
import {
  type FastTextRow,
  firstPerCategory,
  loadBanking77,
  rankWithinCategory,
  toFastTextRows,
} from './banking77-data.js';
import { FASTTEXT_PARAMS, runFastText } from './fasttext-runner.js';

const EPOCHS = [25, 50, 100];
const LEARNING_RATES = [0.5, 1.0];
const FOLDS = 5;

interface Split {
  train: FastTextRow[];
  heldOut: FastTextRow[];
}

/**
 * Fold k holds out every row whose position within its intent is k modulo FOLDS, so each fold keeps
 * every intent in both halves (8 trained and 2 held out per intent in the 10-shot case).
 */
function folds(rows: readonly FastTextRow[], use: number): Split[] {
  const fold = rankWithinCategory(rows, (row) => row.label).map((rank) => rank % FOLDS);
  return Array.from({ length: use }, (_, k) => ({
    train: rows.filter((_, i) => fold[i] !== k),
    heldOut: rows.filter((_, i) => fold[i] === k),
  }));
}

async function heldOutAccuracy(splits: readonly Split[], epoch: number, lr: number): Promise<number> {
  let correct = 0;
  let total = 0;
  for (const split of splits) {
    const texts = split.heldOut.map((row) => row.text);
    const outcome = await runFastText(split.train, texts, undefined, { ...FASTTEXT_PARAMS, epoch, lr });
    if (outcome.status === 'unavailable') throw new Error(outcome.reason);
    outcome.result.predictions.forEach((prediction, index) => {
      if (prediction.label === split.heldOut[index]!.label) correct++;
      total++;
    });
  }
  return correct / total;
}

async function main(): Promise<void> {
  const data = loadBanking77();
  if (!data) {
    console.log('tune-fasttext skipped: Banking77 not found');
    return;
  }
  const settings = [
    // One fold for the full set: five would take five times as long for little extra certainty.
    { name: 'full (1 of 5 folds)', splits: folds(toFastTextRows(data.train), 1) },
    { name: '10-shot (5 folds)', splits: folds(toFastTextRows(firstPerCategory(data.train, 10)), FOLDS) },
  ];
  for (const setting of settings) {
    let best = { epoch: 0, lr: 0, accuracy: -1 };
    for (const epoch of EPOCHS) {
      for (const lr of LEARNING_RATES) {
        const accuracy = await heldOutAccuracy(setting.splits, epoch, lr);
        console.log(`${setting.name}  epoch ${epoch}  lr ${lr}  held-out accuracy ${accuracy.toFixed(4)}`);
        if (accuracy > best.accuracy) best = { epoch, lr, accuracy };
      }
    }
    console.log(`${setting.name}  best: epoch ${best.epoch}, lr ${best.lr} (${best.accuracy.toFixed(4)})\n`);
  }
}

await main();
