export type Props = { label: string; checked: boolean; onChange: (checked: boolean) => void; testId?: string };

/** One labelled checkbox: a part of the definition switched on or off. */
export function CheckboxInput({ label, checked, onChange, testId }: Props) {
  return (
    <label className="check">
      <input type="checkbox" data-testid={testId} checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  );
}
