import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { CategoryReadiness, ReadinessReport } from './policy-types.js';

export interface Readiness {
  report: ReadinessReport | null;
  error: string | null;
  byCategory: Map<string, CategoryReadiness>;
}

/** The labels each category has and needs; fetched again whenever the policy changes. */
export function useReadiness(version: number): Readiness {
  const [report, setReport] = useState<ReadinessReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version may mean a new target precision
  useEffect(() => {
    let live = true;
    api
      .get<ReadinessReport>('/api/v1/decision-policy/readiness')
      .then((r) => {
        if (!live) return;
        setReport(r);
        setError(null);
      })
      .catch((err: unknown) => {
        if (live) setError(errorMessage(err));
      });
    return () => {
      live = false;
    };
  }, [version]);
  return { report, error, byCategory: new Map((report?.categories ?? []).map((c) => [c.categoryId, c])) };
}

const statusLabels: Record<CategoryReadiness['status'], string> = {
  ready: 'Can auto-apply',
  too_few_samples: 'Too few labels',
  below_target: 'Below target',
  not_estimable: 'Below target',
  not_trained: 'Not in the model',
};

/** "30 (20 more)", "reached", or why there is no number. */
export function neededText(readiness: CategoryReadiness): string {
  if (readiness.status === 'ready') return 'reached';
  if (readiness.labelsNeeded === null) return 'no estimate';
  if (readiness.stillNeeded === 0) return `${readiness.labelsNeeded} (reached: retrain)`;
  return `${readiness.labelsNeeded} (${readiness.stillNeeded} more)`;
}

export function ReadinessHeaders() {
  return (
    <>
      <th scope="col" className="readiness-number">
        Labels
      </th>
      <th scope="col" className="readiness-number">
        Needed for target
      </th>
      <th scope="col">Status</th>
    </>
  );
}

/** Three cells of a category's row: labels now, labels needed for the target, status and why. */
export function ReadinessCells({ readiness }: { readiness: CategoryReadiness | undefined }) {
  if (!readiness) {
    return (
      <>
        <td className="readiness-number muted">—</td>
        <td className="readiness-number muted">—</td>
        <td className="muted">—</td>
      </>
    );
  }
  const inModel =
    readiness.trainedLabels !== null && readiness.trainedLabels !== readiness.labels
      ? ` (${readiness.trainedLabels} in the model)`
      : '';
  return (
    <>
      <td className="readiness-number" data-testid="readiness-labels">
        {readiness.labels}
        {inModel && <span className="muted small">{inModel}</span>}
      </td>
      <td className="readiness-number" data-testid="readiness-needed">
        {neededText(readiness)}
      </td>
      <td data-testid="readiness-status">
        <span className={`badge badge-readiness-${readiness.status}`}>{statusLabels[readiness.status]}</span>
        <span className="muted small readiness-reason"> {readiness.reason}</span>
      </td>
    </>
  );
}

/** What the columns mean, below the table. */
export function ReadinessNote({ readiness }: { readiness: Readiness }) {
  if (readiness.error) {
    return (
      <p className="form-error" role="alert">
        Labels per category: {readiness.error}
      </p>
    );
  }
  const report = readiness.report;
  if (!report) return null;
  return (
    <p className="muted small" data-testid="readiness-note">
      Labels: tickets whose latest label is the category. Needed for target: labels at which it can be applied
      automatically at target precision {report.targetPrecision}
      {report.modelVersion === null ? ' (no model yet)' : ` (estimated from model v${report.modelVersion})`}:
      at least {report.minSupport} held-out predictions of its own, more when its precision has yet to be
      proven; none when its precision stays below the target, since more labels help only if they make the
      model better.
    </p>
  );
}
