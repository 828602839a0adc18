import { type Ref, useImperativeHandle, useRef, useState } from 'react';

export interface NoneFitsHandle {
  open: () => void;
}

interface NoneFitsFormProps {
  disabled: boolean;
  onSubmit: (suggestedCategory: string) => void;
  /** Escape: the form closes and gives focus back. */
  onCancel: () => void;
  ref?: Ref<NoneFitsHandle>;
}

/** "None fits": the reviewer names the category that is missing; Enter sends, Escape cancels. */
export function NoneFitsForm({ disabled, onSubmit, onCancel, ref }: NoneFitsFormProps) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  useImperativeHandle(
    ref,
    () => ({
      open: () => {
        setOpen(true);
        // The input exists only once open; focus after React rendered it.
        requestAnimationFrame(() => inputRef.current?.focus());
      },
    }),
    [],
  );

  const close = () => {
    setOpen(false);
    setName('');
  };

  if (!open) {
    return (
      <button type="button" className="btn" disabled={disabled} onClick={() => setOpen(true)}>
        None fits <kbd>n</kbd>
      </button>
    );
  }
  return (
    <form
      className="none-fits"
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim() || disabled) return;
        onSubmit(name.trim());
        close();
      }}
    >
      <input
        ref={inputRef}
        data-testid="none-fits-input"
        className="picker-input"
        type="text"
        aria-label="None fits: the new category you propose (Enter sends, Esc cancels)"
        placeholder="Propose a new category…"
        maxLength={120}
        autoComplete="off"
        value={name}
        disabled={disabled}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            close();
            onCancel();
          }
        }}
      />
    </form>
  );
}
