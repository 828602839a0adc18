import { useEffect, useRef } from 'react';

interface DisputeKeys {
  enabled: boolean;
  onMove: (delta: number) => void;
  /** Enter: rule with the category the ruling form shows. */
  onRule: () => void;
  /** u, o, r: choose uphold, overturn to the proposal, or just focus the ruling. */
  onChoose: (choice?: 'uphold' | 'overturn') => void;
}

/**
 * The disputes page's keyboard, in the review queue's manner: j/k or arrows move, Enter
 * rules, u/o/r go to the ruling. Keys typed into a field, or pressed with a modifier, are
 * left alone (in the ruling's own fields Enter rules by itself); Enter on a button or link
 * keeps its usual meaning.
 */
export function useDisputeKeys(keys: DisputeKeys): void {
  const latest = useRef(keys);
  latest.current = keys;

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const k = latest.current;
      if (!k.enabled || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      const onControl = target?.closest('button, a[href], summary') != null;
      const moves: Record<string, number> = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };
      const choices: Record<string, 'uphold' | 'overturn' | undefined> = {
        u: 'uphold',
        o: 'overturn',
        r: undefined,
      };
      if (e.key in moves) {
        e.preventDefault();
        k.onMove(moves[e.key]!);
      } else if (e.key in choices) {
        e.preventDefault();
        k.onChoose(choices[e.key]);
      } else if (e.key === 'Enter' && !onControl) {
        e.preventDefault();
        k.onRule();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
