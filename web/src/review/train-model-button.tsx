import { useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { TrainResult } from '../api/types.js';
import { formatCount } from '../lib/format.js';

interface TrainModelButtonProps {
  onTrained: (result: TrainResult) => void;
}

export function TrainModelButton({ onTrained }: TrainModelButtonProps) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TrainResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const train = async () => {
    setBusy(true);
    setError(null);
    try {
      const trained = await api.post<TrainResult>('/api/v1/models/train');
      setResult(trained);
      onTrained(trained);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="train">
      {error && (
        <span className="train-result train-error" role="alert">
          {error}
        </span>
      )}
      {result && !error && (
        <span className="train-result" data-testid="train-result">
          Model v{result.version} · {formatCount(result.exampleCount)} examples ·{' '}
          {result.trainSeconds.toFixed(1)} s
          {result.status === 'challenger' ? ' · challenger: shadows the champion until the gate decides' : ''}
        </span>
      )}
      <button type="button" className="btn btn-small" onClick={() => void train()} disabled={busy}>
        {busy ? 'Training…' : 'Train model'}
      </button>
    </div>
  );
}
