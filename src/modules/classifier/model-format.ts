/** Identifies what a serialised model contains; bump FORMAT_VERSION on any incompatible change. */
export const ALGORITHM = 'hashed-tfidf-softmax-sgd';
export const FORMAT_VERSION = 1;
