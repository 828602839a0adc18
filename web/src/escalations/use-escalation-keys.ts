import { usePageKeys } from '../lib/use-page-keys.js';

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
 * Enter or o opens the ticket, f switches between mine and everyone's.
 */
export function useEscalationKeys(k: EscalationKeys): void {
  usePageKeys(k.enabled, {
    j: () => k.onMove(1),
    ArrowDown: () => k.onMove(1),
    k: () => k.onMove(-1),
    ArrowUp: () => k.onMove(-1),
    r: k.onResolve,
    o: k.onOpenTicket,
    Enter: k.onOpenTicket,
    f: k.onToggleMine,
  });
}
