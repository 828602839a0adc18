interface NumberInputProps {
  id?: string;
  testId?: string;
  min: number;
  max: number;
  step: number;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  invalid?: boolean;
  /** Ids of the help and error texts. */
  describedBy?: string;
  /** For an input without a <label>. */
  label?: string;
}

/**
 * A number field of the Policy page. The text is kept as typed (an empty field, "97,5") and read on
 * submit, where the form says what is wrong in words; min and max only guide the arrow keys.
 */
export function NumberInput(props: NumberInputProps) {
  return (
    <input
      id={props.id}
      data-testid={props.testId}
      className="policy-number"
      type="number"
      inputMode="decimal"
      min={props.min}
      max={props.max}
      step={props.step}
      disabled={props.disabled}
      aria-invalid={props.invalid ? true : undefined}
      aria-describedby={props.describedBy || undefined}
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}
