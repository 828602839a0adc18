import { type FormEvent, type Ref, useImperativeHandle, useRef, useState } from 'react';
import type { Category } from '../api/types.js';
import type { Dispute } from './dispute-types.js';

export interface RulingFormHandle {
  /** Focuses the ruling's category; 'uphold' or 'overturn' (to the proposal) chooses it first. */
  focus: (choice?: 'uphold' | 'overturn') => void;
  submit: () => void;
}

interface RulingFormProps {
  dispute: Dispute;
  categories: Category[];
  busy: boolean;
  onRule: (categoryId: string, note: string) => void;
  ref?: Ref<RulingFormHandle>;
}

/**
 * The owner's ruling: a category (the disputed one upholds, any other overturns) and an
 * optional note for both parties. The proposal, when there is one, is preselected; Enter rules.
 */
export function RulingForm({ dispute, categories, busy, onRule, ref }: RulingFormProps) {
  const disputed = dispute.disputed.category;
  const proposed = dispute.proposedCategory;
  const [categoryId, setCategoryId] = useState(proposed?.id ?? disputed.id);
  const [note, setNote] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const selectRef = useRef<HTMLSelectElement>(null);

  useImperativeHandle(
    ref,
    () => ({
      focus: (choice) => {
        if (choice === 'uphold') setCategoryId(disputed.id);
        if (choice === 'overturn' && proposed) setCategoryId(proposed.id);
        selectRef.current?.focus();
      },
      submit: () => formRef.current?.requestSubmit(),
    }),
    [disputed.id, proposed],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) onRule(categoryId, note);
  };
  const others = categories.filter((c) => c.id !== disputed.id && c.id !== proposed?.id);

  return (
    <form ref={formRef} className="ruling-form" onSubmit={submit} data-testid="ruling-form" aria-label="Rule">
      <label className="field">
        <span className="field-label">Ruling</span>
        <select
          ref={selectRef}
          data-testid="ruling-category"
          value={categoryId}
          disabled={busy}
          onChange={(e) => setCategoryId(e.target.value)}
          onKeyDown={(e) => {
            // Enter rules rather than opening the list; letters and arrows still choose.
            if (e.key === 'Enter') {
              e.preventDefault();
              formRef.current?.requestSubmit();
            }
          }}
        >
          <option value={disputed.id}>Uphold: {disputed.name}</option>
          {proposed && <option value={proposed.id}>Overturn to {proposed.name} (proposed)</option>}
          <optgroup label="Overturn to another category">
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label className="field">
        <span className="field-label">Note for both parties (optional)</span>
        <input
          data-testid="ruling-note"
          type="text"
          maxLength={2_000}
          value={note}
          disabled={busy}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy} data-testid="ruling-submit">
        {categoryId === disputed.id ? 'Uphold' : 'Overturn'} <kbd>Enter</kbd>
      </button>
    </form>
  );
}
