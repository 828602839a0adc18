import { useEffect, useRef, useState } from 'react';

interface NoteFormProps {
  /** The field's data-testid (tests and journeys find it by this). */
  testId: string;
  className: string;
  label: string;
  placeholder: string;
  /** A required note keeps the button disabled until something is typed. */
  required: boolean;
  submitLabel: string;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (note: string | null) => void;
}

/** A one-line note that closes something (an escalation, a drift alert): Enter submits, Esc cancels. */
export function NoteForm(props: NoteFormProps) {
  const [note, setNote] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const text = note.trim();
  return (
    <form
      className={props.className}
      onSubmit={(event) => {
        event.preventDefault();
        if (text || !props.required) props.onSubmit(text || null);
      }}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          props.onCancel();
        }
      }}
    >
      <input
        ref={input}
        data-testid={props.testId}
        className="picker-input"
        aria-label={props.label}
        placeholder={props.placeholder}
        maxLength={2000}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <button
        type="submit"
        className="btn btn-primary btn-small"
        disabled={props.busy || (props.required && !text)}
      >
        {props.submitLabel}
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}
