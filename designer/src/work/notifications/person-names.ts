import { graphql, type ResultOf, request } from '../graphql';

const PEOPLE = graphql(`
  query PeopleNames($after: String) {
    users(first: 100, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } }
  }
`);

/** The most people the app reads names of: a small firm's team, not a directory. */
const MAX_PAGES = 10;

let names: Promise<Map<string, string>> | null = null;

async function loadNames(): Promise<Map<string, string>> {
  const byId = new Map<string, string>();
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data: ResultOf<typeof PEOPLE> = await request(PEOPLE, { after });
    const users = data.users;
    for (const edge of users.edges) byId.set(edge.node.id, edge.node.name);
    if (!users.pageInfo.hasNextPage) break;
    after = users.pageInfo.endCursor ?? null;
  }
  return byId;
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
