import { usePageKeys } from '../lib/use-page-keys.js';

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
 * given), Enter or o opens the first example ticket, l switches live / resolved.
 */
export function useDriftKeys(k: DriftKeys): void {
  usePageKeys(k.enabled, {
    j: () => k.onMove(1),
    ArrowDown: () => k.onMove(1),
    k: () => k.onMove(-1),
    ArrowUp: () => k.onMove(-1),
    a: k.onAcknowledge,
    r: k.onResolve,
    o: k.onOpenExample,
    Enter: k.onOpenExample,
    l: k.onToggleStatus,
  });
}
