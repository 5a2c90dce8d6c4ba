import { useApiQuery } from '../../api/useApiQuery';
import { request, type ResultOf } from '../graphql';
import { type Person, USERS_PAGE } from './people-documents';

/** Everyone in the workspace, deactivated people too, oldest first: every page of `users`. */
async function everyone(): Promise<Person[]> {
  const people: Person[] = [];
  let after: string | null = null;
  for (;;) {
    // Annotated: `after` changes in the loop, so TypeScript cannot infer the answer's type from it.
    const { users }: ResultOf<typeof USERS_PAGE> = await request(USERS_PAGE, { after });
    people.push(...users.edges.map((edge) => edge.node));
    if (!users.pageInfo.hasNextPage) return people;
    after = users.pageInfo.endCursor ?? null;
  }
}

/**
 * The workspace's people for the admin's screens, with `reload` after a change.
 * @example const people = usePeople(); if (people.status === 'done') people.data.map((person) => person.name);
 */
export function usePeople() {
  return useApiQuery(everyone, []);
}
