import { formatCount } from '../lib/format.js';
import { backtestFigures, figureChange, figureText, percent1, reviewReasonsText } from './policy-format.js';
import type { BacktestReport } from './policy-types.js';

export interface BacktestColumn {
  label: string;
  report: BacktestReport;
}

interface BacktestFiguresProps {
  /** The first column is the baseline; every other one gets a "change" column beside it. */
  columns: readonly BacktestColumn[];
  caption: string;
  testId?: string;
}

/** Backtest figures, one column per policy, side by side, with the change against the first. */
export function BacktestFigures({ columns, caption, testId }: BacktestFiguresProps) {
  const figures = backtestFigures(columns.map((c) => c.report));
  const first = columns[0]?.report;
  if (!first) return null;
  // "97% / 90%" where the columns differ, "97%" once where they agree.
  const perColumn = (text: (report: BacktestReport) => string) =>
    [...new Set(columns.map((c) => text(c.report)))].join(' / ');
  return (
    <div className="backtest" data-testid={testId}>
      <table className="table backtest-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Replayed tickets</th>
            {columns.map((c, i) => (
              <BacktestHeads key={c.label} label={c.label} compared={i > 0} />
            ))}
          </tr>
        </thead>
        <tbody>
          {figures.map((f) => (
            <tr key={f.key} data-testid={`figure-${f.key}`}>
              <th scope="row">{f.label}</th>
              {f.values.map((value, i) => {
                const change = i > 0 ? figureChange(f.kind, f.better, f.values[0] ?? null, value) : null;
                return (
                  <FigureCells
                    // biome-ignore lint/suspicious/noArrayIndexKey: one cell per column, in column order
                    key={i}
                    text={figureText(f.kind, value)}
                    change={change}
                  />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small backtest-note">
        Trained on the {formatCount(first.trainTickets)} older labelled tickets, replayed on the newest{' '}
        {formatCount(first.tickets)} at {perColumn((r) => percent1(r.targetPrecision))} target precision and{' '}
        {first.minutesPerTicket} min a ticket. Sent to review because:{' '}
        {perColumn((r) => reviewReasonsText(r.reviewReasons))}. Nothing was written.
      </p>
    </div>
  );
}

function BacktestHeads({ label, compared }: { label: string; compared: boolean }) {
  return (
    <>
      <th scope="col" className="num">
        {label}
      </th>
      {compared && (
        <th scope="col" className="num">
          Change
        </th>
      )}
    </>
  );
}

function FigureCells({ text, change }: { text: string; change: ReturnType<typeof figureChange> | null }) {
  return (
    <>
      <td className="num">{text}</td>
      {change && (
        <td className={`num backtest-change tone-${change.tone}`}>
          {change.text}
          {change.tone === 'better' || change.tone === 'worse' ? (
            <span className="visually-hidden"> ({change.tone})</span>
          ) : null}
        </td>
      )}
    </>
  );
}
