import { type FormEvent, lazy, Suspense, useCallback, useEffect, useId, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { NumberInput } from './number-input.js';
import { decimal1, hoursText, parseBounded } from './policy-format.js';
import type { WorkloadForecast as Forecast } from './policy-types.js';

const WorkloadChart = lazy(() => import('./workload-chart.js'));

const dayChoices = [7, 14, 30, 90] as const;

interface WorkloadForecastProps {
  /** Changes whenever the policy or an autonomy changes: the forecast is fetched again. */
  version: number;
}

/**
 * How many review items a day each queue will get at the current model and policy, and the
 * person-hours that is: the recent tickets replayed by the server.
 */
export function WorkloadForecast({ version }: WorkloadForecastProps) {
  const id = useId();
  const [days, setDays] = useState(14);
  const [minutes, setMinutes] = useState('1.5');
  const [asked, setAsked] = useState({ days: 14, minutes: 1.5 });
  const [forecast, setForecast] = useState<Forecast | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async (query: { days: number; minutes: number }) => {
    setLoading(true);
    try {
      setForecast(
        await api.get<Forecast>(
          `/api/v1/decision-policy/forecast?days=${query.days}&minutesPerItem=${query.minutes}`,
        ),
      );
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version means a new policy to forecast
  useEffect(() => {
    void load(asked);
  }, [load, asked, version]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = parseBounded(minutes, 0, 120);
    if (value == null) {
      setError('Minutes per item: enter a number from 0 to 120.');
      return;
    }
    setAsked({ days, minutes: value });
  };

  const totals = forecast?.queues.reduce(
    (sum, q) => ({ items: sum.items + q.itemsPerDay, hours: sum.hours + q.personHoursPerDay }),
    { items: 0, hours: 0 },
  );

  return (
    <div className="forecast" data-testid="forecast">
      <form className="policy-inline-form" noValidate onSubmit={submit}>
        <label className="field-label" htmlFor={`${id}-days`}>
          Recent volume of the last
        </label>
        <select id={`${id}-days`} value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {dayChoices.map((d) => (
            <option key={d} value={d}>
              {d} days
            </option>
          ))}
        </select>
        <label className="field-label" htmlFor={`${id}-minutes`}>
          Minutes per item if too few are timed
        </label>
        <NumberInput
          id={`${id}-minutes`}
          min={0}
          max={120}
          step={0.5}
          value={minutes}
          onChange={setMinutes}
        />
        <button type="submit" className="btn btn-small" disabled={loading}>
          Update forecast
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!forecast && loading && <p className="muted">Replaying recent tickets…</p>}
      {forecast && totals && (
        <>
          <p className="forecast-summary" data-testid="forecast-summary">
            At <strong>{decimal1(forecast.ticketsPerDay)}</strong> tickets a day (the last {forecast.days}{' '}
            days)
            {forecast.modelVersion == null ? ' and no model yet' : ` and model v${forecast.modelVersion}`},
            the queues get <strong>{decimal1(totals.items)}</strong> review items a day:{' '}
            <strong>{hoursText(totals.hours)}</strong> of people's time at {decimal1(forecast.minutesPerItem)}{' '}
            min an item{' '}
            <span className="muted">
              (
              {forecast.minutesSource === 'measured'
                ? 'measured: the median from claim to resolution of recent items'
                : 'the default above: too few recent items were claimed and resolved to measure it'}
              )
            </span>
            .
          </p>
          {forecast.queues.length === 0 ? (
            <p className="muted">This workspace has no review queues.</p>
          ) : (
            <>
              <Suspense fallback={<p className="muted">Loading the chart…</p>}>
                <WorkloadChart queues={forecast.queues} />
              </Suspense>
              <table className="table" data-testid="forecast-table">
                <caption className="visually-hidden">
                  Forecast review items and person-hours per queue
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Queue</th>
                    <th scope="col">Owner</th>
                    <th scope="col" className="num">
                      Review items a day
                    </th>
                    <th scope="col" className="num">
                      Person-hours a day
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {forecast.queues.map((q) => (
                    <tr key={q.queueId} data-testid="forecast-row">
                      <th scope="row">{q.queueName}</th>
                      <td>{q.ownerName ?? <span className="muted">no owner</span>}</td>
                      <td className="num">{decimal1(q.itemsPerDay)}</td>
                      <td className="num">{hoursText(q.personHoursPerDay)}</td>
                    </tr>
                  ))}
                </tbody>
                {forecast.queues.length > 1 && (
                  <tfoot>
                    <tr>
                      <th scope="row">All queues</th>
                      <td />
                      <td className="num">{decimal1(totals.items)}</td>
                      <td className="num">{hoursText(totals.hours)}</td>
                    </tr>
                  </tfoot>
                )}
              </table>
            </>
          )}
        </>
      )}
    </div>
  );
}
