export type Props<T extends string> = {
  legend: string;
  /** The radio group's name (one per form). */
  name: string;
  options: readonly T[];
  value: T;
  label: (option: T) => string;
  onChange: (option: T) => void;
};

/** One of a few options as touch-sized radio buttons under a legend. */
export function RadioChoice<T extends string>({ legend, name, options, value, label, onChange }: Props<T>) {
  return (
    <fieldset className="record-choice">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option}>
          <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
          {label(option)}
        </label>
      ))}
    </fieldset>
  );
}
