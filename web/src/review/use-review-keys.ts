import { useEffect, useRef } from 'react';

interface ReviewKeys {
  enabled: boolean;
  onMove: (delta: number) => void;
  onAccept: () => void;
  /** Open the category picker, seeded with the key typed (if any). */
  onPick: (seed?: string) => void;
}

/**
 * The review queue's keyboard: j/k or arrows move, Enter accepts, `/` or `c` opens the
 * picker, and any other printable key opens it with that character typed. Keys typed into
 * a field, or pressed with a modifier, are left alone; Enter on a button or link keeps
 * its usual meaning.
 */
export function useReviewKeys(keys: ReviewKeys): void {
  const latest = useRef(keys);
  latest.current = keys;

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const k = latest.current;
      if (!k.enabled || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      const onControl = target?.closest('button, a[href], summary') != null;
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          e.preventDefault();
          k.onMove(1);
          return;
        case 'k':
        case 'ArrowUp':
          e.preventDefault();
          k.onMove(-1);
          return;
        case 'Enter':
          if (onControl) return;
          e.preventDefault();
          k.onAccept();
          return;
        case '/':
        case 'c':
          e.preventDefault();
          k.onPick();
          return;
        default:
          if (e.key.length === 1 && /\S/u.test(e.key) && !onControl) {
            e.preventDefault();
            k.onPick(e.key);
          }
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
