import { useEffect, useRef } from 'react';

interface DriftKeys {
  /** False while a resolve form is open: its field has the keys. */
  enabled: boolean;
  onMove: (delta: number) => void;
  onAcknowledge: () => void;
  onResolve: () => void;
  onOpenExample: () => void;
  onToggleStatus: () => void;
}

/**
 * The Drift page's keyboard: j/k or arrows move, a acknowledges, r resolves (a note may be
 * given), Enter or o opens the first example ticket, l switches live / resolved. Keys typed
 * into a field or pressed with a modifier are left alone; Enter on a button or link keeps its
 * meaning.
 */
export function useDriftKeys(keys: DriftKeys): void {
  const latest = useRef(keys);
  latest.current = keys;

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const k = latest.current;
      if (!k.enabled || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (e.key === 'Enter' && target?.closest('button, a[href]')) return;
      const actions: Record<string, () => void> = {
        j: () => k.onMove(1),
        ArrowDown: () => k.onMove(1),
        k: () => k.onMove(-1),
        ArrowUp: () => k.onMove(-1),
        a: k.onAcknowledge,
        r: k.onResolve,
        o: k.onOpenExample,
        Enter: k.onOpenExample,
        l: k.onToggleStatus,
      };
      const action = actions[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
