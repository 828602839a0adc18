import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { BackfillRun } from './connection-types.js';

const ACTIVE = new Set<BackfillRun['status']>(['queued', 'running', 'paused']);
const REFRESH_MS = 2_000;

/**
 * Backfill: import the connection's past tickets with their final categories, to train a first
 * model. Shows the latest run's progress, refreshing while it is queued or running.
 */
export function BackfillSection(props: { connectionId: string; canManage: boolean }) {
  const base = `/api/v1/connections/${props.connectionId}/backfills`;
  const [runs, setRuns] = useState<BackfillRun[] | null>(null);
  const [months, setMonths] = useState(12);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRuns((await api.get<{ items: BackfillRun[] }>(base)).items);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [base]);

  useEffect(() => {
    void load();
  }, [load]);

  const latest = runs?.[0] ?? null;
  const moving = latest !== null && (latest.status === 'queued' || latest.status === 'running');
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [moving, load]);

  const act = async (path: string, body?: unknown) => {
    try {
      await api.post(path, body);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div className="backfill" data-testid="backfill">
      <h3>Backfill</h3>
      <p className="muted small">
        Imports past tickets with the category they ended with, to train the first model. Categories Triage
        itself set are kept as AI provenance and never used as labels.
      </p>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {latest && <BackfillProgress run={latest} />}
      {props.canManage && latest && (
        <p>
          {(latest.status === 'queued' || latest.status === 'running') && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void act(`${base}/${latest.id}/pause`)}
            >
              Pause
            </button>
          )}{' '}
          {(latest.status === 'paused' || latest.status === 'failed') && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void act(`${base}/${latest.id}/resume`)}
            >
              Resume
            </button>
          )}{' '}
          {latest.status !== 'done' && latest.status !== 'cancelled' && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void act(`${base}/${latest.id}/cancel`)}
            >
              Cancel
            </button>
          )}
        </p>
      )}
      {props.canManage && !(latest && ACTIVE.has(latest.status)) && (
        <form
          className="backfill-start"
          onSubmit={(event) => {
            event.preventDefault();
            void act(base, { months });
          }}
        >
          <label>
            Months back{' '}
            <input
              type="number"
              min={1}
              max={36}
              value={months}
              onChange={(event) => setMonths(Number(event.target.value))}
              aria-label="Months back"
            />
          </label>{' '}
          <button type="submit" className="btn btn-primary btn-small">
            Start backfill
          </button>
        </form>
      )}
    </div>
  );
}

function BackfillProgress({ run }: { run: BackfillRun }) {
  const c = run.counts;
  const percent = run.total ? Math.min(100, Math.round((c.read / run.total) * 100)) : null;
  const notImported = c.uncategorised + c.unmapped + c.rejected;
  return (
    <div className="training-progress" data-testid="backfill-progress" data-status={run.status}>
      <div className="training-progress-top">
        <span>
          {run.status} · read {c.read}
          {run.total !== null ? ` of ${run.total}` : ''} · {c.imported} imported ({c.labelled} labels,{' '}
          {c.aiProvenance} AI provenance) · {c.unchanged} already known · {notImported} not imported
        </span>
        <span className="muted small">
          since {new Date(run.since).toLocaleDateString()} · {run.requestedBy}
        </span>
      </div>
      {percent !== null && (
        <div
          className="training-bar"
          role="progressbar"
          aria-label="Backfill progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          <div
            className={`training-bar-fill training-bar-${run.status === 'failed' ? 'failed' : 'running'}`}
            style={{ width: `${percent}%` }}
          />
        </div>
      )}
      {run.lastError && (
        <p className={run.status === 'failed' ? 'banner banner-error' : 'muted small'}>
          {run.status === 'failed' ? 'Failed: ' : 'Waiting: '}
          {run.lastError}
        </p>
      )}
    </div>
  );
}
