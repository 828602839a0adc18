import { useEffect, useRef } from 'react';

interface EscalationKeys {
  /** False while a resolve form is open: its field has the keys. */
  enabled: boolean;
  onMove: (delta: number) => void;
  onResolve: () => void;
  onOpenTicket: () => void;
  onToggleMine: () => void;
}

/**
 * The Escalations page's keyboard: j/k or arrows move, r resolves (a note is asked for),
 * Enter or o opens the ticket, f switches between mine and everyone's. Keys typed into a
 * field or pressed with a modifier are left alone; Enter on a button or link keeps its meaning.
 */
export function useEscalationKeys(keys: EscalationKeys): void {
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
        r: k.onResolve,
        o: k.onOpenTicket,
        Enter: k.onOpenTicket,
        f: k.onToggleMine,
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
