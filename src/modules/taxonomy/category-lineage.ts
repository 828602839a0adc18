// How a category reads in history once the taxonomy has moved on: its name now, the names it
// had, and where it went when it was retired — "Billing (was Payments)", "Payments (retired,
// merged into Billing)", "Cards (retired, split into Debit cards, Credit cards)".

export type CategoryStatus = 'live' | 'retired' | 'merged' | 'split';

export interface CategoryLineage {
  id: string;
  name: string;
  /** Earlier names, oldest first (renames keep the id). */
  formerNames: string[];
  status: CategoryStatus;
  mergedIntoId: string | null;
  splitIntoIds: string[];
}

export function displayName(category: CategoryLineage, nameOf: (id: string) => string): string {
  const was = category.formerNames.length > 0 ? ` (was ${category.formerNames.join(', then ')})` : '';
  switch (category.status) {
    case 'live':
      return `${category.name}${was}`;
    case 'retired':
      return `${category.name} (retired)`;
    case 'merged':
      return `${category.name} (retired, merged into ${nameOf(category.mergedIntoId ?? '')})`;
    case 'split':
      return `${category.name} (retired, split into ${category.splitIntoIds.map(nameOf).join(', ')})`;
  }
}
