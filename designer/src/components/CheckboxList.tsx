export type Props = {
  legend: string;
  options: readonly { value: string; label: string }[];
  value: readonly string[] | undefined;
  onChange: (value: string[] | undefined) => void;
  testId?: string;
};

/** Pick several of a few options (roles, required fields); an empty pick is `undefined`, as the definition omits it. */
export function CheckboxList({ legend, options, value = [], onChange, testId }: Props) {
  return (
    <fieldset className="checkbox-list" data-testid={testId}>
      <legend>{legend}</legend>
      {options.length === 0 ? <small>—</small> : null}
      {options.map((option) => (
        <label key={option.value} className="check">
          <input
            type="checkbox"
            checked={value.includes(option.value)}
            onChange={(event) => {
              const next = event.target.checked ? [...value, option.value] : value.filter((v) => v !== option.value);
              onChange(next.length === 0 ? undefined : next);
            }}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
