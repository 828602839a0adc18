import { type RefObject, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { Category } from '../api/types.js';
import { type BacktestColumn, BacktestFigures } from './backtest-figures.js';
import { ReadinessCells, ReadinessHeaders, type Readiness } from './label-readiness.js';
import { deniedMessage, isDenied } from './policy-errors.js';
import { autonomyChoices, autonomyHelp, autonomyLabel, raisesAutonomy } from './policy-format.js';
import type { Autonomy, CategoryReadiness } from './policy-types.js';
import type { Backtests } from './use-backtests.js';

interface AutonomyTableProps {
  categories: Category[];
  canEdit: boolean;
  backtests: Backtests;
  readiness: Readiness;
  onApplied: (category: Category) => void;
  onDenied: () => void;
}

/** A change a person has chosen in a row's select but not applied yet. */
interface Pending {
  categoryId: string;
  to: Autonomy;
  raise: boolean;
  state: 'chosen' | 'running' | 'compared' | 'applying';
  columns?: BacktestColumn[];
  error?: string;
}

/**
 * Autonomy per category. Lowering one applies at once (less for the AI to do is always safe);
 * raising one is backtested first, the proposal beside the current policy, and only then applied.
 */
export function AutonomyTable({
  categories,
  canEdit,
  backtests,
  readiness,
  onApplied,
  onDenied,
}: AutonomyTableProps) {
  const [pending, setPending] = useState<Pending | null>(null);
  const panelHeading = useRef<HTMLHeadingElement>(null);
  const selects = useRef(new Map<string, HTMLSelectElement>());

  // The comparison is long: take the keyboard (and a screen reader) to it when it arrives.
  useEffect(() => {
    if (pending?.state === 'compared') panelHeading.current?.focus();
  }, [pending?.state]);

  const choose = (category: Category, to: Autonomy) => {
    setPending(
      to === category.autonomy
        ? null
        : { categoryId: category.id, to, raise: raisesAutonomy(category.autonomy, to), state: 'chosen' },
    );
  };

  const cancel = (categoryId: string) => {
    setPending(null);
    selects.current.get(categoryId)?.focus();
  };

  const fail = (err: unknown, action: string) => {
    if (isDenied(err)) onDenied();
    setPending(
      (p) =>
        p && {
          ...p,
          state: p.columns ? 'compared' : 'chosen',
          error: isDenied(err) ? deniedMessage(action) : errorMessage(err),
        },
    );
  };

  const backtest = async (category: Category, change: Pending) => {
    setPending({ ...change, state: 'running', error: undefined });
    try {
      const [current, proposed] = await Promise.all([
        backtests.current(),
        backtests.proposed({ autonomy: { [category.id]: change.to } }),
      ]);
      setPending((p) =>
        p?.categoryId === change.categoryId && p.to === change.to
          ? {
              ...p,
              state: 'compared',
              columns: [
                { label: 'Current policy', report: current },
                { label: `${category.name} on ${autonomyLabel(change.to)}`, report: proposed },
              ],
            }
          : p,
      );
    } catch (err) {
      fail(err, 'run backtests');
    }
  };

  const apply = async (category: Category, change: Pending) => {
    setPending({ ...change, state: 'applying', error: undefined });
    try {
      const updated = await api.patch<Category>(`/api/v1/categories/${category.id}`, { autonomy: change.to });
      setPending(null);
      onApplied(updated);
      selects.current.get(category.id)?.focus();
    } catch (err) {
      fail(err, 'change autonomy');
    }
  };

  return (
    <table className="table autonomy-table" data-testid="autonomy-table">
      <caption className="visually-hidden">Autonomy per category</caption>
      <thead>
        <tr>
          <th scope="col">Category</th>
          <ReadinessHeaders />
          <th scope="col">Autonomy</th>
          <th scope="col">
            <span className="visually-hidden">Change</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {categories.map((category) => {
          const change = pending?.categoryId === category.id ? pending : null;
          const shown = change?.to ?? category.autonomy;
          const busy = change?.state === 'running' || change?.state === 'applying';
          return (
            <AutonomyRows
              key={category.id}
              category={category}
              readiness={readiness.byCategory.get(category.id)}
              change={change}
              canEdit={canEdit}
              busy={busy}
              shown={shown}
              selectRef={(el) => {
                if (el) selects.current.set(category.id, el);
                else selects.current.delete(category.id);
              }}
              panelHeading={panelHeading}
              onChoose={(to) => choose(category, to)}
              onBacktest={() => change && void backtest(category, change)}
              onApply={() => change && void apply(category, change)}
              onCancel={() => cancel(category.id)}
            />
          );
        })}
      </tbody>
    </table>
  );
}

interface AutonomyRowsProps {
  category: Category;
  readiness: CategoryReadiness | undefined;
  change: Pending | null;
  canEdit: boolean;
  busy: boolean;
  shown: Autonomy;
  selectRef: (el: HTMLSelectElement | null) => void;
  panelHeading: RefObject<HTMLHeadingElement | null>;
  onChoose: (to: Autonomy) => void;
  onBacktest: () => void;
  onApply: () => void;
  onCancel: () => void;
}

function AutonomyRows(props: AutonomyRowsProps) {
  const { category, change, canEdit, busy, shown } = props;
  // Once backtested, the comparison below the row holds the buttons.
  const inPanel = Boolean(change?.columns);
  const cells = (
    <tr
      data-testid="autonomy-row"
      data-category-key={category.key}
      className={change ? 'is-pending' : undefined}
    >
      <th scope="row">
        {category.name} <span className="muted small">{category.key}</span>
      </th>
      <ReadinessCells readiness={props.readiness} />
      <td>
        {canEdit ? (
          <select
            ref={props.selectRef}
            data-testid={`autonomy-select-${category.key}`}
            aria-label={`Autonomy of ${category.name}`}
            value={shown}
            disabled={busy}
            onChange={(e) => props.onChoose(e.target.value as Autonomy)}
          >
            {autonomyChoices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        ) : (
          <span data-testid={`autonomy-${category.key}`}>{autonomyLabel(category.autonomy)}</span>
        )}
        <span className="muted small autonomy-help"> {autonomyHelp(shown)}</span>
      </td>
      <td className="autonomy-actions">
        {change && !inPanel && (
          <ChangeButtons
            small
            busy={busy}
            onCancel={props.onCancel}
            {...(change.raise
              ? {
                  testId: 'backtest-change',
                  label: change.state === 'running' ? 'Backtesting…' : 'Backtest this change',
                  onClick: props.onBacktest,
                }
              : {
                  testId: 'apply-change',
                  label: change.state === 'applying' ? 'Applying…' : `Apply: ${autonomyLabel(change.to)}`,
                  onClick: props.onApply,
                })}
          />
        )}
      </td>
    </tr>
  );
  if (!change || (!inPanel && !change.error)) return cells;
  return (
    <>
      {cells}
      <tr className="autonomy-panel-row">
        <td colSpan={6}>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the panel cancels */}
          <div
            className="autonomy-panel"
            data-testid="autonomy-comparison"
            onKeyDown={(e) => {
              if (e.key === 'Escape') props.onCancel();
            }}
          >
            {change.columns && (
              <>
                <h3 className="section-title" tabIndex={-1} ref={props.panelHeading}>
                  {category.name}: {autonomyLabel(category.autonomy)} → {autonomyLabel(change.to)}, backtested
                </h3>
                <BacktestFigures
                  columns={change.columns}
                  caption={`Backtest of the current policy and of ${category.name} on ${autonomyLabel(change.to)}`}
                />
              </>
            )}
            {change.error && (
              <p className="form-error" role="alert" data-testid="autonomy-error">
                {change.error}
              </p>
            )}
            {change.columns && (
              <ChangeButtons
                busy={busy}
                onCancel={props.onCancel}
                testId="apply-change"
                label={
                  change.state === 'applying'
                    ? 'Applying…'
                    : `Apply: ${category.name} to ${autonomyLabel(change.to)}`
                }
                onClick={props.onApply}
              />
            )}
          </div>
        </td>
      </tr>
    </>
  );
}

interface ChangeButtonsProps {
  testId: string;
  label: string;
  onClick: () => void;
  onCancel: () => void;
  busy: boolean;
  small?: boolean;
}

/** The next step of a pending change (backtest or apply) and its way out. */
function ChangeButtons({ testId, label, onClick, onCancel, busy, small }: ChangeButtonsProps) {
  const size = small ? ' btn-small' : '';
  return (
    <span className="policy-actions">
      <button
        type="button"
        className={`btn btn-primary${size}`}
        data-testid={testId}
        disabled={busy}
        onClick={onClick}
      >
        {label}
      </button>
      <button type="button" className={`btn btn-ghost${size}`} disabled={busy} onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}
