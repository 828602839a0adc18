const units: [string, number][] = [
  ['d', 1_440],
  ['h', 60],
];

/** "2d 3h", "5h 12m", "12m": how long something has been overdue, to the minute. */
export function overdueFor(minutes: number): string {
  if (minutes < 1) return 'under a minute';
  const parts: string[] = [];
  let rest = Math.floor(minutes);
  for (const [unit, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) return parts.join(' ');
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}m`);
  return parts.slice(0, 2).join(' ');
}
