import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { ReviewAgreement } from '../api/types.js';
import { formatCount, percent } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { useSession } from '../lib/session-context.js';

const kappa = (k: number | null) => (k == null ? '—' : k.toFixed(2));

/** Reading guide for κ, after Landis and Koch: coarse on purpose. */
function kappaWord(k: number | null): string {
  if (k == null) return 'not defined yet';
  if (k < 0.2) return 'poor';
  if (k < 0.4) return 'fair';
  if (k < 0.6) return 'moderate';
  if (k < 0.8) return 'substantial';
  return 'almost perfect';
}

/** How consistently first and second reviewers categorise the same tickets, per category. */
export function AgreementPage() {
  const session = useSession();
  const [report, setReport] = useState<ReviewAgreement | null>(null);
  const [share, setShare] = useState<number | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const canEdit = session.permissions.includes('queues:write');

  const load = useCallback(async () => {
    try {
      const [agreement, settings] = await Promise.all([
        api.get<ReviewAgreement>('/api/v1/review/agreement'),
        api.get<{ secondReviewShare: number }>('/api/v1/review/settings'),
      ]);
      setReport(agreement);
      setShare(settings.secondReviewShare);
      setDraft(String(Math.round(settings.secondReviewShare * 1000) / 10));
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const saveShare = async () => {
    const value = Number(draft) / 100;
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      setError('The share is a percentage from 0 to 100.');
      return;
    }
    try {
      const settings = await api.patch<{ secondReviewShare: number }>('/api/v1/review/settings', {
        secondReviewShare: value,
      });
      setShare(settings.secondReviewShare);
      setSaved(`Saved: ${percent(settings.secondReviewShare)} of resolved items get a second review.`);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <Link to="/review" className="btn btn-ghost btn-small">
          ← Review
        </Link>
        <h1 className="page-title">Reviewer agreement</h1>
      </div>
      <div className="page-narrow agreement">
        {error && (
          <p className="banner banner-error" role="alert">
            {error}
          </p>
        )}
        <p className="muted">
          A share of resolved items goes, blind, to a second reviewer. Cohen's κ compares the two answers: 1
          is perfect agreement, 0 what chance would give, below 0 worse than chance. A low κ for a category
          usually means its description or examples need work.
        </p>
        <div className="agreement-share">
          <span className="label">Second-review share</span>
          {canEdit ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void saveShare();
              }}
            >
              <input
                data-testid="share-input"
                className="picker-input share-input"
                type="number"
                min={0}
                max={100}
                step={0.5}
                aria-label="Second-review share in percent"
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
              />{' '}
              %{' '}
              <button type="submit" className="btn btn-small">
                Save
              </button>
            </form>
          ) : (
            <span>{share == null ? '…' : percent(share)}</span>
          )}
          {saved && <span className="muted small">{saved}</span>}
        </div>
        {report && (
          <>
            <p data-testid="agreement-overall">
              <strong>{formatCount(report.pairs)}</strong> pairs · observed agreement{' '}
              <strong>{percent(report.observed)}</strong> · κ <strong>{kappa(report.kappa)}</strong> (
              {kappaWord(report.kappa)})
            </p>
            {report.categories.length === 0 ? (
              <p className="muted">No second review has been answered yet.</p>
            ) : (
              <table className="table" data-testid="agreement-table">
                <thead>
                  <tr>
                    <th scope="col">Category</th>
                    <th scope="col" className="num">
                      Pairs with it
                    </th>
                    <th scope="col" className="num">
                      Both chose it
                    </th>
                    <th scope="col" className="num">
                      κ
                    </th>
                    <th scope="col">Reading</th>
                  </tr>
                </thead>
                <tbody>
                  {report.categories.map((c) => (
                    <tr key={c.categoryId ?? 'none-fits'}>
                      <th scope="row">{c.name}</th>
                      <td className="num">{formatCount(c.involved)}</td>
                      <td className="num">{formatCount(c.agreed)}</td>
                      <td className="num">{kappa(c.kappa)}</td>
                      <td className="muted">{kappaWord(c.kappa)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </div>
    </div>
  );
}
