import { useApiQuery } from '../../api/useApiQuery';
import { allPeople } from './all-people';

/**
 * The workspace's people for the admin's screens, with `reload` after a change.
 * @example const people = usePeople(); if (people.status === 'done') people.data.map((person) => person.name);
 */
export function usePeople() {
  return useApiQuery(allPeople, []);
}
