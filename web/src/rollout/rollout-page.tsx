import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { Toast, type ToastMessage } from '../components/toast.js';
import { useSession } from '../lib/session-context.js';
import { usePageKeys } from '../lib/use-page-keys.js';
import { GateEditor } from './gate-editor.js';
import { GateList } from './gate-list.js';
import { RolloutHistory } from './rollout-history.js';
import type { Gate, HistoryEntry, Ladder, LadderCell, Stage, TargetStage } from './rollout-types.js';
import './rollout.css';

const STAGES = ['off', 'shadow', 'suggest', 'auto'] as const;
let toastSeq = 0;

function cellStatus(cell: LadderCell): string {
  if (cell.pendingStepUp)
    return `waiting for approval (${cell.pendingStepUp.approvals.length}/${cell.pendingStepUp.approvalsNeeded})`;
  if (!cell.nextStage) return '';
  return cell.nextGates.every((g) => g.pass) ? `ready for ${cell.nextStage}` : '';
}

/**
 * The rollout ladder: categories × cohorts, each cell a stage with the gates of its next step;
 * request a step up, approve someone else's, and see what changed and why. Worked from the
 * keyboard: j/k and h/l move, s requests, a approves, c checks the gates now.
 */
export function RolloutPage() {
  const session = useSession();
  const canApprove = session.permissions.includes('rollout:approve');
  const [ladder, setLadder] = useState<Ladder | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [row, setRow] = useState(0);
  const [col, setCol] = useState(0);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);

  const say = (text: string, tone: ToastMessage['tone']) => {
    toastSeq += 1;
    setToast({ id: toastSeq, text, tone });
  };

  const load = useCallback(async () => {
    try {
      const [next, events] = await Promise.all([
        api.get<Ladder>('/api/v1/rollout'),
        api.get<{ items: HistoryEntry[] }>('/api/v1/rollout/history?limit=30'),
      ]);
      setLadder(next);
      setHistory(events.items);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const columns = ladder
    ? [...ladder.cohorts.map((c) => ({ id: c.id as string | null, cohort: c })), { id: null, cohort: null }]
    : [];
  const categories = ladder?.categories ?? [];
  const cellAt = (categoryId: string | undefined, cohortId: string | null) =>
    ladder?.cells.find((c) => c.categoryId === categoryId && c.cohortId === cohortId);
  const selected = cellAt(categories[row]?.id, columns[col]?.id ?? null);
  const selectedCohort = columns[col]?.cohort ?? null;
  const selectedCategory = categories[row];

  // `what` may return its own message (a check says what it found) instead of `done`.
  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      const result = await what();
      say(typeof result === 'string' ? result : done, 'success');
      await load();
    } catch (err) {
      say(errorMessage(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  const pending = selected?.pendingStepUp ?? null;
  const iApproved = pending?.approvals.some((a) => a.userId === session.user.id) ?? false;
  const canRequest = canApprove && !!selected?.nextStage && !pending && !busy;
  const mine = pending?.requestedBy === session.user.id;
  const canApproveThis = canApprove && !!pending && !iApproved && !mine && !busy;
  const request = () =>
    canRequest &&
    selected &&
    void act(
      () =>
        api.post('/api/v1/rollout/step-ups', {
          cohortId: selected.cohortId,
          categoryId: selected.categoryId,
        }),
      `Step up to ${selected.nextStage} requested`,
    );
  const approve = () =>
    canApproveThis &&
    pending &&
    void act(() => api.post(`/api/v1/rollout/step-ups/${pending.id}/approve`), 'Approved');
  const checkNow = () =>
    canApprove &&
    void act(async () => {
      const r = await api.post<{ evaluated: number; rolledBack: number }>('/api/v1/rollout/check');
      return `Checked ${r.evaluated} stage(s), ${r.rolledBack} rolled back`;
    }, 'Gates checked');

  const saveGates = (stage: TargetStage, gates: Gate[]) =>
    void act(() => api.put(`/api/v1/rollout/gates/${stage}`, { gates }), `Gates into ${stage} saved`);
  const setDefaultStage = (categoryId: string, stage: Stage) =>
    void act(
      () => api.put(`/api/v1/rollout/default-stages/${categoryId}`, { stage }),
      `Everyone else is at ${stage} for this category`,
    );

  usePageKeys(true, {
    j: () => setRow((r) => Math.min(categories.length - 1, r + 1)),
    k: () => setRow((r) => Math.max(0, r - 1)),
    l: () => setCol((c) => Math.min(columns.length - 1, c + 1)),
    h: () => setCol((c) => Math.max(0, c - 1)),
    s: () => request(),
    a: () => approve(),
    c: () => checkNow(),
  });

  return (
    <div className="page rollout">
      <div className="page-head">
        <h1 className="page-title">Rollout</h1>
        {canApprove && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="rollout-check"
            disabled={busy}
            onClick={checkNow}
          >
            Check gates now
          </button>
        )}
      </div>
      <p className="keys-help">
        <kbd>j</kbd>/<kbd>k</kbd> category · <kbd>h</kbd>/<kbd>l</kbd> cohort · <kbd>s</kbd> request step up ·{' '}
        <kbd>a</kbd> approve · <kbd>c</kbd> check gates
      </p>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {ladder && (
        <>
          <div className="rollout-scroll">
            <table className="rollout-ladder" aria-label="Rollout ladder: stage per category and cohort">
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  {columns.map((c) => (
                    <th scope="col" key={c.id ?? 'default'}>
                      {c.cohort ? c.cohort.name : 'Everyone else'}
                      <span className="muted rollout-members">
                        {c.cohort
                          ? `${c.cohort.isControl ? 'control · ' : `wave ${c.cohort.position} · `}${c.cohort.members.length} people`
                          : 'default'}
                      </span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {categories.map((category, r) => (
                  <tr key={category.id}>
                    <th scope="row">{category.name}</th>
                    {columns.map((c, i) => {
                      const cell = cellAt(category.id, c.id);
                      if (!cell) return <td key={c.id ?? 'default'} />;
                      const isSelected = r === row && i === col;
                      return (
                        <td
                          key={c.id ?? 'default'}
                          className={`rollout-cell stage-${cell.stage} ${isSelected ? 'is-selected' : ''}`}
                        >
                          <button
                            type="button"
                            className="rollout-cell-button"
                            data-testid={`cell-${category.name}-${c.cohort?.name ?? 'default'}`}
                            aria-pressed={isSelected}
                            onClick={() => {
                              setRow(r);
                              setCol(i);
                            }}
                          >
                            <span className={`stage-pill stage-${cell.stage}`}>{cell.stage}</span>
                            <span className="rollout-cell-note">
                              {cell.rolledBackReason ? 'rolled back' : cellStatus(cell)}
                            </span>
                          </button>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {selected && selectedCategory && (
            <section className="rollout-detail" aria-label="Selected stage" data-testid="rollout-detail">
              <h2>
                {selectedCategory.name} ·{' '}
                {selectedCohort ? selectedCohort.name : 'everyone else (workspace default)'}
              </h2>
              <ol className="rollout-steps">
                {STAGES.map((s) => (
                  <li key={s} className={s === selected.stage ? 'is-current' : ''}>
                    {s}
                  </li>
                ))}
              </ol>
              {selected.rolledBackReason && (
                <p className="banner banner-error">Rolled back automatically: {selected.rolledBackReason}.</p>
              )}
              {selected.nextStage ? (
                <GateList
                  gates={selected.nextGates}
                  label={`Gates into ${selected.nextStage} (last ${ladder.windowDays} days)`}
                />
              ) : (
                <p className="muted">
                  {selectedCohort?.isControl
                    ? 'The control cohort never gets the AI.'
                    : selectedCohort
                      ? 'At auto: the top of the ladder.'
                      : 'The workspace default is set per category by an approver.'}
                </p>
              )}
              {!selectedCohort && canApprove && (
                <DefaultStageForm
                  key={`${selected.categoryId}:${selected.stage}`}
                  stage={selected.stage}
                  busy={busy}
                  onSet={(stage) => setDefaultStage(selected.categoryId, stage)}
                />
              )}
              {selected.stageGates.length > 0 && (
                <GateList
                  gates={selected.stageGates}
                  label={`Gates of ${selected.stage} since it began (a breach rolls back)`}
                />
              )}
              {pending && (
                <p data-testid="rollout-pending">
                  {pending.requestedByName} asked to move to <strong>{pending.toStage}</strong>; approvals{' '}
                  {pending.approvals.length}/{pending.approvalsNeeded}
                  {pending.approvals.length > 0 && ` (${pending.approvals.map((a) => a.name).join(', ')})`}.
                </p>
              )}
              {canApprove && (
                <div className="rollout-actions">
                  <button type="button" className="btn btn-primary" disabled={!canRequest} onClick={request}>
                    Request step up <kbd>s</kbd>
                  </button>
                  <button
                    type="button"
                    className="btn"
                    disabled={!canApproveThis}
                    title={mine ? 'You asked for this step up: someone else approves it' : undefined}
                    onClick={approve}
                  >
                    Approve <kbd>a</kbd>
                  </button>
                </div>
              )}
            </section>
          )}
          {canApprove && <GateEditor gates={ladder.gates} busy={busy} onSave={saveGates} />}
          <RolloutHistory entries={history} ladder={ladder} />
        </>
      )}
      <Toast toast={toast} onDismiss={() => setToast(null)} />
    </div>
  );
}

/** The stage of a category for unassigned tickets and people in no cohort; an approver sets it. */
function DefaultStageForm({
  stage,
  busy,
  onSet,
}: {
  stage: Stage;
  busy: boolean;
  onSet: (stage: Stage) => void;
}) {
  const [choice, setChoice] = useState<Stage>(stage);
  return (
    <form
      className="rollout-actions"
      data-testid="default-stage-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSet(choice);
      }}
    >
      <label>
        Stage for everyone else{' '}
        <select value={choice} onChange={(e) => setChoice(e.target.value as Stage)}>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn" disabled={busy || choice === stage}>
        Set default stage
      </button>
    </form>
  );
}
