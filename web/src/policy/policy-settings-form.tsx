import { type FormEvent, useEffect, useId, useState } from 'react';
import { ApiError, api } from '../api/client.js';
import { percent } from '../lib/format.js';
import { NumberInput } from './number-input.js';
import { deniedMessage, fieldErrorsOf } from './policy-errors.js';
import { parseBounded, percent1, percentInputValue } from './policy-format.js';
import type { DecisionPolicy } from './policy-types.js';

interface PolicySettingsFormProps {
  policy: DecisionPolicy;
  canEdit: boolean;
  onSaved: (policy: DecisionPolicy) => void;
  /** The server said 403: the page turns read-only. */
  onDenied: () => void;
}

type Field = 'targetPrecision' | 'suggestThreshold' | 'outOfScopeCutoff';

/** The two settings typed as percentages: the bounds the server takes, as percent. */
const percentFields = {
  targetPrecision: { testId: 'target-precision', range: { min: 50, max: 100, step: 0.1 } },
  suggestThreshold: { testId: 'suggest-threshold', range: { min: 0, max: 100, step: 1 } },
} as const;

interface Draft {
  targetPrecision: string;
  suggestThreshold: string;
  cutoffMode: 'model' | 'custom';
  cutoff: string;
}

const draftOf = (policy: DecisionPolicy): Draft => ({
  targetPrecision: percentInputValue(policy.targetPrecision),
  suggestThreshold: percentInputValue(policy.suggestThreshold),
  cutoffMode: policy.outOfScopeCutoff == null ? 'model' : 'custom',
  cutoff: policy.outOfScopeCutoff == null ? '0.5' : String(Math.round(policy.outOfScopeCutoff * 100) / 100),
});

/** What the draft asks for, or, per field, why it cannot be sent. */
function readDraft(draft: Draft): { changes: DecisionPolicy } | { errors: Partial<Record<Field, string>> } {
  const errors: Partial<Record<Field, string>> = {};
  const percentOf = (field: keyof typeof percentFields) => {
    const { min, max } = percentFields[field].range;
    const value = parseBounded(draft[field], min, max, 'percent');
    if (value == null) errors[field] = `Enter a percentage from ${min} to ${max}.`;
    return value;
  };
  const targetPrecision = percentOf('targetPrecision');
  const suggestThreshold = percentOf('suggestThreshold');
  const outOfScopeCutoff = draft.cutoffMode === 'custom' ? parseBounded(draft.cutoff, 0, 1) : null;
  if (draft.cutoffMode === 'custom' && outOfScopeCutoff == null)
    errors.outOfScopeCutoff = 'Enter a score from 0 to 1, or choose the model default.';
  if (Object.keys(errors).length > 0 || targetPrecision == null || suggestThreshold == null)
    return { errors };
  return { changes: { targetPrecision, suggestThreshold, outOfScopeCutoff } };
}

