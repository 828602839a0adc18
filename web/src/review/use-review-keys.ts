import { useEffect, useRef } from 'react';

interface ReviewKeys {
  enabled: boolean;
  onMove: (delta: number) => void;
  onAccept: () => void;
  /** Open the category picker, seeded with the key typed (if any). */
  onPick: (seed?: string) => void;
  /** m: claim the item, or release it when it is the caller's. */
  onToggleClaim: () => void;
  /** n: resolve as "none fits", proposing a new category. */
  onNoneFits: () => void;
  /** x: add the item to the bulk selection, or take it out. */
  onToggleSelect: () => void;
  /** [ and ]: the previous or next queue (second reviews come last). */
  onSwitchQueue: (delta: number) => void;
  /** f: the next filter (all, mine, unclaimed, overdue). */
  onNextFilter: () => void;
  /** Escape outside a field: clear the bulk selection. */
  onEscape: () => void;
}

/**
 * The review queue's keyboard: j/k or arrows move, Enter accepts, `/` or `c` opens the
 * picker, m claims or releases, n says "none fits", x selects for bulk, [ ] switch queue,
 * f changes the filter, and any other printable key opens the picker with that character
 * typed. Keys typed into a field, or pressed with a modifier, are left alone; Enter on a
 * button or link keeps its usual meaning.
 */
export function useReviewKeys(keys: ReviewKeys): void {
  const latest = useRef(keys);
  latest.current = keys;

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const k = latest.current;
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      const onControl = target?.closest('button, a[href], summary') != null;
      // Switching queue or filter works on an empty queue too; the rest needs an item.
      const always: Record<string, () => void> = {
        '[': () => k.onSwitchQueue(-1),
        ']': () => k.onSwitchQueue(1),
        f: k.onNextFilter,
        Escape: k.onEscape,
      };
      const onItem: Record<string, () => void> = {
        j: () => k.onMove(1),
        ArrowDown: () => k.onMove(1),
        k: () => k.onMove(-1),
        ArrowUp: () => k.onMove(-1),
        '/': () => k.onPick(),
        c: () => k.onPick(),
        m: k.onToggleClaim,
        n: k.onNoneFits,
        x: k.onToggleSelect,
      };
      const action = always[e.key] ?? (k.enabled ? onItem[e.key] : undefined);
      if (action) {
        e.preventDefault();
        action();
        return;
      }
      if (!k.enabled || onControl) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        k.onAccept();
      } else if (e.key.length === 1 && /\S/u.test(e.key)) {
        e.preventDefault();
        k.onPick(e.key);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
