import type { ResolveResult } from '../api/types.js';
import { learnedText } from '../lib/format.js';

/** The toast after a resolution: what was recorded, and whether the model learns from it. */
export function resolutionMessage(
  res: ResolveResult,
  nameOf: (id: string | null | undefined) => string,
  proposedName: string | null,
): string {
  const chosen = nameOf(res.categoryId);
  const sampled = res.secondReviewItemId ? ' · sampled for a blind second review' : '';
  if (res.kind === 'second') {
    return res.resolution === 'none_fits'
      ? `Second review recorded: none fits ("${proposedName}")`
      : `Second review recorded: ${chosen} · ${learnedText(res.learning)}`;
  }
  switch (res.resolution) {
    case 'accepted':
      return `Accepted: ${chosen} · ${learnedText(res.learning)}${sampled}`;
    case 'corrected':
      return `Corrected to ${chosen} · ${learnedText(res.learning)}${sampled}`;
    case 'none_fits':
      return `None fits: proposed new category "${proposedName}" — no label recorded${sampled}`;
  }
}