/** The workspace's decision policy: target precision, suggest threshold, out-of-scope cut-off. */
export function PolicySettingsForm({ policy, canEdit, onSaved, onDenied }: PolicySettingsFormProps) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(policy));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => setDraft(draftOf(policy)), [policy]);

  const set = (changes: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...changes }));
    setSaved(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const read = readDraft(draft);
    setFormError(null);
    setSaved(null);
    if ('errors' in read) {
      setErrors(read.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const after = await api.patch<DecisionPolicy>('/api/v1/decision-policy', read.changes);
      onSaved(after);
      setSaved(
        `Saved. New tickets are decided at ${percent1(after.targetPrecision)} target precision, suggestions from ${percent(after.suggestThreshold)} confidence, ${
          after.outOfScopeCutoff == null
            ? "the model's out-of-scope cut-off"
            : `out-of-scope cut-off ${after.outOfScopeCutoff.toFixed(2)}`
        }.`,
      );
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) {
        setFormError(deniedMessage('change the decision policy'));
        onDenied();
        return;
      }
      const byField = fieldErrorsOf(err, ['targetPrecision', 'suggestThreshold', 'outOfScopeCutoff']);
      setErrors(byField.fields);
      setFormError(byField.rest);
    } finally {
      setSaving(false);
    }
  };

  const fieldError = (field: Field) =>
    errors[field] ? (
      <span className="policy-field-error" id={`${id}-${field}-error`} data-testid={`${field}-error`}>
        {errors[field]}
      </span>
    ) : null;

  const percentField = (field: 'targetPrecision' | 'suggestThreshold', label: string, help: string) => (
    <div className="policy-field">
      <label className="field-label" htmlFor={`${id}-${field}`}>
        {label}
      </label>
      <div className="policy-input-row">
        <NumberInput
          id={`${id}-${field}`}
          testId={percentFields[field].testId}
          {...percentFields[field].range}
          disabled={!canEdit}
          invalid={Boolean(errors[field])}
          describedBy={`${errors[field] ? `${id}-${field}-error ` : ''}${id}-${field}-help`}
          value={draft[field]}
          onChange={(value) => set({ [field]: value })}
        />
        <span aria-hidden="true">%</span>
      </div>
      <span className="muted small" id={`${id}-${field}-help`}>
        {help}
      </span>
      {fieldError(field)}
    </div>
  );

  return (
    <form
      className="policy-settings"
      noValidate
      onSubmit={(e) => void submit(e)}
      data-testid="policy-settings"
    >
      {percentField(
        'targetPrecision',
        'Target precision',
        "How often a category the AI applies on its own must be right. Each category's threshold is fitted to it: higher means fewer tickets applied automatically and more for people.",
      )}
      {percentField(
        'suggestThreshold',
        'Suggest threshold',
        'Below this confidence the AI suggests nothing and a person decides from scratch.',
      )}

      <fieldset className="policy-field policy-fieldset" aria-describedby={`${id}-cutoff-help`}>
        <legend className="field-label">Out-of-scope cut-off</legend>
        <label className="policy-radio">
          <input
            type="radio"
            name={`${id}-cutoff-mode`}
            data-testid="cutoff-model"
            disabled={!canEdit}
            checked={draft.cutoffMode === 'model'}
            onChange={() => set({ cutoffMode: 'model' })}
          />
          Model default
        </label>
        <label className="policy-radio">
          <input
            type="radio"
            name={`${id}-cutoff-mode`}
            data-testid="cutoff-custom"
            disabled={!canEdit}
            checked={draft.cutoffMode === 'custom'}
            onChange={() => set({ cutoffMode: 'custom' })}
          />
          Custom score
          <NumberInput
            testId="cutoff-value"
            min={0}
            max={1}
            step={0.01}
            label="Out-of-scope cut-off score, 0 to 1"
            invalid={Boolean(errors.outOfScopeCutoff)}
            describedBy={errors.outOfScopeCutoff ? `${id}-outOfScopeCutoff-error` : undefined}
            disabled={!canEdit || draft.cutoffMode !== 'custom'}
            value={draft.cutoff}
            onChange={(value) => set({ cutoff: value })}
          />
        </label>
        <span className="muted small" id={`${id}-cutoff-help`}>
          A ticket whose out-of-scope score reaches the cut-off goes to review as "out of scope". The model
          fits its own cut-off on the workspace's history; set one only to overrule it.
        </span>
        {fieldError('outOfScopeCutoff')}
      </fieldset>

      {formError && (
        <p className="form-error" role="alert" data-testid="policy-form-error">
          {formError}
        </p>
      )}
      {canEdit && (
        <div className="policy-actions">
          <button type="submit" className="btn btn-primary" data-testid="policy-save" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <span className="policy-saved" role="status" data-testid="policy-saved">
            {saved}
          </span>
        </div>
      )}
    </form>
  );
}
