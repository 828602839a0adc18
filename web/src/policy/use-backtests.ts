import { useCallback, useRef } from 'react';
import { api } from '../api/client.js';
import type { BacktestReport, BacktestRequest } from './policy-types.js';

const path = '/api/v1/decision-policy/backtest';

export interface Backtests {
  /** The backtest of the policy as it is: run once per `version`, then shared by every comparison. */
  current: () => Promise<BacktestReport>;
  /** A backtest of a proposed change (another target precision, other autonomies). */
  proposed: (request: BacktestRequest) => Promise<BacktestReport>;
}

/**
 * Backtests train a model on the server (a second or a few), so the current policy's one is kept
 * until `version` says the policy or an autonomy changed.
 */
export function useBacktests(version: number): Backtests {
  const cache = useRef<{ version: number; report: Promise<BacktestReport> } | null>(null);

  const current = useCallback(() => {
    if (cache.current?.version !== version) {
      const report = api.post<BacktestReport>(path, {});
      cache.current = { version, report };
      // A failed run is not kept: the next click tries again.
      report.catch(() => {
        if (cache.current?.report === report) cache.current = null;
      });
    }
    return cache.current.report;
  }, [version]);

  const proposed = useCallback((request: BacktestRequest) => api.post<BacktestReport>(path, request), []);

  return { current, proposed };
}
