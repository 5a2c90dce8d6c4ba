export type Props = { id: string; label: string; value: string; onChange: (value: string) => void; problemId?: string | null };

/**
 * A labelled date and time (a `datetime-local` input: a wall clock, which its caller reads in the person's time zone,
 * `fields/zoned-date-time`); `problemId` names what is wrong with it.
 */
export function DateTimeField({ id, label, value, onChange, problemId }: Props) {
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="datetime-local"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problemId ? true : undefined}
        aria-describedby={problemId ?? undefined}
      />
    </div>
  );
}
