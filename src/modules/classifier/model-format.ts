/** Identifies what a serialised model contains; bump FORMAT_VERSION on any incompatible change. */
export const ALGORITHM = 'hashed-tfidf-views-softmax-sgd';
// 2: word and character views (viewStarts section), fractional counts from weighted body segments.
// 3: out-of-scope detector and calibration rows (held-out predictions) for auto-apply thresholds.
export const FORMAT_VERSION = 3;
