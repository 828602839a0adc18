// The definitions behind every figure of the Metrics page, the staffing plan and the weekly
// report. They are computed from the ticket's own rows whatever their source (Triage's UI or a
// connected helpdesk): decisions, the human labels that followed them, review items, tickets and
// their update activities. They agree with the rollout gates (rollout-metrics.ts): a decision
// counts for the cohort it was taken for and the category the model predicted, and a person's
// verdict on it is a human label recorded after it.
//
// - Human label: a label of kind accept, correct, review, dispute or helpdesk (not import or
//   taxonomy, which no person gave that ticket at that moment).
// - Shown: a decision applied or suggested outside the shadow stage (a shadow decision records
//   what the AI would have done and shows nothing; a control cohort's are off, so never shown).
// - Accepted / overridden: the first human label within 24 h of a shown decision has the
//   decision's category / another one. Ignored: no human label within 24 h. A shown decision
//   younger than 24 h without a label is pending (shown − accepted − overridden − ignored).
// - Time to action: minutes from a shown decision to that first human label (histogram, so
//   medians can be read from summed days).
// - Precision (applied) and acceptance (suggested), as the rollout gates define them: of those a
//   person later labelled — the latest human label after the decision, however late — the share
//   with the decision's category. Override rate = 1 − agreement over applied + suggested.
// - AI-touched ticket: a ticket with at least one shown decision.
// - People active: distinct assignees with at least one accepted or overridden decision.
// - Arm of a ticket, from its first decision: shadow (reason rollout_shadow), control (a control
//   cohort's), off (stage off or no model), live (anything else: the AI could act). The baseline
//   is shadow + control.
// - Human touches: human labels on a ticket (each is a person looking at it and choosing).
// - Time to correct category: from arrival to the earliest moment from which the ticket kept its
//   final category (an applied decision or a human label setting it, with no later disagreeing
//   one). Tickets without a category are left out.
// - Time to first assignment: from arrival to the first update that set an assignee; a ticket
//   that has an assignee and no such update arrived assigned (0 minutes). Not recorded as such by
//   Triage, so derived from ticket_activities.
// - Re-assignment hops: how many times a ticket went to another person after its first
//   assignment (ticket_assignments, recorded at arrival and on every change of assignee since
//   migration 0018; unassigning and giving it back to the same person is no hop). Hops per
//   assigned ticket = hops / tickets with an assignee.
// - Handling minutes of a review item: claim → resolution (items resolved without a claim count
//   as resolved but not as handled). Minutes per review item = handling minutes / handled.
// - Minutes saved = (baseline touches per ticket − live touches per ticket) × live tickets ×
//   minutes per review item.
// - Calibration: shown decisions later labelled, by confidence tenth; ECE = Σ n_b/N ×
//   |mean confidence_b − accuracy_b|.
// - Confusion pair: predicted category → latest human label's category when they differ, with
//   the review minutes spent on those decisions' review items.

export const HUMAN_LABEL_KINDS = ['accept', 'correct', 'review', 'dispute', 'helpdesk'] as const;

/** SQL list of the human label kinds, for `l.kind IN (...)`. */
export const HUMAN_KINDS_SQL = HUMAN_LABEL_KINDS.map((k) => `'${k}'`).join(', ');

/** Hours after a shown decision within which a person's first label counts as acting on it. */
export const ACTION_WINDOW_HOURS = 24;

/** Upper bounds (minutes) of the time-to-action histogram buckets; the last one is the window. */
export const ACTION_BUCKETS = [1, 2, 5, 10, 30, 60, 120, 240, 480, ACTION_WINDOW_HOURS * 60] as const;

/** Calibration bins: confidence tenths 0..9 (bin 9 includes 1.0). */
export const CALIBRATION_BINS = 10;

export const arms = ['live', 'shadow', 'control', 'off'] as const;
export type Arm = (typeof arms)[number];

/** The arms a live period is compared with. */
export const BASELINE_ARMS: readonly Arm[] = ['shadow', 'control'];

export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * The median of a histogram over ACTION_BUCKETS, interpolated linearly inside the bucket that
 * holds the middle case (bucket 0 starts at 0 minutes). Null when empty.
 */
export function histogramMedian(counts: readonly number[]): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const half = total / 2;
  let below = 0;
  for (let b = 0; b < counts.length; b++) {
    const n = counts[b] ?? 0;
    if (n > 0 && below + n >= half) {
      const lower = b === 0 ? 0 : ACTION_BUCKETS[b - 1]!;
      const upper = ACTION_BUCKETS[b] ?? lower;
      return lower + ((half - below) / n) * (upper - lower);
    }
    below += n;
  }
  return ACTION_BUCKETS[ACTION_BUCKETS.length - 1]!;
}
