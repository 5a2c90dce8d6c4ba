import { useId } from 'react';

export type Props = {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  testId?: string;
};

/** A labelled number box; empty means "not set". A number typed beyond `min` or `max` is held at the bound as it is typed. */
export function NumberInput({ label, value, onChange, min, max, step = 1, testId }: Props) {
  const id = useId();
  return (
    <div className="row">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        data-testid={testId}
        value={value ?? ''}
        min={min}
        max={max}
        step={step}
        onChange={(event) => onChange(event.target.value === '' ? undefined : bounded({ value: Number(event.target.value), min, max }))}
      />
    </div>
  );
}

function bounded({ value, min, max }: { value: number; min: number | undefined; max: number | undefined }): number {
  if (max !== undefined && value > max) return max;
  if (min !== undefined && value < min) return min;
  return value;
}
