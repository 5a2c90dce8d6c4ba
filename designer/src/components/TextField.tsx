import type { HTMLInputTypeAttribute } from 'react';

export type Props = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: HTMLInputTypeAttribute;
  autoComplete?: string;
  hint?: string;
  /** What is wrong with the value, in words, shown under the field and read with it. */
  problem?: string | null;
  autoFocus?: boolean;
};

/** A labelled input with its hint and, right under it, what is wrong with it. */
export function TextField({ id, label, value, onChange, type = 'text', autoComplete, hint, problem, autoFocus }: Props) {
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const describedBy = [hint ? hintId : null, problem ? problemId : null].filter(Boolean).join(' ');
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete={autoComplete}
        // biome-ignore lint/a11y/noAutofocus: each sign-in page asks for one thing first; the caller decides which field.
        autoFocus={autoFocus}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint ? (
        <small id={hintId} className="hint">
          {hint}
        </small>
      ) : null}
      {problem ? (
        <p id={problemId} className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
