/**
 * Deterministic synthetic support tickets for tests: each category has its own vocabulary, mixed
 * with shared filler words and an occasional word from another category as noise.
 */
import type { TrainingExample } from '../types.js';

export const SYNTHETIC_VOCABULARY: Readonly<Record<string, readonly string[]>> = {
  billing: [
    'invoice',
    'charged',
    'refund',
    'payment',
    'billing',
    'subscription',
    'price',
    'receipt',
    'overcharged',
  ],
  login: [
    'password',
    'login',
    'sign',
    'locked',
    'reset',
    'two-factor',
    'username',
    'authentication',
    'credentials',
  ],
  shipping: [
    'delivery',
    'package',
    'tracking',
    'courier',
    'shipment',
    'parcel',
    'address',
    'delayed',
    'warehouse',
  ],
  bug: ['crash', 'error', 'bug', 'freezes', 'exception', 'broken', 'glitch', 'stacktrace', 'unresponsive'],
};

const FILLER = [
  'hello',
  'please',
  'help',
  'my',
  'the',
  'i',
  'have',
  'a',
  'problem',
  'with',
  'today',
  'urgent',
  'is',
  'it',
];

/** Small LCG so the fixture does not depend on the module's own PRNG. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

export function syntheticTickets(perCategory: number, seed: number): TrainingExample[] {
  const random = lcg(seed);
  const pick = (words: readonly string[]): string => words[Math.floor(random() * words.length)]!;
  const categories = Object.keys(SYNTHETIC_VOCABULARY);
  const examples: TrainingExample[] = [];
  for (let i = 0; i < perCategory; i++) {
    for (const category of categories) {
      const own = SYNTHETIC_VOCABULARY[category]!;
      const other = SYNTHETIC_VOCABULARY[pick(categories.filter((c) => c !== category))]!;
      const body: string[] = [];
      for (let w = 0; w < 12; w++) body.push(random() < 0.35 ? pick(own) : pick(FILLER));
      if (random() < 0.3) body.push(pick(other));
      examples.push({
        id: `${category}-${seed}-${i}`,
        subject: `${pick(FILLER)} ${pick(own)}`,
        body: body.join(' '),
        category,
      });
    }
  }
  return examples;
}
