export function reasonLabel(reason: string): string {
  switch (reason) {
    case 'suggestion':
      return 'Confirm suggestion';
    case 'low_confidence':
      return 'Low confidence';
    case 'model_unavailable':
      return 'No model available';
    case 'out_of_scope':
      return 'Out of scope';
    case 'taxonomy_split':
      return 'Relabel after a split';
    default:
      return reason.replace(/_/g, ' ');
  }
}
