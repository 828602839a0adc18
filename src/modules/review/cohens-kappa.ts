// Agreement between the first and the second (blind) reviewer of the same items, as
// Cohen's kappa: the agreement observed, corrected for the agreement two reviewers would
// reach by chance given how often each picks each answer. 1 is perfect, 0 is chance, below
// 0 is worse than chance. Pure, so the figures on screen can be checked by hand.

/** One item's two answers: a category id, or NONE_FITS. */
export interface AnswerPair {
  first: string;
  second: string;
}

export const NONE_FITS = 'none_fits';

export interface Agreement {
  /** How many pairs. */
  pairs: number;
  /** The share of pairs with the same answer (observed agreement, p_o). */
  observed: number | null;
  /** κ = (p_o − p_e) / (1 − p_e); null when undefined (no pairs, or p_e = 1). */
  kappa: number | null;
}

export interface CategoryAgreement extends Agreement {
  /** The category id, or NONE_FITS. */
  answer: string;
  /** Pairs where both reviewers gave this answer. */
  agreed: number;
  /** Pairs where at least one reviewer gave this answer. */
  involved: number;
}

export function cohensKappa(pairs: readonly AnswerPair[]): Agreement {
  const n = pairs.length;
  if (n === 0) return { pairs: 0, observed: null, kappa: null };
  const firstCounts = new Map<string, number>();
  const secondCounts = new Map<string, number>();
  let same = 0;
  for (const { first, second } of pairs) {
    firstCounts.set(first, (firstCounts.get(first) ?? 0) + 1);
    secondCounts.set(second, (secondCounts.get(second) ?? 0) + 1);
    if (first === second) same += 1;
  }
  const observed = same / n;
  let expected = 0;
  for (const [answer, count] of firstCounts) expected += (count / n) * ((secondCounts.get(answer) ?? 0) / n);
  // p_e = 1 means both reviewers always gave one and the same answer: chance explains all
  // of it and κ is 0/0. Saying "undefined" is more honest than inventing 1 or 0.
  if (1 - expected < 1e-12) return { pairs: n, observed, kappa: null };
  return { pairs: n, observed, kappa: (observed - expected) / (1 - expected) };
}

/**
 * Per answer (category), κ of the yes/no question "is it this one?" over all pairs: how
 * well the reviewers agree on what belongs in that category and what does not.
 */
export function kappaPerCategory(pairs: readonly AnswerPair[]): CategoryAgreement[] {
  const answers = new Set<string>();
  for (const p of pairs) {
    answers.add(p.first);
    answers.add(p.second);
  }
  return [...answers].sort().map((answer) => {
    const binary = pairs.map((p) => ({
      first: String(p.first === answer),
      second: String(p.second === answer),
    }));
    return {
      answer,
      ...cohensKappa(binary),
      agreed: pairs.filter((p) => p.first === answer && p.second === answer).length,
      involved: pairs.filter((p) => p.first === answer || p.second === answer).length,
    };
  });
}
