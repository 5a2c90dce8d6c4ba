export type Props<T extends string> = {
  name: string;
  legend: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
};

/** One of a few choices, as radio buttons in a fieldset (the arrow keys move between them). */
export function RadioGroup<T extends string>({ name, legend, options, value, onChange }: Props<T>) {
  return (
    <fieldset className="radio-group" data-testid={name}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="check">
          <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
