import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { Category } from '../api/types.js';
import { Toast, type ToastMessage } from '../components/toast.js';
import { useSession } from '../lib/session-context.js';
import { AutonomyTable } from './autonomy-table.js';
import { BacktestRunner } from './backtest-runner.js';
import { ReadinessNote, useReadiness } from './label-readiness.js';
import { autonomyHelp, autonomyLabel } from './policy-format.js';
import { PolicySettingsForm } from './policy-settings-form.js';
import type { DecisionPolicy } from './policy-types.js';
import { useBacktests } from './use-backtests.js';
import { WorkloadForecast } from './workload-forecast.js';
import './policy.css';

/**
 * The decision policy: the workspace's settings, each category's autonomy (raised only after a
 * backtest on the workspace's own history), backtests on demand, and the workload they cause.
 */
export function PolicyPage() {
  const session = useSession();
  const [policy, setPolicy] = useState<DecisionPolicy | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  // A 403 from the server outranks the session's list: the role may have changed since login.
  const [denied, setDenied] = useState(false);
  // Bumped by every change of the policy or an autonomy: backtests and the forecast are redone.
  const [version, setVersion] = useState(0);
  const backtests = useBacktests(version);
  const readiness = useReadiness(version);

  const may = (permission: string) => !denied && session.permissions.includes(permission);
  const canWritePolicy = may('policy:write');
  // Raising an autonomy needs its backtest, which needs policy:write too.
  const canWriteAutonomy = canWritePolicy && may('categories:write');

  const load = useCallback(async () => {
    try {
      const [current, list] = await Promise.all([
        api.get<DecisionPolicy>('/api/v1/decision-policy'),
        api.get<{ items: Category[] }>('/api/v1/categories'),
      ]);
      setPolicy(current);
      setCategories([...list.items].sort((a, b) => a.name.localeCompare(b.name)));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const dismissToast = useCallback(() => setToast(null), []);
  const say = (text: string) => setToast({ id: Date.now(), text, tone: 'success' });

  const onSaved = (after: DecisionPolicy) => {
    setPolicy(after);
    setVersion((v) => v + 1);
  };

  const onApplied = (updated: Category) => {
    setCategories((list) => list.map((c) => (c.id === updated.id ? updated : c)));
    setVersion((v) => v + 1);
    say(`${updated.name} is now ${autonomyLabel(updated.autonomy)}: ${autonomyHelp(updated.autonomy)}.`);
  };

  const onDenied = useCallback(() => setDenied(true), []);

  return (
    <div className="page policy-page">
      <div className="page-head">
        <h1 className="page-title">Decision policy</h1>
        {!canWritePolicy && (
          <span className="muted small" data-testid="policy-read-only">
            Read-only: admins and leads change the policy.
          </span>
        )}
      </div>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}{' '}
          <button type="button" className="btn btn-small" onClick={() => void load()}>
            Try again
          </button>
        </p>
      )}
      {policy && (
        <div className="policy-sections">
          <PolicySection id="policy-settings" title="Workspace settings">
            <PolicySettingsForm
              policy={policy}
              canEdit={canWritePolicy}
              onSaved={onSaved}
              onDenied={onDenied}
            />
          </PolicySection>

          <PolicySection
            id="policy-autonomy"
            title="Autonomy per category"
            intro="Lowering a category's autonomy applies at once. Raising it first replays the workspace's own labelled history with the change beside the current policy; apply it when the figures hold up."
          >
            <AutonomyTable
              categories={categories}
              canEdit={canWriteAutonomy}
              backtests={backtests}
              readiness={readiness}
              onApplied={onApplied}
              onDenied={onDenied}
            />
            <ReadinessNote readiness={readiness} />
          </PolicySection>

          <PolicySection
            id="policy-backtest"
            title="Backtest"
            intro="A model trained on the older labelled tickets decides the newest ones under the policy: what would have been applied, suggested or reviewed, and what it would have cost in human touches."
          >
            {canWritePolicy ? (
              <BacktestRunner
                policy={policy}
                backtests={backtests}
                version={version}
                autoCategories={categories.filter((c) => c.autonomy === 'auto').length}
                onDenied={onDenied}
              />
            ) : (
              <p className="muted" data-testid="backtest-read-only">
                Admins and leads can run backtests.
              </p>
            )}
          </PolicySection>

          <PolicySection id="policy-forecast" title="Workload forecast">
            <WorkloadForecast version={version} />
          </PolicySection>
        </div>
      )}
      <Toast toast={toast} onDismiss={dismissToast} />
    </div>
  );
}

interface PolicySectionProps {
  id: string;
  title: string;
  intro?: string;
  children: ReactNode;
}

function PolicySection({ id, title, intro, children }: PolicySectionProps) {
  return (
    <section className="card policy-section" aria-labelledby={`${id}-title`}>
      <h2 className="policy-section-title" id={`${id}-title`}>
        {title}
      </h2>
      {intro && <p className="muted small">{intro}</p>}
      {children}
    </section>
  );
}
