/**
 * Embedding providers: optional plug-ins that turn ticket texts into dense vectors for the
 * classifier's embedding view. This is I/O and lives outside the classifier, which stays pure.
 */
export { type Embedder, embeddingText } from './embedder.js';
export { EmbeddingError, type EmbeddingErrorCode, embeddingErrorCodes } from './embedding-error.js';
export {
  createOpenAiCompatibleEmbedder,
  MAX_BATCH_SIZE,
  type OpenAiCompatibleEmbedderOptions,
} from './openai-compatible-embedder.js';
