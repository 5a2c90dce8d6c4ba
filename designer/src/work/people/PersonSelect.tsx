import { useTranslation } from 'react-i18next';
import { FieldError } from './FieldError';
import type { Person } from './people-documents';

export type Props = {
  id: string;
  label: string;
  people: readonly Pick<Person, 'id' | 'name'>[];
  value: string | null;
  onChange: (id: string | null) => void;
  problem: string | null;
  /** The first option, meaning nobody; "No manager" unless said. */
  noneLabel?: string;
};

/** Picks one person (a manager, a key's owner) by name, or nobody. */
export function PersonSelect({ id, label, people, value, onChange, problem, noneLabel }: Props) {
  const { t } = useTranslation('people');
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value || null)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
      >
        <option value="">{noneLabel ?? t('noManager')}</option>
        {people.map((person) => (
          <option key={person.id} value={person.id}>
            {person.name}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-problem`} problem={problem} />
    </div>
  );
}
