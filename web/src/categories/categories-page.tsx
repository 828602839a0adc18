import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { Toast, type ToastMessage } from '../components/toast.js';
import { formatDateTime } from '../lib/format.js';
import { useSession } from '../lib/session-context.js';
import { ChangeForm, type FormKind } from './change-form.js';
import { changeSentence, effectSentence } from './change-sentences.js';
import type { Taxonomy, TaxonomyChange } from './taxonomy-types.js';
import './categories.css';

const autonomyLabel = { auto: 'Auto', suggest: 'Suggest', human_only: 'Humans only' } as const;
const keyToKind: Record<string, FormKind> = { r: 'rename', m: 'merge', s: 'split', x: 'retire' };

let toastSeq = 0;

/**
 * The team's categories and how they changed: owner, autonomy and labelled tickets per category;
 * rename, merge, split or retire one (preview, then confirm); the numbered change history. Keys:
 * j/k to move, r rename, m merge, s split, x retire, Esc to cancel.
 */
export function CategoriesPage() {
  const session = useSession();
  const canEdit = session.permissions.includes('categories:write');
  const [taxonomy, setTaxonomy] = useState<Taxonomy | null>(null);
  const [changes, setChanges] = useState<TaxonomyChange[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [form, setForm] = useState<FormKind | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);

  const load = useCallback(async () => {
    try {
      const [next, history] = await Promise.all([
        api.get<Taxonomy>('/api/v1/taxonomy'),
        api.get<{ items: TaxonomyChange[] }>('/api/v1/taxonomy/changes'),
      ]);
      setTaxonomy(next);
      setChanges(history.items);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const live = useMemo(() => taxonomy?.categories.filter((c) => c.status === 'live') ?? [], [taxonomy]);
  const retired = useMemo(() => taxonomy?.categories.filter((c) => c.status !== 'live') ?? [], [taxonomy]);
  const byId = useMemo(() => new Map(taxonomy?.categories.map((c) => [c.id, c]) ?? []), [taxonomy]);
  const nameOf = (id: string) => byId.get(id)?.displayName ?? id;
  const selected = live.find((c) => c.id === selectedId) ?? live[0];

  useEffect(() => {
    if (form) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || target.closest('input, select, textarea')) return;
      const index = live.findIndex((c) => c.id === selected?.id);
      if (e.key === 'j' || e.key === 'ArrowDown')
        setSelectedId(live[Math.min(live.length - 1, index + 1)]?.id ?? null);
      else if (e.key === 'k' || e.key === 'ArrowUp') setSelectedId(live[Math.max(0, index - 1)]?.id ?? null);
      else if (canEdit && selected && keyToKind[e.key]) setForm(keyToKind[e.key]!);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [form, live, selected, canEdit]);

  const applied = async (change: TaxonomyChange) => {
    setForm(null);
    toastSeq += 1;
    setToast({
      id: toastSeq,
      text: `Taxonomy v${change.version}: ${effectSentence(change.effect)}`,
      tone: 'success',
    });
    await load();
  };

  if (error) return <p className="banner banner-error">{error}</p>;
  if (!taxonomy) return <p className="muted">Loading categories…</p>;

  return (
    <div className="page categories-page">
      <div className="page-head">
        <h1 className="page-title">Categories</h1>
        <span className="muted" data-testid="taxonomy-version">
          Taxonomy v{taxonomy.version}
        </span>
      </div>
      {taxonomy.champion?.retrainDue && (
        <p className="banner banner-info" data-testid="retrain-due">
          Model v{taxonomy.champion.version} was trained on taxonomy v{taxonomy.champion.taxonomyVersion}:
          until it is retrained, merged categories are read as the one they went into and split or retired
          ones are never proposed. A retrain is due.
        </p>
      )}
      <div className="categories-layout">
        <section aria-labelledby="live-title">
          <h2 id="live-title" className="section-title">
            Live categories{' '}
            {canEdit && (
              <span className="muted small">j/k move · r rename · m merge · s split · x retire</span>
            )}
          </h2>
          <table className="table" data-testid="categories-table">
            <thead>
              <tr>
                <th>Category</th>
                <th>Owner</th>
                <th>Autonomy</th>
                <th className="num">Labelled tickets</th>
                {canEdit && <th>Change</th>}
              </tr>
            </thead>
            <tbody>
              {live.map((c) => (
                <tr
                  key={c.id}
                  data-testid="category-row"
                  data-name={c.name}
                  aria-selected={c.id === selected?.id}
                  className={c.id === selected?.id ? 'is-selected' : undefined}
                  onClick={() => setSelectedId(c.id)}
                >
                  <td>{c.displayName}</td>
                  <td>{c.ownerName ?? <span className="muted">no owner</span>}</td>
                  <td>{autonomyLabel[c.autonomy]}</td>
                  <td className="num">{c.labelledTickets}</td>
                  {canEdit && (
                    <td className="category-actions">
                      {(['rename', 'merge', 'split', 'retire'] as const).map((kind) => (
                        <button
                          key={kind}
                          type="button"
                          className="btn btn-ghost btn-small"
                          data-testid={`${kind}-${c.key}`}
                          onClick={(e) => {
                            e.stopPropagation();
                            setSelectedId(c.id);
                            setForm(kind);
                          }}
                        >
                          {kind[0]!.toUpperCase() + kind.slice(1)}
                        </button>
                      ))}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {retired.length > 0 && (
            <>
              <h2 className="section-title">Retired</h2>
              <ul className="retired-list" data-testid="retired-categories">
                {retired.map((c) => (
                  <li key={c.id}>{c.displayName}</li>
                ))}
              </ul>
            </>
          )}
        </section>
        <aside className="categories-side">
          {form && selected && (
            <ChangeForm
              key={`${form}-${selected.id}`}
              kind={form}
              category={selected}
              live={live}
              onApplied={(change) => void applied(change)}
              onCancel={() => setForm(null)}
            />
          )}
          <section className="card" aria-labelledby="history-title">
            <h2 id="history-title" className="section-title">
              Change history
            </h2>
            {changes.length === 0 ? (
              <p className="muted small">No changes yet.</p>
            ) : (
              <ol className="timeline" data-testid="taxonomy-history">
                {changes.map((change) => (
                  <li key={change.id} className="timeline-item actor-user">
                    <span className="timeline-dot" aria-hidden="true" />
                    <div className="timeline-body">
                      <p className="timeline-text">
                        <strong>v{change.version}</strong> {changeSentence(change, nameOf)}
                      </p>
                      <p className="timeline-meta">
                        {effectSentence(change.effect)}
                        {change.note && <> · “{change.note}”</>}
                      </p>
                      <p className="timeline-meta">
                        <time dateTime={change.createdAt}>{formatDateTime(change.createdAt)}</time> ·{' '}
                        {change.actorName}
                      </p>
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </aside>
      </div>
      <Toast toast={toast} onDismiss={() => setToast(null)} />
    </div>
  );
}
