import { createOpenAiCompatibleEmbedder, type Embedder } from '../modules/embeddings/index.js';
import {
  type EmbeddedEvaluation,
  type EvaluateClassifierOptions,
  EvaluationInputError,
  evaluateWithEmbeddings,
} from '../modules/evaluation/index.js';
import type { Config } from '../platform/config/config.js';

export interface EmbeddingsFlags {
  embeddingsUrl?: string;
  embeddingsModel?: string;
}

/**
 * `triage eval --embeddings-url`: the URL and model come from the flags (the model may come from
 * TRIAGE_EMBEDDINGS_MODEL), everything else (API key, dimensions, batch size, timeout, retries) from
 * TRIAGE_EMBEDDINGS_*. TRIAGE_EMBEDDINGS_URL alone does not switch eval to embeddings: a comparison
 * with and without them should differ by a flag on the command line, not by the environment.
 */
export function embedderForEval(flags: EmbeddingsFlags, config: Config, interactive: boolean) {
  const settings = config.embeddings;
  const model = flags.embeddingsModel ?? settings.model;
  if (flags.embeddingsUrl === undefined || model === undefined) {
    throw new EvaluationInputError('--embeddings-url needs --embeddings-model (or TRIAGE_EMBEDDINGS_MODEL).');
  }
  let embedder: Embedder;
  try {
    embedder = createOpenAiCompatibleEmbedder({
      baseUrl: flags.embeddingsUrl,
      apiKey: settings.apiKey,
      model,
      dimensions: settings.dimensions,
      batchSize: settings.batchSize,
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
    });
  } catch (error) {
    if (error instanceof RangeError) throw new EvaluationInputError(error.message, { cause: error });
    throw error;
  }
  return {
    evaluate: (evaluation: EvaluateClassifierOptions): Promise<EmbeddedEvaluation> =>
      evaluateWithEmbeddings({
        ...evaluation,
        embedder,
        onEmbeddingProgress: (progress) => {
          if (!interactive) return;
          if (progress.phase === 'embedding-train') {
            process.stderr.write(`Embedding ${evaluation.train.length} training rows with ${model}...\n`);
          } else if (progress.done === 1 || progress.done === progress.total || progress.done % 500 === 0) {
            process.stderr.write(`Embedded test row ${progress.done}/${progress.total}\n`);
          }
        },
      }),
  };
}
