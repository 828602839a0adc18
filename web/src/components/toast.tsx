import { useEffect } from 'react';

export interface ToastMessage {
  /** A new id restarts the timer even when the text repeats. */
  id: number;
  text: string;
  tone: 'success' | 'error' | 'info';
}

interface ToastProps {
  toast: ToastMessage | null;
  onDismiss: () => void;
}

export function Toast({ toast, onDismiss }: ToastProps) {
  useEffect(() => {
    if (!toast) return;
    const timer = window.setTimeout(onDismiss, toast.tone === 'error' ? 8_000 : 4_500);
    return () => window.clearTimeout(timer);
  }, [toast, onDismiss]);

  return (
    <div className="toast-region" aria-live="polite" role="status">
      {toast && (
        <div key={toast.id} data-testid="toast" className={`toast toast-${toast.tone}`}>
          <span>{toast.text}</span>
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
