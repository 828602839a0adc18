import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { effectSentence } from './change-sentences.js';
import type { CategoryOverview, ChangeRequest, TaxonomyChange } from './taxonomy-types.js';

export type FormKind = 'rename' | 'merge' | 'split' | 'retire';

interface ChangeFormProps {
  kind: FormKind;
  category: CategoryOverview;
  live: CategoryOverview[];
  onApplied: (change: TaxonomyChange) => void;
  onCancel: () => void;
}

const NEW = '__new__';

const titles: Record<FormKind, string> = {
  rename: 'Rename',
  merge: 'Merge',
  split: 'Split',
  retire: 'Retire',
};

/**
 * One taxonomy change for one category: its fields, then a preview of what it would move
 * (computed by the server doing the change and rolling it back), then the confirmation.
 * Any edit after the preview asks for a new preview.
 */
export function ChangeForm({ kind, category, live, onApplied, onCancel }: ChangeFormProps) {
  const others = live.filter((c) => c.id !== category.id);
  const [name, setName] = useState(category.name);
  const [into, setInto] = useState<string>(others[0]?.id ?? NEW);
  const [newName, setNewName] = useState('');
  const [targets, setTargets] = useState<string[]>(['', '']);
  const [sampleSize, setSampleSize] = useState('');
  const [note, setNote] = useState('');
  const [preview, setPreview] = useState<TaxonomyChange | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement & HTMLSelectElement>(null);

  useEffect(() => first.current?.focus(), []);

  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPreview(null);
    };

  const request = (): ChangeRequest => {
    const withNote = note.trim() ? { note: note.trim() } : {};
    switch (kind) {
      case 'rename':
        return { kind, categoryId: category.id, name: name.trim(), ...withNote };
      case 'merge':
        return {
          kind,
          sources: [category.id],
          into: into === NEW ? { name: newName.trim() } : { categoryId: into },
          ...withNote,
        };
      case 'split':
        return {
          kind,
          source: category.id,
          targets: targets.filter((t) => t.trim()).map((t) => ({ name: t.trim() })),
          ...(sampleSize.trim() ? { sampleSize: Number(sampleSize) } : {}),
          ...withNote,
        };
      case 'retire':
        return { kind, categoryId: category.id, ...withNote };
    }
  };

  const send = async (path: string) => {
    setBusy(true);
    setError(null);
    try {
      return await api.post<TaxonomyChange>(path, request());
    } catch (err) {
      setError(errorMessage(err));
      return null;
    } finally {
      setBusy(false);
    }
  };

  const onPreview = async () => setPreview(await send('/api/v1/taxonomy/changes/preview'));
  const onApply = async () => {
    const applied = await send('/api/v1/taxonomy/changes');
    if (applied) onApplied(applied);
  };

  return (
    <section
      className="card taxonomy-form"
      aria-labelledby="change-title"
      data-testid="change-form"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h2 id="change-title" className="section-title">
        {titles[kind]} “{category.name}”
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void (preview ? onApply() : onPreview());
        }}
      >
        {kind === 'rename' && (
          <label className="field">
            <span className="field-label">New name (the id and history stay)</span>
            <input
              ref={first}
              data-testid="rename-name"
              value={name}
              onChange={(e) => edited(setName)(e.target.value)}
            />
          </label>
        )}
        {kind === 'merge' && (
          <>
            <label className="field">
              <span className="field-label">Merge into</span>
              <select
                ref={first}
                data-testid="merge-into"
                value={into}
                onChange={(e) => edited(setInto)(e.target.value)}
              >
                {others.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
                <option value={NEW}>A new category…</option>
              </select>
            </label>
            {into === NEW && (
              <label className="field">
                <span className="field-label">Name of the new category</span>
                <input
                  data-testid="merge-new-name"
                  value={newName}
                  onChange={(e) => edited(setNewName)(e.target.value)}
                />
              </label>
            )}
          </>
        )}
        {kind === 'split' && (
          <>
            {targets.map((target, i) => (
              <label className="field" key={`target-${i.toString()}`}>
                <span className="field-label">New category {i + 1}</span>
                <input
                  ref={i === 0 ? first : undefined}
                  data-testid={`split-target-${i}`}
                  value={target}
                  onChange={(e) => edited(setTargets)(targets.map((t, j) => (j === i ? e.target.value : t)))}
                />
              </label>
            ))}
            <button
              type="button"
              className="btn btn-ghost btn-small"
              onClick={() => edited(setTargets)([...targets, ''])}
            >
              Add another category
            </button>
            <label className="field">
              <span className="field-label">Tickets reviewers relabel (blank: the workspace default)</span>
              <input
                data-testid="split-sample"
                inputMode="numeric"
                value={sampleSize}
                onChange={(e) => edited(setSampleSize)(e.target.value)}
              />
            </label>
          </>
        )}
        {kind === 'retire' && (
          <p className="muted small">
            Its tickets keep their history; those labelled with it leave training until someone relabels them.
          </p>
        )}
        <label className="field">
          <span className="field-label">Note (why)</span>
          <input data-testid="change-note" value={note} onChange={(e) => edited(setNote)(e.target.value)} />
        </label>
        {preview && (
          <p className="banner banner-info" data-testid="change-preview">
            {effectSentence(preview.effect)} This becomes taxonomy version {preview.version}.
          </p>
        )}
        {error && (
          <p className="form-error" role="alert" data-testid="change-error">
            {error}
          </p>
        )}
        <div className="decide-actions">
          {preview ? (
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="change-apply">
              Apply {titles[kind].toLowerCase()}
            </button>
          ) : (
            <button
              type="submit"
              className="btn btn-primary"
              disabled={busy}
              data-testid="change-preview-button"
            >
              Preview
            </button>
          )}
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            Cancel (Esc)
          </button>
        </div>
      </form>
    </section>
  );
}
