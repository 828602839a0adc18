import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { EscalationList } from '../api/types.js';

// The number of open escalations the viewer owns, for the badge in the top bar. It is
// fetched again when the page changes, every minute, and when the Escalations page says
// that something changed.

const CHANGED = 'triage:escalations-changed';
const REFRESH_MS = 60_000;

export function announceEscalationsChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

export function useMyOpenEscalations(enabled: boolean, pathname: string): number {
  const [count, setCount] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page is a reason to look again.
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const load = () =>
      api
        .get<EscalationList>('/api/v1/escalations?mine=true&limit=1')
        .then((list) => live && setCount(list.counts.mineOpen))
        // A badge that cannot load stays as it was; the page itself shows errors.
        .catch(() => undefined);
    void load();
    const timer = window.setInterval(load, REFRESH_MS);
    window.addEventListener(CHANGED, load);
    return () => {
      live = false;
      window.clearInterval(timer);
      window.removeEventListener(CHANGED, load);
    };
  }, [enabled, pathname]);
  return count;
}
