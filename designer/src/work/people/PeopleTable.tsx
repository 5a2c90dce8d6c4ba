import { useTranslation } from 'react-i18next';
import { useWorkFormat } from '../shared/format';
import { AdminTable } from './AdminTable';
import type { Person } from './people-documents';
import { roleNames } from './role-options';

export type Props = { people: readonly Person[]; onEdit: (person: Person) => void };

/** Everyone in the workspace: roles, manager, when they are away, whether they may sign in; each row opens its editor. */
export function PeopleTable({ people, onEdit }: Props) {
  const { t } = useTranslation('people');
  const { t: tApp } = useTranslation();
  const format = useWorkFormat();
  const nameOf = new Map(people.map((person) => [person.id, person.name]));
  return (
    <AdminTable
      testId="people-table"
      columns={(['name', 'email', 'roles', 'manager', 'availability', 'status', 'action'] as const).map((column) => t(`columns.${column}`))}
    >
      {people.map((person) => (
        <tr key={person.id} data-testid="person-row" data-person-id={person.id} className={person.active ? undefined : 'inactive'}>
          <th scope="row">{person.name}</th>
          <td>{person.email ? <code className="as-text">{person.email}</code> : '—'}</td>
          <td data-testid="person-roles">{roleNames(person.roles, tApp)}</td>
          <td data-testid="person-manager">{(person.managerId && nameOf.get(person.managerId)) || t('noManager')}</td>
          <td data-testid="person-away">
            {person.availability
              ? t('away', { from: format.dateTime(person.availability.awayFrom), until: format.dateTime(person.availability.awayUntil) })
              : t('present')}
          </td>
          <td data-testid="person-status">
            <span className={`status-badge ${person.status}`}>{t(`status.${person.status}`)}</span>
          </td>
          <td>
            <button type="button" onClick={() => onEdit(person)} data-testid="edit-person">
              {t('edit', { name: person.name })}
            </button>
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}
