interface KeysHelpProps {
  selected: number;
  secondReview: boolean;
}

/** The keys, on screen: the queue is meant to be worked without a mouse. */
export function KeysHelp({ selected, secondReview }: KeysHelpProps) {
  if (selected > 0) {
    return (
      <p className="keys-help" data-testid="keys-help">
        <strong>{selected} selected</strong> · <kbd>/</kbd> choose one category for all · <kbd>x</kbd> add or
        remove · <kbd>Esc</kbd> clear selection
      </p>
    );
  }
  return (
    <p className="keys-help" data-testid="keys-help">
      <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> accept · <kbd>/</kbd> or type to correct ·{' '}
      <kbd>n</kbd> none fits · <kbd>m</kbd> claim/release
      {secondReview ? (
        ''
      ) : (
        <>
          {' '}
          · <kbd>x</kbd> select for bulk
        </>
      )}{' '}
      · <kbd>[</kbd> <kbd>]</kbd> queue · <kbd>f</kbd> filter · <kbd>Esc</kbd> cancel
    </p>
  );
}
