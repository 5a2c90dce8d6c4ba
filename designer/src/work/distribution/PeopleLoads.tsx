import { useTranslation } from 'react-i18next';
import { useWorkFormat } from '../shared/format';
import type { PersonLoad } from './people-loads';

export type Props = {
  people: readonly PersonLoad[];
  chosen: ReadonlySet<string>;
  /** Whether people can be chosen (records go to the people chosen) or are only shown (the rules choose). */
  choosing: boolean;
  onToggle: (id: string) => void;
};

/** Each active salesperson with their open records against the capacity; a checkbox each when people are chosen. */
export function PeopleLoads({ people, chosen, choosing, onToggle }: Props) {
  const { t } = useTranslation('distribution');
  const format = useWorkFormat();
  return (
    <fieldset className="people-loads" data-testid="people-loads">
      <legend>{t('people')}</legend>
      <ul>
        {people
          .filter((person) => person.active)
          .map((person) => {
            const load =
              person.max === null
                ? t('openRecords', { open: format.count(person.open) })
                : t('openOfMax', { open: format.count(person.open), max: format.count(person.max) });
            const full = person.max !== null && person.open >= person.max;
            return (
              <li key={person.id} data-testid="person-load" data-user-id={person.id}>
                {choosing ? (
                  <label>
                    <input type="checkbox" checked={chosen.has(person.id)} onChange={() => onToggle(person.id)} />
                    <span className="person-name">{person.name}</span>
                  </label>
                ) : (
                  <span className="person-name">{person.name}</span>
                )}
                <span className="person-load" data-testid="load">
                  {load}
                  {full && <strong className="full"> {t('full')}</strong>}
                </span>
                <meter min={0} max={person.max ?? Math.max(person.open, 1)} value={person.open} aria-label={t('loadOf', { name: person.name })} />
              </li>
            );
          })}
      </ul>
    </fieldset>
  );
}
