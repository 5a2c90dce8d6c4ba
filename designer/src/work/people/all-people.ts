import { request, type ResultOf } from '../graphql';
import { type Person, USERS_PAGE } from './people-documents';

/**
 * Everyone in the workspace, deactivated people too, oldest first: every page of `users`, so a firm with more people
 * than one page holds is listed whole wherever people are chosen (the dashboard, the board, distribution, names).
 * @example const active = (await allPeople()).filter((person) => person.active);
 */
export async function allPeople(): Promise<Person[]> {
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
