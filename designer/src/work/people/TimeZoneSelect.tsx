import { FieldError } from './FieldError';

export type Props = { id: string; label: string; value: string; onChange: (timeZone: string) => void; problem: string | null };

/** Every IANA time zone the browser knows, with UTC first (what the api assumes when none is given). */
const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];

/**
 * A person's IANA time zone (Europe/Berlin, Asia/Shanghai) as the api stores it: typed, with the browser's zones
 * suggested. An input with a list rather than a select: the names are identifiers, not words to translate, and a
 * list of 400 is found faster by typing.
 */
export function TimeZoneSelect({ id, label, value, onChange, problem }: Props) {
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        list={`${id}-zones`}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
      />
      <datalist id={`${id}-zones`}>
        {TIME_ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <FieldError id={`${id}-problem`} problem={problem} />
    </div>
  );
}
