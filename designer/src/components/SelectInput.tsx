import { useId } from 'react';

export type Props = { label: string; value: string; options: readonly { value: string; label: string }[]; onChange: (value: string) => void; testId?: string };

/** A labelled drop-down. */
export function SelectInput({ label, value, options, onChange, testId }: Props) {
  const id = useId();
  return (
    <div className="row">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} data-testid={testId} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
