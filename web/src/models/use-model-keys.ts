import { useEffect, useRef } from 'react';

interface ModelKeys {
  confirming: boolean;
  onMove: (delta: number) => void;
  onTrain: () => void;
  onPromote: () => void;
  onRollback: () => void;
  onConfirm: () => void;
  onCancel: () => void;
}

/** j/k select a version, t trains, p promotes, r rolls back; Enter confirms, Escape cancels. */
export function useModelKeys(keys: ModelKeys) {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      const k = latest.current;
      if (k.confirming) {
        if (event.key === 'Enter') k.onConfirm();
        else if (event.key === 'Escape') k.onCancel();
        else return;
        event.preventDefault();
        return;
      }
      const action = {
        j: () => k.onMove(1),
        k: () => k.onMove(-1),
        t: k.onTrain,
        p: k.onPromote,
        r: k.onRollback,
      }[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
