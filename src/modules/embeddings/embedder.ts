/** What turns ticket texts into dense vectors for the classifier's embedding view. */
export interface Embedder {
  /**
   * Opaque id recorded in the model (e.g. "openai-compatible:text-embedding-3-small"), so a model is
   * never fed vectors from another provider by mistake.
   */
  readonly provider: string;
  /**
   * Bytes this embedder holds in the process to embed a ticket at prediction time (a word-vector
   * table); absent for a remote provider. Counted in an evaluation's model size.
   */
  readonly residentBytes?: number;
  /** One vector per text, in the order given; all of the same dimension. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/**
 * The text a ticket is embedded as: subject and body on separate lines. Embedding providers read
 * whole sentences, so the classifier's own normalisation (placeholders, segment weights) is not applied.
 */
export function embeddingText(ticket: { subject?: string; body?: string }): string {
  return [ticket.subject, ticket.body]
    .filter((part): part is string => typeof part === 'string' && part.trim().length > 0)
    .join('\n');
}
