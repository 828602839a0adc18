import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { Toast, type ToastMessage } from '../components/toast.js';
import { useSession } from '../lib/session-context.js';
import { usePageKeys } from '../lib/use-page-keys.js';
import { RotaEditor } from './rota-editor.js';
import type { StaffingPlan } from './staffing-types.js';
import './staffing.css';

const StaffingChart = lazy(() => import('./staffing-chart.js'));

let toastSeq = 0;
const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;
const twoDecimals = (n: number) => (Math.round(n * 100) / 100).toString();

/**
 * Staffing: who owns which category and queue, the on-call rota for exceptions, and the
 * recommended staffing with its arithmetic and whether the people staffing it now cover it.
 * Keys: r reloads, o jumps to the override form (leads and admins), p opens the weekly report.
 */
export function StaffingPage() {
  const session = useSession();
  const canManage = session.permissions.includes('staffing:manage');
  const [plan, setPlan] = useState<StaffingPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);

  const say = (text: string, tone: ToastMessage['tone']) => {
    toastSeq += 1;
    setToast({ id: toastSeq, text, tone });
  };
  const load = useCallback(async () => {
    try {
      setPlan(await api.get<StaffingPlan>('/api/v1/staffing'));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  usePageKeys(true, {
    r: () => void load(),
    o: () => (document.querySelector('[data-testid="override-person"]') as HTMLElement | null)?.focus(),
  });

  const r = plan?.recommendation;
  return (
    <div className="page staffing">
      <div className="page-head">
        <h1 className="page-title">Staffing</h1>
        {session.permissions.includes('reports:read') && (
          <a className="btn btn-small" href="/reports/weekly/latest" data-testid="weekly-report-link">
            Weekly report
          </a>
        )}
      </div>
      <p className="keys-help">
        <kbd>r</kbd> reload
        {canManage && (
          <>
            {' '}
            · <kbd>o</kbd> add an override
          </>
        )}
      </p>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {plan && r && (
        <>
          <section
            className="staffing-card"
            aria-labelledby="staffing-recommendation"
            data-testid="recommendation"
          >
            <h2 className="section-title" id="staffing-recommendation">
              Recommended staffing
            </h2>
            <p
              className={`staffing-verdict ${r.covered ? 'is-covered' : 'is-short'}`}
              data-testid="staffing-verdict"
            >
              {r.covered
                ? `Covered: ${people(r.currentPeople)} for a recommended ${twoDecimals(r.recommended)} (${people(r.peopleNeeded)}).`
                : `Not covered: ${people(r.currentPeople)} for a recommended ${twoDecimals(r.recommended)} — ${people(r.peopleNeeded - r.currentPeople)} short.`}
            </p>
            <ol className="staffing-arithmetic" aria-label="How it is computed">
              {r.explanation.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ol>
            <ul className="staffing-arithmetic muted" aria-label="Assumptions">
              {r.assumptions.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <Suspense fallback={<div className="staffing-chart muted">Loading chart…</div>}>
              <StaffingChart weeks={plan.weeks} />
            </Suspense>
          </section>
          <div className="staffing-grid">
            <section className="staffing-card" aria-labelledby="staffing-owners">
              <h2 className="section-title" id="staffing-owners">
                Who owns what
              </h2>
              <table className="table" aria-label="Review queues and their owners" data-testid="queue-owners">
                <thead>
                  <tr>
                    <th scope="col">Queue</th>
                    <th scope="col">Owner (level 1)</th>
                    <th scope="col">Fallback (level 2)</th>
                    <th scope="col">Members</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.queues.map((q) => (
                    <tr key={q.id}>
                      <td>{q.name}</td>
                      <td>{q.owner?.name ?? <span className="muted">none</span>}</td>
                      <td>{q.fallbackOwner?.name ?? <span className="muted">whoever is on call</span>}</td>
                      <td>
                        {q.members.map((m) => m.name).join(', ') || <span className="muted">none</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted small">
                An escalation goes to the queue's owner, then its fallback owner; where one is missing, to
                whoever is on call, and as a last resort to {plan.lastResort?.name ?? 'the earliest admin'}.
              </p>
              <table className="table" aria-label="Categories and their owners" data-testid="category-owners">
                <thead>
                  <tr>
                    <th scope="col">Category</th>
                    <th scope="col">Owner (rules disputes)</th>
                    <th scope="col">Queue</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.categories.map((c) => (
                    <tr key={c.id}>
                      <td>{c.name}</td>
                      <td>{c.owner?.name ?? <span className="muted">none: leads and admins rule</span>}</td>
                      <td>{c.queueName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <RotaEditor
              plan={plan}
              canManage={canManage}
              onSaved={async (message) => {
                say(message, 'success');
                await load();
              }}
              onError={(message) => say(message, 'error')}
            />
          </div>
        </>
      )}
      <Toast toast={toast} onDismiss={() => setToast(null)} />
    </div>
  );
}
