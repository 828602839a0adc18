/**
 * 32-bit FNV-1a with a murmur3 finaliser. FNV-1a alone mixes its low bits poorly, and buckets are
 * taken from the low bits, so the finaliser spreads similar strings ("card", "cards") apart.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Start state for a feature namespace, so "w:card" and "c:card" never share a hash stream. */
export function namespaceSeed(namespace: string): number {
  return hashStep(FNV_OFFSET, namespace.charCodeAt(0));
}

/** Feeds one value (a UTF-16 code unit or a code point) into the running hash. */
export function hashStep(state: number, value: number): number {
  return Math.imul(state ^ value, FNV_PRIME) >>> 0;
}

export function hashString(seed: number, text: string): number {
  let state = seed;
  for (let i = 0; i < text.length; i++) state = hashStep(state, text.charCodeAt(i));
  return state;
}

export function finalise(state: number): number {
  let h = state;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
