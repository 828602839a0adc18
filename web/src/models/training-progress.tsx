import type { TrainingRun } from './models-types.js';

/** The latest training run: its step and percentage while it runs, how it ended after. */
export function TrainingProgress({ run }: { run: TrainingRun | null }) {
  if (!run) return <p className="muted small">No training has run in this workspace yet.</p>;
  const label =
    run.status === 'running'
      ? `Training: ${run.step}`
      : run.status === 'succeeded'
        ? `Trained model v${run.modelVersion}`
        : `Training failed: ${run.error ?? 'unknown error'}`;
  return (
    <div className="training-progress" data-testid="training-progress" data-status={run.status}>
      <div className="training-progress-top">
        <span>{label}</span>
        <span className="muted small">
          {Math.round(run.percent)}% · {run.trigger} · started {new Date(run.startedAt).toLocaleString()}
        </span>
      </div>
      <div
        className="training-bar"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(run.percent)}
      >
        <div
          className={`training-bar-fill training-bar-${run.status}`}
          style={{ width: `${run.percent}%` }}
        />
      </div>
    </div>
  );
}
