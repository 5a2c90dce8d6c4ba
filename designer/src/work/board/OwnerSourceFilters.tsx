import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/useApiQuery';
import { allPeople } from '../people/all-people';

async function activePeople(): Promise<{ id: string; name: string }[]> {
  return (await allPeople()).filter((person) => person.active);
}

export interface Props {
  owner: string | null;
  source: string | null;
  /** The values of the definition's `source` field (its enum); no source select when it lists none. */
  sources: readonly string[];
  onChange: (change: { owner?: string | null; source?: string | null }) => void;
}

/**
 * Whose records (one active person, or anyone) and from which source: the board's filters and the Exports page
 * narrow a workflow's records with these same two selects.
 */
export function OwnerSourceFilters({ owner, source, sources, onChange }: Props) {
  const { t } = useTranslation('board');
  const people = useApiQuery(activePeople, []);
  return (
    <>
      <label>
        {t('owner')}
        <select value={owner ?? ''} onChange={(event) => onChange({ owner: event.target.value || null })}>
          <option value="">{t('anyOwner')}</option>
          {people.status === 'done'
            ? people.data.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))
            : null}
        </select>
      </label>
      {sources.length > 0 ? (
        <label>
          {t('source')}
          <select value={source ?? ''} onChange={(event) => onChange({ source: event.target.value || null })}>
            <option value="">{t('anySource')}</option>
            {sources.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </>
  );
}
