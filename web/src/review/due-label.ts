const units: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
];

function compact(ms: number): string {
  for (const [unit, size] of units) {
    if (ms >= size) return `${Math.floor(ms / size)}${unit}`;
  }
  return '<1m';
}

/** "due in 3h" or "overdue 2d": an item's deadline against now, as compact as the list's ages. */
export function dueLabel(dueAt: string, now = Date.now()): { text: string; overdue: boolean } {
  const left = Date.parse(dueAt) - now;
  return left >= 0
    ? { text: `due in ${compact(left)}`, overdue: false }
    : { text: `overdue ${compact(-left)}`, overdue: true };
}
