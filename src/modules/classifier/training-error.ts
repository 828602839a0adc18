export type TrainingErrorReason = 'no_examples' | 'one_category';

/** Raised when the training data cannot produce a usable classifier (as opposed to a bug). */
export class TrainingError extends Error {
  readonly reason: TrainingErrorReason;

  constructor(reason: TrainingErrorReason, message: string) {
    super(message);
    this.name = 'TrainingError';
    this.reason = reason;
  }
}
