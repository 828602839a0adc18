import { lazy, type ReactNode, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { usePageKeys } from '../lib/use-page-keys.js';
import { ConfusionTable, Stat } from './metrics-parts.js';
import type { Adoption, AdoptionGroup, Granularity, Quality, Value } from './metrics-types.js';
import './metrics.css';

const charts = () => import('./metrics-charts.js');
const AdoptionChart = lazy(() => charts().then((m) => ({ default: m.AdoptionChart })));
const ValueChart = lazy(() => charts().then((m) => ({ default: m.ValueChart })));
const PrecisionChart = lazy(() => charts().then((m) => ({ default: m.PrecisionChart })));
const CalibrationChart = lazy(() => charts().then((m) => ({ default: m.CalibrationChart })));

const RANGES = [8, 26, 52] as const;
const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
const num = (v: number | null, digits = 1) => (v === null ? '–' : v.toFixed(digits));
const minutes = (v: number | null) =>
  v === null ? '–' : v >= 120 ? `${(v / 60).toFixed(1)} h` : `${v.toFixed(1)} min`;

interface Data {
  adoption: Adoption;
  value: Value;
  quality: Quality;
}

/**
 * Adoption, value and quality of the AI over time, from the daily rollups: are people using it,
 * does it reduce work against the shadow and control baseline, is it right where it acts.
 * Keyboard: g day/week, r range, f the filters, 1/2/3 jump to a section.
 */
export function MetricsPage() {
  const [weeks, setWeeks] = useState<(typeof RANGES)[number]>(8);
  const [granularity, setGranularity] = useState<Granularity>('week');
  const [cohort, setCohort] = useState('');
  const [category, setCategory] = useState('');
  const [options, setOptions] = useState<{ cohorts: AdoptionGroup[]; categories: AdoptionGroup[] }>({
    cohorts: [],
    categories: [],
  });
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const filterRef = useRef<HTMLSelectElement>(null);
  const sections = useRef<(HTMLElement | null)[]>([]);

  const to = isoDay(Date.now());
  const from = isoDay(Date.now() - (weeks * 7 - 1) * DAY_MS);

  useEffect(() => {
    const year = `from=${isoDay(Date.now() - 364 * DAY_MS)}&to=${to}`;
    void Promise.all([
      api.get<{ items: AdoptionGroup[] }>(`/api/v1/metrics/adoption/by/cohort?${year}`),
      api.get<{ items: AdoptionGroup[] }>(`/api/v1/metrics/adoption/by/category?${year}`),
    ])
      .then(([c, k]) => setOptions({ cohorts: c.items, categories: k.items }))
      .catch((err) => setError(errorMessage(err)));
  }, [to]);

  const load = useCallback(async () => {
    const q = new URLSearchParams({ from, to, granularity });
    if (cohort) q.set('cohort', cohort);
    if (category) q.set('category', category);
    try {
      const [adoption, value, quality] = await Promise.all([
        api.get<Adoption>(`/api/v1/metrics/adoption?${q}`),
        api.get<Value>(`/api/v1/metrics/value?${q}`),
        api.get<Quality>(`/api/v1/metrics/quality?${q}`),
      ]);
      setData({ adoption, value, quality });
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [from, to, granularity, cohort, category]);

  useEffect(() => {
    void load();
  }, [load]);

  const jump = (i: number) => () => sections.current[i]?.focus();
  usePageKeys(true, {
    g: () => setGranularity((g) => (g === 'week' ? 'day' : 'week')),
    r: () => setWeeks((w) => RANGES[(RANGES.indexOf(w) + 1) % RANGES.length]!),
    f: () => filterRef.current?.focus(),
    '1': jump(0),
    '2': jump(1),
    '3': jump(2),
  });

  const a = data?.adoption.total;
  const v = data?.value;
  const q = data?.quality;
  const chart = (title: string, node: ReactNode) => (
    <figure className="metrics-figure">
      <figcaption>{title}</figcaption>
      <Suspense fallback={<p className="muted">Loading the chart…</p>}>{node}</Suspense>
    </figure>
  );
  return (
    <div className="page metrics">
      <div className="page-head">
        <h1 className="page-title">Metrics</h1>
        <fieldset className="segmented" aria-label="Range (r switches)">
          {RANGES.map((w) => (
            <button
              key={w}
              type="button"
              className={`segmented-option ${weeks === w ? 'is-active' : ''}`}
              aria-pressed={weeks === w}
              onClick={() => setWeeks(w)}
            >
              {w} weeks
            </button>
          ))}
        </fieldset>
        <fieldset className="segmented" aria-label="Granularity (g switches)">
          {(['week', 'day'] as const).map((g) => (
            <button
              key={g}
              type="button"
              className={`segmented-option ${granularity === g ? 'is-active' : ''}`}
              aria-pressed={granularity === g}
              onClick={() => setGranularity(g)}
            >
              By {g}
            </button>
          ))}
        </fieldset>
        <label className="metrics-filter">
          Cohort{' '}
          <select
            ref={filterRef}
            value={cohort}
            onChange={(e) => setCohort(e.target.value)}
            data-testid="cohort-filter"
          >
            <option value="">All</option>
            {options.cohorts.map((c) => (
              <option key={c.id ?? 'default'} value={c.id ?? 'default'}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="metrics-filter">
          Category{' '}
          <select
            value={category}
            onChange={(e) => setCategory(e.target.value)}
            data-testid="category-filter"
          >
            <option value="">All</option>
            {options.categories
              .filter((c) => c.id)
              .map((c) => (
                <option key={c.id} value={c.id!}>
                  {c.name}
                </option>
              ))}
          </select>
        </label>
      </div>
      <p className="keys-help">
        <kbd>g</kbd> day/week · <kbd>r</kbd> range · <kbd>f</kbd> filters · <kbd>1</kbd>/<kbd>2</kbd>/
        <kbd>3</kbd> adoption, value, quality · {from} to {to} (UTC), from the daily rollups
      </p>
      {error && <p className="banner banner-error">{error}</p>}
      {data && a && v && q && (
        <div className="metrics-body">
          <section
            className="metrics-section"
            aria-labelledby="m-adoption"
            tabIndex={-1}
            ref={(el) => {
              sections.current[0] = el;
            }}
          >
            <h2 id="m-adoption">Adoption: are people using it?</h2>
            <div className="metrics-stats">
              <Stat
                label="Suggestions shown"
                value={String(a.shown)}
                hint="applied or suggested outside shadow"
              />
              <Stat
                label="Accepted"
                value={pct(a.acceptanceRate)}
                hint={`${a.accepted} of ${a.accepted + a.overridden} acted on within 24 h`}
              />
              <Stat
                label="Overridden"
                value={pct(a.overrideRate)}
                hint={`${a.overridden} changed by a person`}
              />
              <Stat label="Ignored" value={pct(a.ignoredRate)} hint={`${a.ignored} untouched for 24 h`} />
              <Stat label="Median time to action" value={minutes(a.medianActionMinutes)} />
              <Stat
                label="Tickets touched by the AI"
                value={pct(a.aiTouchedShare)}
                hint={`${a.aiTouched} of ${a.tickets}`}
              />
              <Stat label="People active" value={String(a.peopleActive)} />
            </div>
            {chart(
              'Suggestions shown, by what people did with them',
              <AdoptionChart adoption={data.adoption} />,
            )}
          </section>
          <section
            className="metrics-section"
            aria-labelledby="m-value"
            tabIndex={-1}
            ref={(el) => {
              sections.current[1] = el;
            }}
          >
            <h2 id="m-value">Value: does it reduce work?</h2>
            <div className="metrics-stats">
              <Stat
                label="Touches per 100 tickets"
                value={num(v.live.touchesPer100)}
                hint={`baseline ${num(v.baseline.touchesPer100)}`}
              />
              <Stat
                label="Minutes saved"
                value={num(v.minutesSaved, 0)}
                hint={`${num(v.touchesAvoided, 0)} touches avoided`}
              />
              <Stat
                label="Time to correct category"
                value={minutes(v.live.minutesToCorrect)}
                hint={`baseline ${minutes(v.baseline.minutesToCorrect)}`}
              />
              <Stat
                label="Time to first assignment"
                value={minutes(v.live.minutesToAssign)}
                hint={`baseline ${minutes(v.baseline.minutesToAssign)}`}
              />
              <Stat
                label="Re-assignment hops per ticket"
                value={num(v.live.hopsPerTicket, 2)}
                hint={`baseline ${num(v.baseline.hopsPerTicket, 2)}`}
              />
              <Stat
                label="Minutes per review item"
                value={minutes(v.review.minutesPerItem)}
                hint={`${v.review.handled} handled`}
              />
              <Stat label="Live / baseline tickets" value={`${v.live.tickets} / ${v.baseline.tickets}`} />
            </div>
            <div className="metrics-pair">
              {chart(
                'Human touches per 100 tickets: live against baseline',
                <ValueChart value={v} metric="touchesPer100" />,
              )}
              {chart(
                'Minutes to the correct category: live against baseline',
                <ValueChart value={v} metric="minutesToCorrect" />,
              )}
            </div>
            {chart(
              'Re-assignment hops per assigned ticket: live against baseline',
              <ValueChart value={v} metric="hopsPerTicket" />,
            )}
          </section>
          <section
            className="metrics-section"
            aria-labelledby="m-quality"
            tabIndex={-1}
            ref={(el) => {
              sections.current[2] = el;
            }}
          >
            <h2 id="m-quality">Quality: is it right where it acts?</h2>
            <div className="metrics-stats">
              <Stat
                label="Judged applied decisions"
                value={String(q.categories.reduce((s, c) => s + c.judged, 0))}
              />
              <Stat
                label="Calibration error (ECE)"
                value={num(q.calibration.ece, 3)}
                hint={`${q.calibration.n} labelled decisions`}
              />
            </div>
            <div className="metrics-pair">
              {chart(
                'Precision of applied decisions, most judged categories',
                <PrecisionChart quality={q} top={5} />,
              )}
              {chart('Calibration: confirmed share against confidence', <CalibrationChart quality={q} />)}
            </div>
            <ConfusionTable confusions={q.confusions} />
          </section>
        </div>
      )}
    </div>
  );
}
