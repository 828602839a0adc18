/**
 * Raised for problems with the data handed to an evaluation (unreadable file, missing columns, empty
 * test set), so that a command can report them in one line instead of as a crash with a stack trace.
 */
export class EvaluationInputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EvaluationInputError';
  }
}
