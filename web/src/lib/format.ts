export function percent(p: number | null | undefined): string {
  if (p == null || Number.isNaN(p)) return '—';
  return `${Math.round(p * 100)}%`;
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "3d", "5h", "12m", "now": a compact age for dense lists. */
export function shortAge(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  for (const [unit, size] of units) {
    if (seconds >= size) return `${Math.floor(seconds / size)}${unit[0]}`;
  }
  return 'now';
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateTime.format(t);
}

export function formatCount(n: number): string {
  return n.toLocaleString();
}

export function humanise(value: string): string {
  const spaced = value.replace(/[_.-]+/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** "Ana Lee <ana@example.com>" → "Ana Lee"; an address alone stays as it is. */
export function displayName(requester: string | null | undefined): string {
  if (!requester) return 'Unknown requester';
  const match = /^\s*"?([^"<]*?)"?\s*<[^>]+>\s*$/.exec(requester);
  return match?.[1] ? match[1] : requester;
}

/** A model as it serves: "v3" as trained, "v3+5 online" with 5 corrections learned online since. */
export function modelWithOnline(version: number, onlineCorrections: number): string {
  return onlineCorrections > 0 ? `v${version}+${onlineCorrections} online` : `v${version}`;
}

/** Whether the model has a label just recorded: at once online ("Learned — v3+5 online"), or at the next training. */
export function learnedText(
  learning: {
    state: 'learned' | 'in_model' | 'pending';
    modelVersion: number | null;
    onlineCorrections: number;
  } | null,
): string {
  if (learning?.state === 'learned' && learning.modelVersion != null)
    return `Learned — ${modelWithOnline(learning.modelVersion, learning.onlineCorrections)}`;
  if (learning?.state === 'in_model' && learning.modelVersion != null)
    return `In model v${learning.modelVersion}`;
  return 'Learned in the next model';
}
