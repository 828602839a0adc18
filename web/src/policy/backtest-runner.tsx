import { type FormEvent, useEffect, useId, useState } from 'react';
import { errorMessage } from '../api/client.js';
import { type BacktestColumn, BacktestFigures } from './backtest-figures.js';
import { NumberInput } from './number-input.js';
import { deniedMessage, isDenied } from './policy-errors.js';
import { parseBounded, percent1, percentInputValue } from './policy-format.js';
import type { DecisionPolicy } from './policy-types.js';
import type { Backtests } from './use-backtests.js';

interface BacktestRunnerProps {
  policy: DecisionPolicy;
  backtests: Backtests;
  /** Changes whenever the policy or an autonomy changes: older results are marked as such. */
  version: number;
  /** How many categories are on auto: the target precision matters only for those. */
  autoCategories: number;
  onDenied: () => void;
}

/** "Run backtest": the current policy, and beside it the same at another target precision. */
export function BacktestRunner({
  policy,
  backtests,
  version,
  autoCategories,
  onDenied,
}: BacktestRunnerProps) {
  const id = useId();
  const [target, setTarget] = useState(() => percentInputValue(policy.targetPrecision));
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ version: number; columns: BacktestColumn[] } | null>(null);

  useEffect(() => setTarget(percentInputValue(policy.targetPrecision)), [policy.targetPrecision]);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    const other = parseBounded(target, 50, 100, 'percent');
    if (other == null) {
      setError('Enter a target precision from 50 to 100 %.');
      return;
    }
    const differs = Math.abs(other - policy.targetPrecision) > 1e-6;
    setError(null);
    setRunning(true);
    try {
      const [current, alternative] = await Promise.all([
        backtests.current(),
        differs ? backtests.proposed({ targetPrecision: other }) : null,
      ]);
      const columns: BacktestColumn[] = [
        { label: `Current policy (${percent1(current.targetPrecision)})`, report: current },
      ];
      if (alternative) columns.push({ label: `At ${percent1(other)} target`, report: alternative });
      setResult({ version, columns });
    } catch (err) {
      if (isDenied(err)) {
        setError(deniedMessage('run backtests'));
        onDenied();
      } else setError(errorMessage(err));
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="policy-backtest">
      <form className="policy-inline-form" noValidate onSubmit={(e) => void run(e)}>
        <label className="field-label" htmlFor={`${id}-target`}>
          Target precision to compare
        </label>
        <NumberInput
          id={`${id}-target`}
          testId="backtest-target"
          min={50}
          max={100}
          step={0.1}
          value={target}
          onChange={setTarget}
        />
        <span aria-hidden="true">%</span>
        <button type="submit" className="btn" data-testid="run-backtest" disabled={running}>
          {running ? 'Running backtest…' : 'Run backtest'}
        </button>
        <span className="muted small">
          Leave it at {percent1(policy.targetPrecision)} for the current policy alone.
        </span>
      </form>
      {autoCategories === 0 && (
        <p className="muted small" data-testid="backtest-no-auto">
          No category is on Auto, so every ticket is suggested or reviewed whatever the target precision: it
          changes the figures once a category may apply on its own.
        </p>
      )}
      <div aria-live="polite" className="policy-live">
        {running && (
          <p className="muted small">Training a model on the older tickets and replaying the newest…</p>
        )}
        {error && (
          <p className="form-error" role="alert" data-testid="backtest-error">
            {error}
          </p>
        )}
      </div>
      {result && (
        <>
          {result.version !== version && (
            <p className="muted small" data-testid="backtest-stale">
              The settings or an autonomy changed since this backtest; run it again for current figures.
            </p>
          )}
          <BacktestFigures
            columns={result.columns}
            caption="Backtest of the current policy and of another target precision"
            testId="backtest-figures"
          />
        </>
      )}
    </div>
  );
}
