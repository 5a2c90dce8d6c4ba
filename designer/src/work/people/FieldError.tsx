export type Props = { id: string; problem: string | null };

/** What is wrong with one input, under it, announced when it appears; `id` is what the input's aria-describedby names. */
export function FieldError({ id, problem }: Props) {
  if (!problem) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {problem}
    </p>
  );
}
