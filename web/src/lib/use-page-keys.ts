import { useEffect, useRef } from 'react';

/**
 * A list page's single-key shortcuts (`j`, `k`, `r`, `Enter`, …), each mapped to an action.
 * Keys typed into a field or pressed with a modifier are left alone, and Enter on a button or
 * link keeps its meaning. `enabled` is false while a form of the page has the keys.
 */
export function usePageKeys(enabled: boolean, actions: Record<string, () => void>): void {
  const latest = useRef({ enabled, actions });
  latest.current = { enabled, actions };

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const k = latest.current;
      if (!k.enabled || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (e.key === 'Enter' && target?.closest('button, a[href]')) return;
      const action = k.actions[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
