import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { Category } from '../api/types.js';
import { Toast, type ToastMessage } from '../components/toast.js';
import { useSession } from '../lib/session-context.js';
import { ModelDetailPanel } from './model-detail.js';
import { ModelTable } from './model-table.js';
import type { ModelDetail, PromotionPolicy, RegisteredModel, TrainingRun } from './models-types.js';
import { TrainingProgress } from './training-progress.js';
import { useModelKeys } from './use-model-keys.js';
import './models.css';

type Confirming =
  | { kind: 'promote'; version: number }
  | { kind: 'rollback'; from: number; to: number }
  | null;

const POLL_MS = 700;

/**
 * The model registry: every version with its status and metrics, the latest training's progress,
 * train now, the challenger's shadow evaluation, promote (approve) and roll back — both confirmed.
 */
export function ModelsPage() {
  const session = useSession();
  const canTrain = session.permissions.includes('models:train');
  const canPromote = session.permissions.includes('models:promote');
  const [models, setModels] = useState<RegisteredModel[]>([]);
  const [run, setRun] = useState<TrainingRun | null>(null);
  const [policy, setPolicy] = useState<PromotionPolicy | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [selected, setSelected] = useState<number | null>(null);
  const [detail, setDetail] = useState<ModelDetail | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [training, setTraining] = useState(false);
  // Bumped by every reload, so the open detail is fetched again after a change.
  const [revision, setRevision] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);

  const load = useCallback(async () => {
    try {
      const [list, latest, currentPolicy] = await Promise.all([
        api.get<{ items: RegisteredModel[] }>('/api/v1/models'),
        api.get<{ run: TrainingRun | null }>('/api/v1/models/training-runs/latest'),
        api.get<PromotionPolicy>('/api/v1/models/promotion-policy'),
      ]);
      setModels(list.items);
      setRun(latest.run);
      setPolicy(currentPolicy);
      setRevision((r) => r + 1);
      setSelected(
        (v) =>
          v ?? list.items.find((m) => m.status === 'challenger')?.version ?? list.items[0]?.version ?? null,
      );
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
    api
      .get<{ items: Category[] }>('/api/v1/categories')
      .then((list) => setNames(new Map(list.items.map((c) => [c.id, c.name]))))
      .catch(() => undefined);
  }, [load]);

  // Follow a running training, whoever started it (this page, the CLI, the worker's schedule).
  const running = training || run?.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => {
      api
        .get<{ run: TrainingRun | null }>('/api/v1/models/training-runs/latest')
        .then((latest) => setRun(latest.run))
        .catch(() => undefined);
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [running]);

  useEffect(() => {
    if (selected === null || revision === 0) return setDetail(null);
    let live = true;
    api
      .get<ModelDetail>(`/api/v1/models/${selected}`)
      .then((d) => live && setDetail(d))
      .catch((err) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [selected, revision]);

  const say = (text: string, tone: ToastMessage['tone'] = 'success') =>
    setToast({ id: Date.now(), text, tone });
  const dismissToast = useCallback(() => setToast(null), []);

  const train = async () => {
    if (running) return;
    setTraining(true);
    try {
      const result = await api.post<{ version: number; status: string }>('/api/v1/models/train');
      say(
        result.status === 'champion'
          ? `Model v${result.version} trained and is the champion.`
          : `Model v${result.version} trained; it shadows the champion as challenger.`,
      );
      setSelected(result.version);
    } catch (err) {
      say(errorMessage(err), 'error');
    } finally {
      setTraining(false);
      await load();
    }
  };

  const champion = models.find((m) => m.status === 'champion');
  const askPromote = (version: number) => {
    const target = models.find((m) => m.version === version);
    if (canPromote && target && target.status !== 'champion') setConfirming({ kind: 'promote', version });
  };
  const askRollback = () => {
    if (canPromote && champion?.previousChampionVersion != null)
      setConfirming({ kind: 'rollback', from: champion.version, to: champion.previousChampionVersion });
  };

  const confirm = async () => {
    if (!confirming) return;
    try {
      if (confirming.kind === 'promote') {
        const r = await api.post<{ version: number; replaced: number | null }>(
          `/api/v1/models/${confirming.version}/promote`,
        );
        say(`v${r.version} is the champion${r.replaced === null ? '' : `; v${r.replaced} retired`}.`);
      } else {
        const r = await api.post<{ restored: number; retired: number }>('/api/v1/models/rollback');
        say(`Rolled back: v${r.restored} is the champion again; v${r.retired} retired.`);
        setSelected(r.restored);
      }
    } catch (err) {
      say(errorMessage(err), 'error');
    } finally {
      setConfirming(null);
      await load();
    }
  };

  const move = (delta: number) => {
    const index = models.findIndex((m) => m.version === selected);
    const next = models[Math.min(models.length - 1, Math.max(0, index + delta))];
    if (next) setSelected(next.version);
  };
  useModelKeys({
    confirming: confirming !== null,
    onMove: move,
    onTrain: () => canTrain && void train(),
    onPromote: () => selected !== null && askPromote(selected),
    onRollback: askRollback,
    onConfirm: () => void confirm(),
    onCancel: () => setConfirming(null),
  });

  const selectedModel = models.find((m) => m.version === selected);
  return (
    <div className="page models-page">
      <div className="page-head">
        <h1 className="page-title">Models</h1>
        <span className="spacer" />
        {canTrain && (
          <button type="button" className="btn btn-primary" onClick={() => void train()} disabled={running}>
            {running ? 'Training…' : 'Train now'} <kbd>t</kbd>
          </button>
        )}
      </div>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <TrainingProgress run={run} />
      {policy && (
        <p className="muted small" data-testid="promotion-policy">
          A challenger is promoted {policy.mode === 'auto' ? 'automatically' : "after an owner's approval"}{' '}
          when it is at least as accurate as the champion on {policy.minSample}+ labelled live tickets and no
          category with {policy.minCategorySample}+ tickets is more than{' '}
          {(policy.categoryTolerance * 100).toFixed(0)} points worse.
        </p>
      )}
      {confirming && (
        <div
          className="banner banner-info model-confirm"
          role="alertdialog"
          aria-label="Confirm"
          data-testid="confirm"
        >
          <span>
            {confirming.kind === 'promote'
              ? `Make v${confirming.version} the champion${champion ? ` and retire v${champion.version}` : ''}?`
              : `Roll back: retire v${confirming.from} and restore v${confirming.to} as champion?`}
          </span>
          <button type="button" className="btn btn-primary btn-small" onClick={() => void confirm()}>
            Confirm <kbd>Enter</kbd>
          </button>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirming(null)}>
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
      )}
      <div className="models-actions">
        {canPromote && selectedModel && selectedModel.status !== 'champion' && (
          <button type="button" className="btn btn-small" onClick={() => askPromote(selectedModel.version)}>
            {selectedModel.status === 'challenger' && selectedModel.gate?.verdict === 'pass'
              ? 'Approve'
              : 'Promote'}{' '}
            v{selectedModel.version} <kbd>p</kbd>
          </button>
        )}
        {canPromote && champion?.previousChampionVersion != null && (
          <button type="button" className="btn btn-small" onClick={askRollback}>
            Roll back to v{champion.previousChampionVersion} <kbd>r</kbd>
          </button>
        )}
        <span className="muted small">j/k select · t train · p promote · r roll back</span>
      </div>
      {models.length === 0 ? (
        <p className="empty">No model yet: train one from the labelled history.</p>
      ) : (
        <ModelTable models={models} selectedVersion={selected} onSelect={setSelected} />
      )}
      {detail && <ModelDetailPanel model={detail} categoryName={(id) => names.get(id) ?? id} />}
      <Toast toast={toast} onDismiss={dismissToast} />
    </div>
  );
}
