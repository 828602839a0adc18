const labels: Record<string, string> = {
  applied: 'Applied automatically',
  suggested: 'Suggested',
  needs_review: 'Needs review',
  escalated: 'Escalated',
};

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return <span className={`badge badge-outcome-${outcome}`}>{labels[outcome] ?? outcome}</span>;
}
