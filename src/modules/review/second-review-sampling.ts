import { createHash } from 'node:crypto';

// Which resolved review items also go, blind, to a second reviewer. The choice is a
// deterministic function of the item's id rather than a coin flip, so it can be replayed
// and explained ("item X was in the 5% because its point is 0.031") and tests can pick
// items on either side of the share.

/** The item's point in [0, 1): the first 32 bits of the SHA-256 of its id. */
export function samplingPoint(itemId: string): number {
  return createHash('sha256').update(itemId).digest().readUInt32BE(0) / 2 ** 32;
}

/** True for about `share` of all item ids: 0 samples none, 1 samples every one. */
export function sampledForSecondReview(itemId: string, share: number): boolean {
  return samplingPoint(itemId) < share;
}
