import { allPeople } from '../people/all-people';

let names: Promise<Map<string, string>> | null = null;

async function loadNames(): Promise<Map<string, string>> {
  return new Map((await allPeople()).map((person) => [person.id, person.name]));
}

/**
 * The tenant's people by id, to name whoever a notification's params name (they hold ids only). Read once per page
 * load; a failed read is asked again next time.
 * @example (await personNames()).get(userId) // → 'Ann Lee'
 */
export function personNames(): Promise<Map<string, string>> {
  if (!names) {
    names = loadNames();
    names.catch(() => {
      names = null;
    });
  }
  return names;
}
